-- Rehearsal: an event in rehearsal accepts scans at any time, keeps them apart from every
-- figure and export (scans and stays marked here; admissions counted under a `rehearsal:`
-- scope), and clears them in one action.
ALTER TABLE events ADD COLUMN rehearsal BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE scans ADD COLUMN rehearsal BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE stays ADD COLUMN rehearsal BOOLEAN NOT NULL DEFAULT FALSE;
