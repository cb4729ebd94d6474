-- The delegate's badge link is signed with the server key over the reference, the current
-- badge version and this random nonce: a reissue or a new nonce ("send a new link") voids
-- every older link. The nonce alone opens nothing without the server key.
CREATE TABLE badge_links (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Invitations get a second code, to manage the delegation, mailed to the head of delegation
-- only; the first code only registers under the quota. Existing invitations get a random one.
ALTER TABLE invitations ADD COLUMN manage_code TEXT NOT NULL DEFAULT '';
UPDATE invitations SET manage_code = upper(hex(randomblob(10)));
CREATE UNIQUE INDEX invitations_manage_code ON invitations (manage_code);

-- A photo the delegate sent after approval waits here for staff; the door keeps the accepted
-- one in photos.
CREATE TABLE photo_proposals (
    registration_id TEXT PRIMARY KEY NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    jpeg BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    uploaded_at TIMESTAMP NOT NULL
);

-- When staff accepted a replacement photo after approval (the door mentions a recent change).
ALTER TABLE photos ADD COLUMN accepted_at TIMESTAMP;

-- Device tokens expire (by default a day after their event ends; an admin can renew them), so
-- a tablet lost after the event opens nothing. Other API tokens do not expire.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
UPDATE api_tokens SET expires_at = (SELECT datetime(events.ends_at, '+1 day') FROM events WHERE events.id = api_tokens.event_id)
    WHERE event_id IS NOT NULL;
