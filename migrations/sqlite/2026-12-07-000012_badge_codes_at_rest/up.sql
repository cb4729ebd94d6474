-- Badge codes at rest: `code` now holds the keyed hash a scanned code is found by (HMAC with
-- the server key; unique, as the codes are), and `code_sealed` the code itself, sealed with
-- AES-256-GCM under a key derived from the server key, so a badge can be printed again. The
-- server converts the rows of earlier versions at its next start (it alone has the key); until
-- then `code_sealed` is NULL and `code` holds the code in clear.
ALTER TABLE badges ADD COLUMN code_sealed TEXT;
