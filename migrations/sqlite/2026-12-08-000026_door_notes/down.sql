ALTER TABLE scans DROP COLUMN note_acknowledged_by;
ALTER TABLE scans DROP COLUMN note_acknowledged_at;
ALTER TABLE registrations DROP COLUMN door_note;
