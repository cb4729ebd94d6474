ALTER TABLE badges DROP COLUMN code_sealed;
