-- A door looks up the registration's current badge when an old one is scanned; the partial
-- unique index (status = 'current') cannot serve a query that binds the status.
CREATE INDEX badges_registration ON badges (registration_id, version);
