-- Credentials: security vetting before a badge works, and custody (who collected which
-- badge version, when, from which desk) where badges work only once handed over.
ALTER TABLE events ADD COLUMN vetting_required BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE events ADD COLUMN issue_required BOOLEAN NOT NULL DEFAULT FALSE;

-- The security office's latest decision on a registration; no row means not vetted yet.
-- The note is for security only: doors and other staff see the outcome, never why.
CREATE TABLE vettings (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    -- 'cleared', 'refused' or 'more_info'
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    vetted_at TIMESTAMP NOT NULL,
    vetted_by TEXT NOT NULL
);

-- One handing-over at a desk: one badge, or a whole delegation's collected by a liaison
-- officer. The custody receipt is printed from it.
CREATE TABLE handovers (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    collected_by TEXT NOT NULL,
    -- collected for someone else (a liaison officer, an assistant)
    on_behalf BOOLEAN NOT NULL,
    desk TEXT NOT NULL,
    handed_over_by TEXT NOT NULL,
    handed_over_at TIMESTAMP NOT NULL
);
CREATE INDEX handovers_event ON handovers (event_id, handed_over_at);

-- Which badge versions went out in which handover (a badge is handed over once).
CREATE TABLE badge_handovers (
    badge_id TEXT PRIMARY KEY NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
    handover_id TEXT NOT NULL REFERENCES handovers (id) ON DELETE CASCADE
);
CREATE INDEX badge_handovers_handover ON badge_handovers (handover_id);

-- The events a security officer works on (other roles work on every event).
CREATE TABLE staff_events (
    staff_id TEXT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, event_id)
);
