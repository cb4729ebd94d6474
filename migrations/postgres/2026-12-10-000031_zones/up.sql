-- Zones and privileges ("VIP lounge" as VIP): printed on badges as codes or coloured tabs, and
-- required by sessions. A zone belongs to the categories listed (ids, space-separated) and to
-- any registration that lists its code in `registrations.zones`.
CREATE TABLE zones (
    event_id TEXT NOT NULL REFERENCES events (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    colour TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    categories TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, code)
);
ALTER TABLE registrations ADD COLUMN zones TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN required_zone TEXT NOT NULL DEFAULT '';
