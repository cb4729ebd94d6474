-- A note for the door on a registration ("escort to the VIP lounge", "wheelchair user"): shown
-- on every station with the answer, which asks to be acknowledged; the acknowledgement is
-- stored with the scan (when, and by whom).
ALTER TABLE registrations ADD COLUMN door_note TEXT NOT NULL DEFAULT '';
ALTER TABLE scans ADD COLUMN note_acknowledged_at TIMESTAMP;
ALTER TABLE scans ADD COLUMN note_acknowledged_by TEXT;
