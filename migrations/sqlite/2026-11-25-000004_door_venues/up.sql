-- The venues a door account may scan at (admins may scan anywhere).
CREATE TABLE staff_venues (
    staff_id TEXT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    venue_id TEXT NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, venue_id)
);
CREATE INDEX staff_venues_venue ON staff_venues (venue_id);
