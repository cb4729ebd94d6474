-- A pending registration holds its places in capped sessions only for a while (the
-- LANYARD_PENDING_HOLD_HOURS setting): then they go back to others, and this says when. It
-- takes them again when approved, if they are still free.
ALTER TABLE registrations ADD COLUMN seats_released_at TIMESTAMP;
