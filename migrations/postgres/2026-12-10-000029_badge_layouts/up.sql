-- Badge layouts as data: every saved version of a layout document (JSON), per event. The
-- newest version of a layout is the one printed; a badge keeps the version it was first
-- printed with (badges.layout_version), so a reprint matches the badge in the delegate's hand.
CREATE TABLE badge_layouts (
    event_id TEXT NOT NULL REFERENCES events (id),
    layout_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (event_id, layout_id, version)
);

-- Logos and emblems a layout draws, stored once per event (PNG).
CREATE TABLE badge_images (
    event_id TEXT NOT NULL REFERENCES events (id),
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (event_id, name)
);

ALTER TABLE badges ADD COLUMN layout_id TEXT;
ALTER TABLE badges ADD COLUMN layout_version INTEGER;
ALTER TABLE badge_prints ADD COLUMN layout_id TEXT;
ALTER TABLE badge_prints ADD COLUMN layout_version INTEGER;
