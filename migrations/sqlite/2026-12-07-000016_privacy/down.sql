DROP TABLE consents;
ALTER TABLE registrations DROP COLUMN erased_at;
ALTER TABLE events DROP COLUMN purged_at;
ALTER TABLE events DROP COLUMN retention_days;
ALTER TABLE events DROP COLUMN privacy_version;
ALTER TABLE events DROP COLUMN privacy_controller;
