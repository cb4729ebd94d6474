-- How long before its start a session's doors open: an organiser's rule per session (it was
-- always 60 minutes).
ALTER TABLE sessions ADD COLUMN doors_open_minutes INTEGER NOT NULL DEFAULT 60;
