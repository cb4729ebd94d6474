-- Invitation codes at rest: `code` and `manage_code` now hold the keyed hashes the codes are
-- found by, and `codes_sealed` both codes sealed with the server's key (the invitation mail
-- and the staff page show them again). The server converts earlier rows at its next start.
ALTER TABLE invitations ADD COLUMN codes_sealed TEXT;
