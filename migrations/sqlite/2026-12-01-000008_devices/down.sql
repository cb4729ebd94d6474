ALTER TABLE scans DROP COLUMN direction;
DROP INDEX scans_offline;
ALTER TABLE scans DROP COLUMN offline_outcome;
DROP TABLE token_venues;
ALTER TABLE api_tokens DROP COLUMN event_id;
