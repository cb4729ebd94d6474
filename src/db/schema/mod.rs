//! The portable schema: the same tables on SQLite and PostgreSQL (see `migrations/`).

mod communications;
mod credentials;
mod design;
mod operations;
mod privacy;
pub use communications::messages;
pub use credentials::{badge_handovers, badge_links, handovers, photo_proposals, photos, staff_events, vettings};
pub use design::{badge_images, badge_layouts, print_job_badges, print_jobs, print_stations, zones};
pub use operations::{app_settings, login_throttles, security_events};
pub use privacy::consents;

diesel::table! {
    events (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        description -> Text,
        ref_prefix -> Text,
        time_zone -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        registration_opens_at -> Timestamp,
        registration_closes_at -> Timestamp,
        approval_required -> Bool,
        invitation_only -> Bool,
        default_locale -> Text,
        contact_email -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        badge_layout -> Text,
        vetting_required -> Bool,
        issue_required -> Bool,
        privacy_controller -> Text,
        privacy_version -> Integer,
        retention_days -> Integer,
        purged_at -> Nullable<Timestamp>,
        rehearsal -> Bool,
        host_locale -> Text,
        bilingual_mail -> Bool,
    }
}

diesel::table! {
    venues (id) {
        id -> Text,
        event_id -> Text,
        name -> Text,
        address -> Text,
        position -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    categories (id) {
        id -> Text,
        event_id -> Text,
        name -> Text,
        badge_colour -> Text,
        position -> Integer,
        self_register -> Bool,
        created_at -> Timestamp,
        badge_layout -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        event_id -> Text,
        venue_id -> Text,
        title -> Text,
        description -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        capacity -> Nullable<Integer>,
        seats_taken -> Integer,
        created_at -> Timestamp,
        single_entry -> Bool,
        registered_only -> Bool,
        doors_open_minutes -> Integer,
        delegation_quota -> Nullable<Integer>,
        exit_scanning -> Bool,
        /// A zone code the session requires ('' for none).
        required_zone -> Text,
    }
}

diesel::table! {
    session_categories (session_id, category_id) {
        session_id -> Text,
        category_id -> Text,
    }
}

diesel::table! {
    translations (owner_id, field, locale) {
        owner_id -> Text,
        field -> Text,
        locale -> Text,
        value -> Text,
    }
}

diesel::table! {
    registrations (id) {
        id -> Text,
        event_id -> Text,
        reference -> Text,
        honorific -> Text,
        given_name -> Text,
        family_name -> Text,
        native_name -> Text,
        badge_name -> Text,
        email -> Text,
        email_lower -> Text,
        phone -> Text,
        country -> Text,
        organization -> Text,
        position -> Text,
        category_id -> Text,
        dietary -> Text,
        accessibility -> Text,
        locale -> Text,
        status -> Text,
        status_reason -> Text,
        source -> Text,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        invitation_id -> Nullable<Text>,
        precedence -> Nullable<Integer>,
        /// Set when the person was erased (by request or by the retention purge): the row
        /// stays, without personal data, so attendance figures keep their counts.
        erased_at -> Nullable<Timestamp>,
        seats_released_at -> Nullable<Timestamp>,
        precedence_class -> Nullable<Text>,
        credentials_presented_at -> Nullable<Timestamp>,
        door_note -> Text,
        /// The registration's own zone codes, space-separated (its category's come on top).
        zones -> Text,
    }
}

diesel::table! {
    registration_sessions (registration_id, session_id) {
        registration_id -> Text,
        session_id -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        kind -> Text,
        registration_id -> Nullable<Text>,
        recipient -> Text,
        locale -> Text,
        message_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_at -> Nullable<Timestamp>,
        claim_token -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        invitation_id -> Nullable<Text>,
        broadcast_id -> Nullable<Text>,
        superseded_by -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        event_id -> Nullable<Text>,
        actor -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        before_value -> Nullable<Text>,
        after_value -> Nullable<Text>,
    }
}

diesel::table! {
    staff_users (id) {
        id -> Text,
        email -> Text,
        email_lower -> Text,
        name -> Text,
        role -> Text,
        password_hash -> Text,
        totp_secret -> Nullable<Text>,
        totp_last_step -> Nullable<BigInt>,
        active -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    staff_sessions (id) {
        id -> Text,
        staff_id -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        token_hash -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        event_id -> Nullable<Text>,
        expires_at -> Nullable<Timestamp>,
        pin_verifier -> Nullable<Text>,
    }
}

diesel::table! {
    token_venues (token_id, venue_id) {
        token_id -> Text,
        venue_id -> Text,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        event_id -> Text,
        /// The keyed hash of the registration code, not the code.
        #[sql_name = "code"]
        code_hash -> Text,
        organization -> Text,
        country -> Text,
        contact_name -> Text,
        contact_email -> Text,
        locale -> Text,
        quota -> Integer,
        used -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        /// The keyed hash of the management code, not the code.
        #[sql_name = "manage_code"]
        manage_hash -> Text,
        codes_sealed -> Nullable<Text>,
    }
}

diesel::table! {
    staff_venues (staff_id, venue_id) {
        staff_id -> Text,
        venue_id -> Text,
    }
}

diesel::table! {
    badges (id) {
        id -> Text,
        event_id -> Text,
        registration_id -> Text,
        /// The keyed hash of the badge's code (`secrets::Keys::lookup`), not the code.
        #[sql_name = "code"]
        code_hash -> Text,
        version -> Integer,
        status -> Text,
        issue_reason -> Text,
        issued_by -> Text,
        issued_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<Text>,
        print_count -> Integer,
        first_printed_at -> Nullable<Timestamp>,
        last_printed_at -> Nullable<Timestamp>,
        last_printed_by -> Nullable<Text>,
        code_sealed -> Nullable<Text>,
        layout_id -> Nullable<Text>,
        layout_version -> Nullable<Integer>,
    }
}

diesel::table! {
    badge_prints (id) {
        id -> Text,
        badge_id -> Text,
        printed_at -> Timestamp,
        printed_by -> Text,
        channel -> Text,
        layout_id -> Nullable<Text>,
        layout_version -> Nullable<Integer>,
    }
}

diesel::table! {
    scans (id) {
        id -> Text,
        event_id -> Text,
        nonce -> Text,
        code -> Text,
        badge_id -> Nullable<Text>,
        registration_id -> Nullable<Text>,
        venue_id -> Text,
        session_id -> Nullable<Text>,
        outcome -> Text,
        reason -> Text,
        manual -> Bool,
        staff -> Text,
        device -> Text,
        scanned_at -> Timestamp,
        device_at -> Nullable<Timestamp>,
        offline_outcome -> Nullable<Text>,
        direction -> Text,
        rehearsal -> Bool,
        note_acknowledged_at -> Nullable<Timestamp>,
        note_acknowledged_by -> Nullable<Text>,
    }
}

diesel::table! {
    admissions (id) {
        id -> Text,
        scope -> Text,
        registration_id -> Text,
        venue_id -> Text,
        session_id -> Nullable<Text>,
        scan_id -> Text,
        admitted_at -> Timestamp,
        staff -> Text,
        device -> Text,
    }
}

diesel::table! {
    admission_counts (scope) {
        scope -> Text,
        admitted -> Integer,
    }
}

diesel::table! {
    stays (id) {
        id -> Text,
        registration_id -> Text,
        venue_id -> Text,
        entered_at -> Timestamp,
        left_at -> Nullable<Timestamp>,
        session_id -> Nullable<Text>,
        rehearsal -> Bool,
    }
}

diesel::table! {
    watches (registration_id, staff_id) {
        registration_id -> Text,
        staff_id -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(watches -> registrations (registration_id));
diesel::joinable!(badges -> registrations (registration_id));
diesel::joinable!(stays -> venues (venue_id));
diesel::joinable!(stays -> registrations (registration_id));
diesel::joinable!(scans -> registrations (registration_id));
diesel::joinable!(admissions -> registrations (registration_id));
diesel::joinable!(badge_prints -> badges (badge_id));
diesel::joinable!(photos -> registrations (registration_id));
diesel::joinable!(venues -> events (event_id));
diesel::joinable!(categories -> events (event_id));
diesel::joinable!(sessions -> events (event_id));
diesel::joinable!(sessions -> venues (venue_id));
diesel::joinable!(session_categories -> sessions (session_id));
diesel::joinable!(session_categories -> categories (category_id));
diesel::joinable!(registrations -> events (event_id));
diesel::joinable!(registrations -> categories (category_id));
diesel::joinable!(registration_sessions -> registrations (registration_id));
diesel::joinable!(registration_sessions -> sessions (session_id));
diesel::joinable!(outbox -> registrations (registration_id));
diesel::joinable!(invitations -> events (event_id));
diesel::joinable!(staff_sessions -> staff_users (staff_id));
diesel::joinable!(staff_venues -> staff_users (staff_id));
diesel::joinable!(staff_venues -> venues (venue_id));

diesel::allow_tables_to_appear_in_same_query!(
    badge_layouts,
    badge_images,
    print_stations,
    print_jobs,
    print_job_badges,
    zones,
    messages,
    watches,
    events,
    venues,
    categories,
    sessions,
    session_categories,
    translations,
    registrations,
    registration_sessions,
    outbox,
    audit_log,
    staff_users,
    staff_sessions,
    app_settings,
    api_tokens,
    token_venues,
    invitations,
    staff_venues,
    vettings,
    badge_links,
    photo_proposals,
    handovers,
    badge_handovers,
    staff_events,
    consents,
    badges,
    badge_prints,
    photos,
    scans,
    admissions,
    admission_counts,
    stays,
);
