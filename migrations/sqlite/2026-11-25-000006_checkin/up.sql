-- Door rules per session: single entry (a second scan is "already admitted") or re-entry;
-- open to its categories, or only to the registrations that chose it.
ALTER TABLE sessions ADD COLUMN single_entry BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE sessions ADD COLUMN registered_only BOOLEAN NOT NULL DEFAULT FALSE;

-- Every scan, admitted or not. The nonce comes from the scanning device, so a retried or late
-- upload of the same scan is stored and counted once.
CREATE TABLE scans (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL UNIQUE,
    -- exactly the text of the QR code (or the reference, for a manual admission)
    code TEXT NOT NULL,
    badge_id TEXT REFERENCES badges (id) ON DELETE SET NULL,
    registration_id TEXT REFERENCES registrations (id) ON DELETE SET NULL,
    venue_id TEXT NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions (id) ON DELETE CASCADE,
    -- 'admitted', 'already_admitted', 'refused'
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    manual BOOLEAN NOT NULL DEFAULT FALSE,
    staff TEXT NOT NULL,
    device TEXT NOT NULL DEFAULT '',
    scanned_at TIMESTAMP NOT NULL,
    device_at TIMESTAMP
);
CREATE INDEX scans_event_time ON scans (event_id, scanned_at);
CREATE INDEX scans_registration ON scans (registration_id, scanned_at);

-- Admissions: one row per registration and scope (a session, or a venue as a whole). The
-- unique index is what makes two doors scanning the same badge at once admit it only once.
CREATE TABLE admissions (
    id TEXT PRIMARY KEY NOT NULL,
    scope TEXT NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    venue_id TEXT NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions (id) ON DELETE CASCADE,
    scan_id TEXT NOT NULL,
    admitted_at TIMESTAMP NOT NULL,
    staff TEXT NOT NULL,
    device TEXT NOT NULL DEFAULT '',
    UNIQUE (scope, registration_id)
);
CREATE INDEX admissions_session ON admissions (session_id);

-- Who is where: entering a venue ends the stay at the previous one.
CREATE TABLE stays (
    id TEXT PRIMARY KEY NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    venue_id TEXT NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    entered_at TIMESTAMP NOT NULL,
    left_at TIMESTAMP
);
CREATE UNIQUE INDEX stays_open ON stays (registration_id) WHERE left_at IS NULL;
CREATE INDEX stays_venue ON stays (venue_id, left_at);
