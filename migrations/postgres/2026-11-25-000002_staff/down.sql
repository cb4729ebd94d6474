DROP TABLE api_tokens;
DROP TABLE app_settings;
DROP TABLE staff_sessions;
DROP TABLE staff_users;
