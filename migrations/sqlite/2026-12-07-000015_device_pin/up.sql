-- A door device's optional PIN, which locks a station left unattended. The device checks it
-- itself (offline too), so it and this table keep a PBKDF2 verifier, never the PIN.
ALTER TABLE api_tokens ADD COLUMN pin_verifier TEXT;
