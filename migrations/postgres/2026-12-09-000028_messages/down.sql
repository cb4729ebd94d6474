ALTER TABLE events DROP COLUMN bilingual_mail;
ALTER TABLE events DROP COLUMN host_locale;
DROP INDEX outbox_status;
DROP INDEX outbox_broadcast_once;
ALTER TABLE outbox DROP COLUMN superseded_by;
ALTER TABLE outbox DROP COLUMN broadcast_id;
DROP TABLE messages;
