// The capabilities live in src-tauri/capabilities/, not beside tauri.conf.json:
// plain `tauri_build::build()` would silently embed none (PITFALLS §0b).
// Naming the commands makes Tauri generate an `allow-<command>` permission
// for each, so a window may call only what its capability grants.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "app_status",
            "event_form_options",
            "list_events",
            "get_event",
            "create_event",
            "update_event",
            "set_event_archived",
            "preview_import",
            "commit_import",
            "cancel_import",
            "roster_page",
            "update_person",
            "remove_person",
            "export_roster",
            "save_import_report",
            "check_in",
            "register_walk_in",
            "attendance",
            "kiosk_settings",
            "start_kiosk",
            "kiosk_session",
            "kiosk_find",
            "kiosk_person",
            "kiosk_walk_in",
            "kiosk_submit",
            "kiosk_exit",
            "list_declarations",
            "void_declaration",
            "verify_declarations",
            "print_document",
            "open_document",
            "save_document_copy",
            "verify_qr",
            "installation_key",
            "import_public_key",
            "presentation_settings",
            "save_presentation_settings",
            "choose_presentation_logo",
            "clear_presentation_logo",
            "list_decks",
            "get_deck",
            "duplicate_deck",
            "save_deck",
            "delete_deck",
            "preview_deck",
            "import_deck",
            "export_deck",
            "start_presentation",
            "presentation_live",
            "presentation_action",
            "reopen_audience",
            "end_presentation",
        ]));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri-build gagal: {err:#}");
    }
}
