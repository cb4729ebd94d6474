DROP INDEX badges_registration;
