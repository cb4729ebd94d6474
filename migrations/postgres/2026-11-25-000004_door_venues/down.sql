DROP TABLE staff_venues;
