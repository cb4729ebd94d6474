ALTER TABLE badge_prints DROP COLUMN layout_version;
ALTER TABLE badge_prints DROP COLUMN layout_id;
ALTER TABLE badges DROP COLUMN layout_version;
ALTER TABLE badges DROP COLUMN layout_id;
DROP TABLE badge_images;
DROP TABLE badge_layouts;
