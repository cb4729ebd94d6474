-- How many are admitted per session (or venue, as `venue:{id}`): raised in the transaction that
-- admits, so the door reads one row instead of counting them all at every scan.
CREATE TABLE admission_counts (
    scope TEXT PRIMARY KEY NOT NULL,
    admitted INTEGER NOT NULL
);
INSERT INTO admission_counts (scope, admitted) SELECT scope, COUNT(*) FROM admissions GROUP BY scope;
