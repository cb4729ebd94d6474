DROP INDEX stays_session;
ALTER TABLE stays DROP COLUMN session_id;
ALTER TABLE sessions DROP COLUMN exit_scanning;
ALTER TABLE sessions DROP COLUMN delegation_quota;
