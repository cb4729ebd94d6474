//! Privacy: each registration's lawful basis (consent to a version of the event's notice, or
//! the basis staff recorded).

use super::registrations;

diesel::table! {
    consents (registration_id) {
        registration_id -> Text,
        basis -> Text,
        notice_version -> Nullable<Integer>,
        consented_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(consents -> registrations (registration_id));
