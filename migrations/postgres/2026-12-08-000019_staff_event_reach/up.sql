-- Registrars and printers now reach only the events they are given (as security officers
-- already did). Accounts that exist keep what they had: every event there is now.
INSERT INTO staff_events (staff_id, event_id)
SELECT u.id, e.id FROM staff_users u CROSS JOIN events e
WHERE u.role IN ('registrar', 'printer')
  AND NOT EXISTS (SELECT 1 FROM staff_events s WHERE s.staff_id = u.id AND s.event_id = e.id);
