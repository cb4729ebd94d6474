ALTER TABLE api_tokens DROP COLUMN pin_verifier;
