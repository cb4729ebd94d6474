//! The credential's tables: security vetting, handovers of badges, the events a security
//! officer is given, the delegate's badge link, photos waiting for staff.

use super::{badges, events, registrations, staff_users};

diesel::table! {
    vettings (registration_id) {
        registration_id -> Text,
        status -> Text,
        note -> Text,
        vetted_at -> Timestamp,
        vetted_by -> Text,
    }
}

diesel::table! {
    handovers (id) {
        id -> Text,
        event_id -> Text,
        collected_by -> Text,
        on_behalf -> Bool,
        desk -> Text,
        handed_over_by -> Text,
        handed_over_at -> Timestamp,
    }
}

diesel::table! {
    badge_handovers (badge_id) {
        badge_id -> Text,
        handover_id -> Text,
    }
}

diesel::table! {
    staff_events (staff_id, event_id) {
        staff_id -> Text,
        event_id -> Text,
    }
}

diesel::table! {
    badge_links (registration_id) {
        registration_id -> Text,
        nonce -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    photos (registration_id) {
        registration_id -> Text,
        jpeg -> Binary,
        width -> Integer,
        height -> Integer,
        uploaded_by -> Text,
        updated_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        thumb -> Nullable<Binary>,
    }
}

diesel::table! {
    photo_proposals (registration_id) {
        registration_id -> Text,
        jpeg -> Binary,
        width -> Integer,
        height -> Integer,
        uploaded_at -> Timestamp,
    }
}

diesel::joinable!(badge_links -> registrations (registration_id));
diesel::joinable!(photo_proposals -> registrations (registration_id));
diesel::joinable!(vettings -> registrations (registration_id));
diesel::joinable!(badge_handovers -> badges (badge_id));
diesel::joinable!(badge_handovers -> handovers (handover_id));
diesel::joinable!(handovers -> events (event_id));
diesel::joinable!(staff_events -> staff_users (staff_id));
diesel::joinable!(staff_events -> events (event_id));
