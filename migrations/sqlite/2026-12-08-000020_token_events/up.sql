-- API tokens now work on one event (only admin tokens may reach every event). Tokens made
-- before, where there is a single event, are given it; elsewhere an admin makes new ones.
UPDATE api_tokens SET event_id = (SELECT id FROM events)
WHERE event_id IS NULL AND role <> 'admin' AND (SELECT COUNT(*) FROM events) = 1;
