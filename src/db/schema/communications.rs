//! Messages to segments: an organiser's text and filter; its mails are outbox rows naming it.

diesel::table! {
    messages (id) {
        id -> Text,
        event_id -> Text,
        subject -> Text,
        body -> Text,
        filter -> Text,
        recipients -> Integer,
        send_key -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}
