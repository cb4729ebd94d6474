//! Badge design: layout documents (every version) and the images they draw.

diesel::table! {
    badge_layouts (event_id, layout_id, version) {
        event_id -> Text,
        layout_id -> Text,
        version -> Integer,
        document -> Text,
        created_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::table! {
    badge_images (event_id, name) {
        event_id -> Text,
        name -> Text,
        media_type -> Text,
        bytes -> Binary,
        width -> Integer,
        height -> Integer,
        sha256 -> Text,
        created_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::joinable!(badge_layouts -> super::events (event_id));
diesel::joinable!(badge_images -> super::events (event_id));

diesel::table! {
    print_stations (id) {
        id -> Text,
        event_id -> Text,
        name -> Text,
        paper -> Text,
        offset_x -> Double,
        offset_y -> Double,
        scale -> Double,
        printer_uri -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        printer_unverified -> Bool,
    }
}

diesel::table! {
    print_jobs (id) {
        id -> Text,
        event_id -> Text,
        station_id -> Text,
        state -> Text,
        printer_job_id -> Nullable<Integer>,
        message -> Text,
        channel -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        printer_uri -> Text,
        badge_count -> Integer,
        printer_unverified -> Bool,
    }
}

diesel::table! {
    print_job_badges (job_id, badge_id) {
        job_id -> Text,
        badge_id -> Text,
        layout_id -> Text,
        layout_version -> Integer,
    }
}

diesel::joinable!(print_job_badges -> print_jobs (job_id));
diesel::joinable!(print_job_badges -> super::badges (badge_id));
diesel::joinable!(print_stations -> super::events (event_id));
diesel::joinable!(print_jobs -> print_stations (station_id));

diesel::table! {
    zones (event_id, code) {
        event_id -> Text,
        code -> Text,
        name -> Text,
        colour -> Text,
        position -> Integer,
        categories -> Text,
    }
}
