DELETE FROM staff_events WHERE staff_id IN (SELECT id FROM staff_users WHERE role IN ('registrar', 'printer'));
