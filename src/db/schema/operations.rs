//! Operations: the instance's own settings, failed logins per account and client address, and
//! the security log.

use super::staff_users;

diesel::table! {
    app_settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    login_throttles (staff_id, address) {
        staff_id -> Text,
        address -> Text,
        failed -> Integer,
        locked_until -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    security_events (id) {
        id -> Text,
        at -> Timestamp,
        kind -> Text,
        actor -> Text,
        address -> Text,
        detail -> Text,
    }
}

diesel::joinable!(login_throttles -> staff_users (staff_id));
