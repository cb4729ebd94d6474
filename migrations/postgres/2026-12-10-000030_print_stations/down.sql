DROP TABLE print_jobs;
DROP TABLE print_stations;
