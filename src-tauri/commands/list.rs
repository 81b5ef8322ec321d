// The one list of the app's commands. `lib.rs` registers them with
// `generate_handler!`, `build.rs` names them so Tauri makes an
// `allow-<command>` permission for each, and `ui/src/lib/commands.test.ts`
// checks this list against the capabilities and the TypeScript callers.
// Add a command here and nowhere else in Rust.
//
// `with_commands!(m)` calls macro `m` with `module::command, ...`.
macro_rules! with_commands {
    ($callback:ident) => {
        $callback! {
            app::app_status,
            events::event_form_options,
            events::list_events,
            events::get_event,
            events::create_event,
            events::update_event,
            events::set_event_archived,
            roster::preview_import,
            roster::commit_import,
            roster::cancel_import,
            roster::roster_page,
            roster::update_person,
            roster::remove_person,
            roster::export_roster,
            roster::save_import_report,
            roster::check_in,
            roster::register_walk_in,
            roster::attendance,
            kiosk::kiosk_settings,
            kiosk::start_kiosk,
            kiosk::kiosk_session,
            kiosk::kiosk_find,
            kiosk::kiosk_person,
            kiosk::kiosk_walk_in,
            kiosk::kiosk_submit,
            kiosk::kiosk_exit,
            kiosk::list_declarations,
            kiosk::void_declaration,
            kiosk::verify_declarations,
            documents::print_document,
            documents::open_document,
            documents::save_document_copy,
            documents::verify_qr,
            documents::installation_key,
            documents::import_public_key,
            presentation::presentation_settings,
            presentation::save_presentation_settings,
            presentation::choose_presentation_logo,
            presentation::clear_presentation_logo,
            presentation::list_decks,
            presentation::get_deck,
            presentation::duplicate_deck,
            presentation::save_deck,
            presentation::delete_deck,
            presentation::preview_deck,
            presentation::import_deck,
            presentation::export_deck,
            presentation::start_presentation,
            presentation::presentation_live,
            presentation::presentation_action,
            presentation::reopen_audience,
            presentation::end_presentation,
        }
    };
}
