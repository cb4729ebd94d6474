ALTER TABLE api_tokens DROP COLUMN expires_at;
ALTER TABLE photos DROP COLUMN accepted_at;
DROP TABLE photo_proposals;
DROP INDEX invitations_manage_code;
ALTER TABLE invitations DROP COLUMN manage_code;
DROP TABLE badge_links;
