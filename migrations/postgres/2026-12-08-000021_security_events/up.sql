-- The security log: logins, failures and locks, CSRF rejections, refusals, API token use and
-- data exports, with the account or token and the client address. Kept 180 days.
CREATE TABLE security_events (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    address TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX security_events_at ON security_events (at);
