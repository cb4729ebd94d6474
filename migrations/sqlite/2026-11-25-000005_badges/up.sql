-- Badges: one current badge per approved registration. Reissuing (lost badge, corrected name)
-- revokes the old code and issues a new one with the next version number.
CREATE TABLE badges (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    -- random (131 bits), exactly the text of the QR code; reveals nothing about the delegate
    code TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    -- 'current' or 'revoked'
    status TEXT NOT NULL,
    issue_reason TEXT NOT NULL DEFAULT '',
    issued_by TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by TEXT,
    print_count INTEGER NOT NULL DEFAULT 0,
    first_printed_at TIMESTAMP,
    last_printed_at TIMESTAMP,
    last_printed_by TEXT,
    UNIQUE (registration_id, version)
);
CREATE UNIQUE INDEX badges_one_current ON badges (registration_id) WHERE status = 'current';
CREATE INDEX badges_event ON badges (event_id, status);

-- Every printing of a badge: when, by whom, from where (desk, batch, api, cli).
CREATE TABLE badge_prints (
    id TEXT PRIMARY KEY NOT NULL,
    badge_id TEXT NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
    printed_at TIMESTAMP NOT NULL,
    printed_by TEXT NOT NULL,
    channel TEXT NOT NULL
);
CREATE INDEX badge_prints_badge ON badge_prints (badge_id, printed_at);

-- Delegate photos, re-encoded as baseline JPEG at badge size (metadata stripped). In the
-- database so every instance behind a load balancer sees them.
CREATE TABLE photos (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    jpeg BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The paper a badge prints on: per event, and optionally per category.
ALTER TABLE events ADD COLUMN badge_layout TEXT NOT NULL DEFAULT 'a6';
ALTER TABLE categories ADD COLUMN badge_layout TEXT;
-- Order of precedence among heads of mission (date of credentials): 1 first; empty for others.
ALTER TABLE registrations ADD COLUMN precedence INTEGER;
