-- Privacy: the event's notice (its organiser text per language lives in `translations`, field
-- `privacy_notice`), its version, how long personal data is kept after the event, and when the
-- event was purged; each registration's lawful basis (consent to a notice version, or the basis
-- staff record for desk entries and imports); erased registrations stay as rows without a
-- person, so attendance figures keep their counts.
ALTER TABLE events ADD COLUMN privacy_controller TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN privacy_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90;
ALTER TABLE events ADD COLUMN purged_at TIMESTAMP;
ALTER TABLE registrations ADD COLUMN erased_at TIMESTAMP;
CREATE TABLE consents (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    basis TEXT NOT NULL,
    notice_version INTEGER,
    consented_at TIMESTAMP
);
