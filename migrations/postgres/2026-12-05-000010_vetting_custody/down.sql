DROP TABLE staff_events;
DROP TABLE badge_handovers;
DROP TABLE handovers;
DROP TABLE vettings;
ALTER TABLE events DROP COLUMN issue_required;
ALTER TABLE events DROP COLUMN vetting_required;
