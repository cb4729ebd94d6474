-- Print stations: a desk's printer, its paper and its calibration (offsets in millimetres, a
-- scale), and the IPP printer the server sends its badges to ('' : the desk downloads a PDF).
CREATE TABLE print_stations (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id),
    name TEXT NOT NULL,
    paper TEXT NOT NULL DEFAULT '',
    offset_x REAL NOT NULL DEFAULT 0,
    offset_y REAL NOT NULL DEFAULT 0,
    scale REAL NOT NULL DEFAULT 1,
    printer_uri TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX print_stations_name ON print_stations (event_id, name);

-- Jobs sent to a printer: a badge counts as printed only when the printer says the job is
-- done. 'sending' → 'sent' → 'completed' | 'failed'; the badges (and the layout version each
-- was drawn with) as JSON, to record when it completes.
CREATE TABLE print_jobs (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id),
    station_id TEXT NOT NULL REFERENCES print_stations (id),
    state TEXT NOT NULL,
    printer_job_id INTEGER,
    message TEXT NOT NULL DEFAULT '',
    badges TEXT NOT NULL,
    channel TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX print_jobs_state ON print_jobs (state, updated_at);
CREATE INDEX print_jobs_event ON print_jobs (event_id, created_at);
