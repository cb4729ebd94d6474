ALTER TABLE print_jobs DROP COLUMN printer_unverified;
ALTER TABLE print_stations DROP COLUMN printer_unverified;
ALTER TABLE print_jobs ADD COLUMN badges TEXT NOT NULL DEFAULT '[]';
UPDATE print_jobs SET badges = COALESCE((
    SELECT json_agg(json_build_object('badge', badge_id, 'layout', layout_id, 'version', layout_version))::text
    FROM print_job_badges WHERE print_job_badges.job_id = print_jobs.id), '[]');
ALTER TABLE print_jobs DROP COLUMN badge_count, DROP COLUMN printer_uri;
DROP TABLE print_job_badges;
