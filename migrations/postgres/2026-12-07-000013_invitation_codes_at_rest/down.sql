ALTER TABLE invitations DROP COLUMN codes_sealed;
