ALTER TABLE registrations DROP COLUMN precedence;
ALTER TABLE categories DROP COLUMN badge_layout;
ALTER TABLE events DROP COLUMN badge_layout;
DROP TABLE photos;
DROP TABLE badge_prints;
DROP TABLE badges;
