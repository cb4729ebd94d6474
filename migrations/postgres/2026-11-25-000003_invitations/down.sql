ALTER TABLE outbox DROP COLUMN invitation_id;
DROP INDEX registrations_invitation;
ALTER TABLE registrations DROP COLUMN invitation_id;
DROP TABLE invitations;
