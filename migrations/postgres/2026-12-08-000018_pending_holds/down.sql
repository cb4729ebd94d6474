ALTER TABLE registrations DROP COLUMN seats_released_at;
