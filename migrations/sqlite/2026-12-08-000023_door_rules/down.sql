ALTER TABLE sessions DROP COLUMN doors_open_minutes;
