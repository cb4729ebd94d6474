ALTER TABLE sessions DROP COLUMN required_zone;
ALTER TABLE registrations DROP COLUMN zones;
DROP TABLE zones;
