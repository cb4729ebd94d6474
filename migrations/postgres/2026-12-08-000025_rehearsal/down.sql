ALTER TABLE stays DROP COLUMN rehearsal;
ALTER TABLE scans DROP COLUMN rehearsal;
ALTER TABLE events DROP COLUMN rehearsal;
