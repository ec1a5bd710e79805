//! The one diesel schema, over types both backends share (text ids, `BigInt`, UTC `Timestamp`).

diesel::table! {
    units (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        full_name -> Text,
        name_folded -> Text,
        level -> Text,
        kind -> Text,
        parent_code -> Nullable<Text>,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reorganizations (id) {
        id -> Text,
        kind -> Text,
        effective_on -> Date,
        title -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    unit_links (predecessor_id, successor_id) {
        predecessor_id -> Text,
        successor_id -> Text,
        succession -> Text,
        reorganization_id -> Text,
    }
}

diesel::table! {
    offices (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        name_folded -> Text,
        unit_id -> Text,
        kind -> Text,
        opened_on -> Nullable<Date>,
        closed_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        address -> Nullable<Text>,
        hours -> Nullable<Text>,
    }
}

diesel::table! {
    office_codes (code) {
        code -> Text,
        office_id -> Text,
        valid_from -> Nullable<Date>,
        valid_to -> Nullable<Date>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        office_id -> Nullable<Text>,
        unit_id -> Nullable<Text>,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        password_change_required -> Bool,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        idle_minutes -> Nullable<BigInt>,
        last_seen_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    throttle_hits (id) {
        id -> BigInt,
        bucket -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (scope, key) {
        scope -> Text,
        key -> Text,
        request_hash -> Text,
        status_code -> Integer,
        response_body -> Text,
        location -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(offices -> units (unit_id));
diesel::joinable!(office_codes -> offices (office_id));
diesel::joinable!(unit_links -> reorganizations (reorganization_id));
diesel::joinable!(office_procedures -> offices (office_id));
diesel::joinable!(office_procedures -> procedures (procedure_code));
diesel::joinable!(sessions -> users (user_id));

diesel::table! {
    fields (code) {
        code -> Text,
        name -> Text,
        name_folded -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    procedures (code) {
        code -> Text,
        latest_version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    procedure_versions (procedure_code, version_no) {
        procedure_code -> Text,
        version_no -> Integer,
        effective_from -> Date,
        effective_to -> Nullable<Date>,
        name -> Text,
        name_folded -> Text,
        field_code -> Text,
        tiers -> Text,
        channels -> Text,
        time_amount -> Nullable<Double>,
        time_unit -> Nullable<Text>,
        legacy_level -> Nullable<Integer>,
        online_level -> Nullable<Text>,
        published -> Bool,
        content_hash -> Text,
        details -> Text,
        supplement_rule -> Text,
        time_status -> Text,
    }
}

diesel::joinable!(procedure_versions -> procedures (procedure_code));
diesel::joinable!(procedure_versions -> fields (field_code));
diesel::table! {
    office_procedures (office_id, procedure_code) {
        office_id -> Text,
        procedure_code -> Text,
        available_from -> Date,
        available_to -> Nullable<Date>,
        online_level -> Nullable<Text>,
        legacy_level -> Nullable<Integer>,
        posted -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    units,
    reorganizations,
    unit_links,
    office_codes,
    office_procedures,
    offices,
    users,
    sessions,
    fields,
    procedures,
    procedure_versions,
    applications,
    application_events,
    application_sequences,
    ratings,
    throttle_hits
);

diesel::table! {
    catalog_generation (id) {
        id -> Integer,
        generation -> BigInt,
    }
}
diesel::table! {
    applications (id) {
        id -> BigInt,
        code -> Text,
        receiving_office_id -> Text,
        handling_office_id -> Text,
        unit_id -> Text,
        procedure_code -> Text,
        procedure_version -> Integer,
        field_code -> Text,
        channel -> Text,
        status -> Integer,
        applicant_name -> Text,
        applicant_folded -> Text,
        id_kind -> Text,
        id_number -> Text,
        details -> Text,
        pin_nonce -> Text,
        limit_amount -> Nullable<BigInt>,
        limit_unit -> Nullable<Text>,
        supplement_rule -> Text,
        clock -> Text,
        timeline -> Text,
        submitted_at -> Timestamp,
        received_at -> Nullable<Timestamp>,
        due_at -> Nullable<Timestamp>,
        promised_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
        delivery -> Nullable<Text>,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}
diesel::table! {
    application_events (id) {
        id -> BigInt,
        application_id -> BigInt,
        seq -> Integer,
        action -> Text,
        from_status -> Nullable<Integer>,
        to_status -> Integer,
        actor_id -> Nullable<Text>,
        actor_role -> Text,
        office_id -> Nullable<Text>,
        at -> Timestamp,
        note -> Nullable<Text>,
        payload -> Text,
    }
}
diesel::table! {
    application_sequences (office_id, day) {
        office_id -> Text,
        day -> Date,
        last_value -> Integer,
    }
}
diesel::table! {
    ratings (application_id) {
        application_id -> BigInt,
        overall -> Integer,
        attitude -> Nullable<Integer>,
        timeliness -> Nullable<Integer>,
        contacts -> Nullable<Integer>,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
    }
}
diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
        updated_at -> Timestamp,
    }
}
diesel::table! {
    calendar_years (year) {
        year -> Integer,
        provisional -> Bool,
        updated_at -> Timestamp,
    }
}
diesel::table! {
    calendar_generation (id) {
        id -> Integer,
        generation -> BigInt,
    }
}
diesel::joinable!(application_events -> applications (application_id));
diesel::joinable!(ratings -> applications (application_id));
diesel::table! {
    report_tallies (span, unit_id, starts_on, office_id, field_code) {
        span -> Text,
        unit_id -> Text,
        starts_on -> Date,
        office_id -> Text,
        field_code -> Text,
        new_online -> BigInt,
        new_in_person -> BigInt,
        resolved_early -> BigInt,
        resolved_on_time -> BigInt,
        resolved_late -> BigInt,
        withdrawn -> BigInt,
        stopped -> BigInt,
        refused -> BigInt,
        open -> BigInt,
        overdue -> BigInt,
        resolution_minutes -> BigInt,
        rated -> BigInt,
        satisfied -> BigInt,
        resolved_no_deadline -> BigInt,
        open_no_deadline -> BigInt,
        withdrawn_before_reception -> BigInt,
        stopped_before_reception -> BigInt,
    }
}
diesel::table! {
    report_state (id) {
        id -> Integer,
        tallies_built -> Bool,
    }
}
diesel::table! {
    file_contents (sha256) {
        sha256 -> Text,
        size -> BigInt,
        storage -> Text,
        content -> Nullable<Binary>,
        created_at -> Timestamp,
    }
}
diesel::table! {
    application_files (id) {
        id -> Text,
        application_id -> BigInt,
        purpose -> Text,
        document_index -> Nullable<Integer>,
        label -> Text,
        filename -> Text,
        content_type -> Text,
        size -> BigInt,
        sha256 -> Text,
        uploaded_at -> Timestamp,
        position -> Integer,
        uploaded_by_role -> Text,
        uploaded_by -> Nullable<Text>,
    }
}
diesel::table! {
    application_drafts (id) {
        id -> Text,
        procedure_code -> Text,
        answers -> Text,
        application_code -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        expires_at -> Timestamp,
    }
}
diesel::table! {
    draft_files (id) {
        id -> Text,
        draft_id -> Text,
        document_index -> Integer,
        filename -> Text,
        content_type -> Text,
        size -> BigInt,
        sha256 -> Text,
        uploaded_at -> Timestamp,
    }
}
diesel::joinable!(application_files -> applications (application_id));
diesel::joinable!(draft_files -> application_drafts (draft_id));
diesel::allow_tables_to_appear_in_same_query!(
    applications,
    application_files,
    file_contents,
    application_drafts,
    draft_files
);
