-- A small copy of each photo (72 × 96 px JPEG) that paired door devices receive sealed with
-- the delegate's record, so a door checks a face online or offline. Made when the photo is
-- stored; photos of earlier versions get theirs at the first sync that needs it.
ALTER TABLE photos ADD COLUMN thumb BYTEA;
