-- Messages to segments: an organiser's text (per language, as JSON objects locale → text)
-- sent through the outbox to every registration a filter chose, once each. `send_key`
-- makes sending the same form (or API request) twice send nothing twice.
CREATE TABLE messages (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    filter TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    send_key TEXT,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX messages_send_key ON messages (event_id, send_key);
CREATE INDEX messages_event ON messages (event_id, created_at);

-- A message's mails; and resends: the resent row points to the row that replaces it, so
-- counts and "once each" look at the newest attempt only.
ALTER TABLE outbox ADD COLUMN broadcast_id TEXT REFERENCES messages (id);
ALTER TABLE outbox ADD COLUMN superseded_by TEXT;
CREATE UNIQUE INDEX outbox_broadcast_once ON outbox (broadcast_id, registration_id) WHERE superseded_by IS NULL;
CREATE INDEX outbox_status ON outbox (status, created_at);

-- Bilingual mail: the host's language below the delegate's (empty: none).
ALTER TABLE events ADD COLUMN host_locale TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN bilingual_mail BOOLEAN NOT NULL DEFAULT TRUE;
