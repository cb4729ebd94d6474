DROP TABLE stays;
DROP TABLE admissions;
DROP TABLE scans;
ALTER TABLE sessions DROP COLUMN registered_only;
ALTER TABLE sessions DROP COLUMN single_entry;
