-- PostgreSQL drops the foreign keys of scans, admissions and stays here (see its migration);
-- SQLite keeps them: they cost it little, and it cannot drop one without rebuilding the table.
SELECT 1;
