-- Lanyard's core model. Ids are text generated in Rust (UUIDv7); times are UTC.
CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    ref_prefix TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    registration_opens_at TIMESTAMP NOT NULL,
    registration_closes_at TIMESTAMP NOT NULL,
    approval_required BOOLEAN NOT NULL DEFAULT FALSE,
    invitation_only BOOLEAN NOT NULL DEFAULT FALSE,
    default_locale TEXT NOT NULL DEFAULT 'en',
    contact_email TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE venues (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX venues_event ON venues (event_id, position);

CREATE TABLE categories (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    badge_colour TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    self_register BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (event_id, name)
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    venue_id TEXT NOT NULL REFERENCES venues (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    capacity INTEGER,
    seats_taken INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (capacity IS NULL OR seats_taken <= capacity)
);
CREATE INDEX sessions_event ON sessions (event_id, starts_at);

-- Which categories may attend a session; a session without rows here is open to all.
CREATE TABLE session_categories (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, category_id)
);

-- Organiser-written text (event, venue, session and category names) in other languages.
CREATE TABLE translations (
    owner_id TEXT NOT NULL,
    field TEXT NOT NULL,
    locale TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (owner_id, field, locale)
);

CREATE TABLE registrations (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id),
    reference TEXT NOT NULL UNIQUE,
    honorific TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL DEFAULT '',
    native_name TEXT NOT NULL DEFAULT '',
    badge_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL,
    email_lower TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL,
    organization TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    category_id TEXT NOT NULL REFERENCES categories (id),
    dietary TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL,
    status TEXT NOT NULL,
    -- Why staff rejected or cancelled it, shown to the delegate.
    status_reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    -- Lower-cased names (all scripts), email, reference and organization, kept by Lanyard so
    -- staff search is the same substring match on both backends.
    search_text TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One registration per email per event: settles double submissions without a read-then-write.
CREATE UNIQUE INDEX registrations_event_email ON registrations (event_id, email_lower);
CREATE INDEX registrations_event_created ON registrations (event_id, created_at);
CREATE INDEX registrations_event_status ON registrations (event_id, status);

CREATE TABLE registration_sessions (
    registration_id TEXT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    PRIMARY KEY (registration_id, session_id)
);
CREATE INDEX registration_sessions_session ON registration_sessions (session_id);

-- Outgoing mail, written in the same transaction as the change that causes it.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    registration_id TEXT REFERENCES registrations (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    locale TEXT NOT NULL,
    message_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_at TIMESTAMP,
    claim_token TEXT,
    sent_at TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_registration ON outbox (registration_id);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    event_id TEXT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_value TEXT,
    after_value TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_event ON audit_log (event_id, at);
