-- Scanning devices: API tokens of the door role bound to one event and some of its venues,
-- paired by showing their secret to a phone as a QR code.
ALTER TABLE api_tokens ADD COLUMN event_id TEXT REFERENCES events (id) ON DELETE CASCADE;
CREATE TABLE token_venues (
    token_id TEXT NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    venue_id TEXT NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    PRIMARY KEY (token_id, venue_id)
);
CREATE INDEX token_venues_venue ON token_venues (venue_id);

-- A scan decided by a device while it was offline, uploaded later: what the device showed
-- then. When the server decides otherwise (another door admitted the badge first, or it was
-- revoked meanwhile) the scan is a clash, reported to the organisers.
ALTER TABLE scans ADD COLUMN offline_outcome TEXT;
CREATE INDEX scans_offline ON scans (event_id, offline_outcome);

-- Exit scanning: a scan at a venue's exit ends the delegate's stay there.
ALTER TABLE scans ADD COLUMN direction TEXT NOT NULL DEFAULT 'in';
