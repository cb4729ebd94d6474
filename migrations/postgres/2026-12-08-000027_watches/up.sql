-- The watch list: a registration watched for a staff member, who is alerted (dashboard and
-- `GET …/alerts`) when the delegate is admitted anywhere. Alerts are the admitted scans of
-- watched registrations: no copy is kept, so every instance sees the same.
CREATE TABLE watches (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    staff_id TEXT NOT NULL REFERENCES staff_users (id),
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (registration_id, staff_id)
);
CREATE INDEX watches_staff ON watches (staff_id);
