-- A print job names its badges in rows of their own (a registration's jobs are found by index,
-- and erasing a badge takes its lines with it), keeps the printer address it was sent to (a
-- station edited while the job runs does not redirect the follower), and its badge count. A
-- station (and its jobs) may accept an ipps printer's own, self-signed certificate.
CREATE TABLE print_job_badges (
    job_id TEXT NOT NULL REFERENCES print_jobs (id) ON DELETE CASCADE,
    badge_id TEXT NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
    layout_id TEXT NOT NULL,
    layout_version INTEGER NOT NULL,
    PRIMARY KEY (job_id, badge_id)
);
CREATE INDEX print_job_badges_badge ON print_job_badges (badge_id);
INSERT INTO print_job_badges (job_id, badge_id, layout_id, layout_version)
SELECT print_jobs.id, item ->> 'badge', item ->> 'layout', (item ->> 'version')::integer
FROM print_jobs, jsonb_array_elements(print_jobs.badges::jsonb) AS item
WHERE item ->> 'badge' IN (SELECT id FROM badges)
ON CONFLICT DO NOTHING;
ALTER TABLE print_jobs ADD COLUMN printer_uri TEXT NOT NULL DEFAULT '',
    ADD COLUMN badge_count INTEGER NOT NULL DEFAULT 0;
UPDATE print_jobs
SET printer_uri = print_stations.printer_uri, badge_count = jsonb_array_length(print_jobs.badges::jsonb)
FROM print_stations WHERE print_stations.id = print_jobs.station_id;
ALTER TABLE print_jobs DROP COLUMN badges;
ALTER TABLE print_stations ADD COLUMN printer_unverified BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE print_jobs ADD COLUMN printer_unverified BOOLEAN NOT NULL DEFAULT false;
