-- Delegation seats and exits per session. `delegation_quota`: how many of one delegation may
-- be inside the session at once (none: no limit). `exit_scanning`: whether the session's door
-- scans people out (off: an exit scan there is refused, and nobody leaves it but by entering
-- elsewhere). A stay now names the session it is in, so "inside now" is exact per session
-- when sessions at one venue overlap.
ALTER TABLE sessions ADD COLUMN delegation_quota INTEGER;
ALTER TABLE sessions ADD COLUMN exit_scanning BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE stays ADD COLUMN session_id TEXT;
CREATE INDEX stays_session ON stays (session_id, left_at);
