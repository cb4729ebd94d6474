DROP TABLE admission_counts;
