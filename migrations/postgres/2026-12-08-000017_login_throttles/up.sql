-- Failed logins are counted per account and client address, and a lock holds that pair only:
-- someone guessing from elsewhere cannot lock a staff member out of their own desk.
CREATE TABLE login_throttles (
    staff_id TEXT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    failed INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (staff_id, address)
);
