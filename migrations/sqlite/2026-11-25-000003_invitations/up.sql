-- Invitations: an embassy or organisation gets a code with a quota of registrations.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- random, unguessable; in the invitation link
    code TEXT NOT NULL UNIQUE,
    organization TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'en',
    quota INTEGER NOT NULL,
    -- registrations made under it and not cancelled; raised by a conditional update
    used INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    CHECK (used <= quota)
);
CREATE INDEX invitations_event ON invitations (event_id, created_at);

ALTER TABLE registrations ADD COLUMN invitation_id TEXT REFERENCES invitations (id);
CREATE INDEX registrations_invitation ON registrations (invitation_id);
ALTER TABLE outbox ADD COLUMN invitation_id TEXT REFERENCES invitations (id) ON DELETE CASCADE;
