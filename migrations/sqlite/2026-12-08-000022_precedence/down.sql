ALTER TABLE registrations DROP COLUMN credentials_presented_at;
ALTER TABLE registrations DROP COLUMN precedence_class;
