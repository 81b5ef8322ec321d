// One typed function per Tauri command, using only generated types.
// Tauri turns the Rust parameter `include_archived` into `includeArchived`.
import type { AppStatus } from "./bindings/AppStatus";
import type { Event } from "./bindings/Event";
import type { EventForm } from "./bindings/EventForm";
import type { FormOptions } from "./bindings/FormOptions";
import type { Saved } from "./bindings/Saved";
import type { Attendance } from "./bindings/Attendance";
import type { CommitResult } from "./bindings/CommitResult";
import type { PendingImport } from "./bindings/PendingImport";
import type { Person } from "./bindings/Person";
import type { PersonForm } from "./bindings/PersonForm";
import type { RosterPage } from "./bindings/RosterPage";
import type { RosterQuery } from "./bindings/RosterQuery";
import type { SavedPerson } from "./bindings/SavedPerson";
import type { SheetFormat } from "./bindings/SheetFormat";
import type { Declaration } from "./bindings/Declaration";
import type { KioskSettings } from "./bindings/KioskSettings";
import type { KioskStart } from "./bindings/KioskStart";
import type { Report } from "./bindings/Report";
import type { KeyInfo } from "./bindings/KeyInfo";
import type { KeyEntry } from "./bindings/KeyEntry";
import type { ImportedKey } from "./bindings/ImportedKey";
import type { PrintProgress } from "./bindings/PrintProgress";
import type { PrintRequest } from "./bindings/PrintRequest";
import type { PrintedDocument } from "./bindings/PrintedDocument";
import type { QrCheck } from "./bindings/QrCheck";
import type { PdfCheck } from "./bindings/PdfCheck";
import type { AutoSettings } from "./bindings/AutoSettings";
import type { AutoSettingsForm } from "./bindings/AutoSettingsForm";
import type { BackupFile } from "./bindings/BackupFile";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BackupOptions } from "./bindings/BackupOptions";
import type { Restored } from "./bindings/Restored";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { Design } from "./bindings/Design";
import type { EventPapers } from "./bindings/EventPapers";
import type { Layout } from "./bindings/Layout";
import type { Letterhead } from "./bindings/Letterhead";
import type { LetterheadInput } from "./bindings/LetterheadInput";
import type { Slot } from "./bindings/Slot";
import { call, callRaw, callWithProgress, subscribe } from "./ipc";

/**
 * Follows signatures and walk-ins from the laptop's kiosk, tablets and
 * phones (sent at most every 0.7 s while they come); resolves to the
 * unsubscribe.
 */
export const onAttendance = (f: () => void) => subscribe<null>("attendance://changed", () => f());

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>("app_status");
}

/** The first data is painted (the start-up measurement reads it). */
export function appReady(): Promise<void> {
  return call<void>("app_ready");
}

export function eventFormOptions(): Promise<FormOptions> {
  return call<FormOptions>("event_form_options");
}

export function listEvents(includeArchived: boolean): Promise<Event[]> {
  return call<Event[]>("list_events", { includeArchived });
}

export function getEvent(id: number): Promise<Event> {
  return call<Event>("get_event", { id });
}

export function createEvent(form: EventForm): Promise<Saved> {
  return call<Saved>("create_event", { form });
}

export function updateEvent(id: number, form: EventForm): Promise<Saved> {
  return call<Saved>("update_event", { id, form });
}

export function setEventArchived(id: number, archived: boolean): Promise<Event> {
  return call<Event>("set_event_archived", { id, archived });
}

/** Reads and checks a roster file in Rust; nothing is saved yet. */
/** A file over Rust's limit is never read: only its size is sent, and Rust refuses it. */
export const previewImport = async (eventId: number, file: File, maxBytes: number) =>
  callRaw<PendingImport>(
    "preview_import",
    file.size > maxBytes ? new Uint8Array() : new Uint8Array(await file.arrayBuffer()),
    {
      "x-event-id": String(eventId),
      "x-file-name": encodeURIComponent(file.name),
      "x-file-size": String(file.size),
    },
  );
export const commitImport = (token: number) => call<CommitResult>("commit_import", { token });
export const cancelImport = (token: number) => call<void>("cancel_import", { token });
/** One window of the roster table, searched and filtered in Rust. */
export const rosterPage = (eventId: number, query: RosterQuery) =>
  call<RosterPage>("roster_page", { eventId, query });
export const updatePerson = (personId: number, form: PersonForm) =>
  call<SavedPerson>("update_person", { personId, form });
export const removePerson = (personId: number) => call<void>("remove_person", { personId });
/** Opens a save dialog; resolves to the saved path, or null if cancelled. */
/** With a passphrase the file is sealed with age and named `….age`. */
export const exportRoster = (eventId: number, format: SheetFormat, passphrase: string | null) =>
  call<string | null>("export_roster", { eventId, format, passphrase });
export const saveImportReport = (token: number, format: SheetFormat) =>
  call<string | null>("save_import_report", { token, format });
export const checkIn = (personId: number, undo = false) =>
  call<Person>("check_in", { personId, undo });
export const registerWalkIn = (eventId: number, form: PersonForm) =>
  call<SavedPerson>("register_walk_in", { eventId, form });
export const attendance = (eventId: number) => call<Attendance>("attendance", { eventId });

export const kioskSettings = () => call<KioskSettings>("kiosk_settings");
/** Opens the kiosk window full screen and hides this one. */
export const startKiosk = (start: KioskStart) => call<void>("start_kiosk", { start });
export const listDeclarations = (eventId: number) =>
  call<Declaration[]>("list_declarations", { eventId });
export const voidDeclaration = (id: number, reason: string) =>
  call<Declaration>("void_declaration", { id, reason });
export const verifyDeclarations = (eventId: number) =>
  call<Report>("verify_declarations", { eventId });

/** Writes the PDF into the app's document folder; progress arrives per batch step. */
export const printDocument = (request: PrintRequest, onProgress: (p: PrintProgress) => void) =>
  callWithProgress<PrintedDocument, PrintProgress>("print_document", { request }, onProgress);
/** Opens a printed document in the system PDF viewer (also the way to print it). */
export const openDocument = (id: number) => call<void>("open_document", { id });
export const saveDocumentCopy = (id: number) => call<string | null>("save_document_copy", { id });
export const verifyQr = (payload: string) => call<QrCheck>("verify_qr", { payload });

/** The open dialog, then a page-by-page check; null when cancelled. */
export const verifyPdfFile = () => call<PdfCheck | null>("verify_pdf_file");

/** A PDF dropped on the screen, checked from its bytes. */
export const verifyPdfDropped = (name: string, bytes: Uint8Array) =>
  call<PdfCheck>("verify_pdf_dropped", { name, bytes: Array.from(bytes) });
export const installationKey = () => call<KeyInfo>("installation_key");
export const importPublicKey = (publicKey: string, label: string) =>
  call<string>("import_public_key", { publicKey, label });
/** This installation's key, then every imported one, trusted or not. */
export const listTrustedKeys = () => call<KeyEntry[]>("list_trusted_keys");
export const removeTrustedKey = (keyId: string) =>
  call<ImportedKey>("remove_trusted_key", { keyId });

// Cadangan: backups now, restore, automatic backups.
export const backupSettings = () => call<AutoSettings>("backup_settings");
/** Automatic backups beside the database, then in the second folder; newest first. */
export const listBackups = () => call<BackupFile[]>("list_backups");
export const saveBackupSettings = (form: AutoSettingsForm) =>
  call<AutoSettings>("save_backup_settings", { form });
/** The folder picker (opened from Rust); null when cancelled. */
export const chooseBackupFolder = () => call<string | null>("choose_backup_folder");
/** The save dialog, then a backup; null when cancelled. */
export const backupNow = (options: BackupOptions) =>
  call<BackupInfo | null>("backup_now", { options });
/** Replaces the database with `path`, or a file picked in the open dialog (null: cancelled). */
export const restoreBackup = (path: string | null, passphrase: string | null = null) =>
  call<Restored | null>("restore_backup", { path, passphrase });

/** Log audit: the entries matching `filter`, newest first. */
export const listAudit = (filter: AuditFilter) => call<AuditEntry[]>("list_audit", { filter });
/** The save dialog, then the entries as JSON; the path, or null when cancelled. */
export const exportAudit = (filter: AuditFilter) => call<string | null>("export_audit", { filter });

// Kop surat & tanda pengesah (Dokumen screen). Images are picked in a native
// dialog opened and read in Rust; the page never names a file.
export const listLetterheads = () => call<Letterhead[]>("list_letterheads");
/** With `withLogo`, the open dialog asks for the logo first; null when cancelled. */
export const createLetterhead = (input: LetterheadInput, withLogo: boolean) =>
  call<Letterhead | null>("create_letterhead", { input, withLogo });
export const removeLetterhead = (id: number) => call<void>("remove_letterhead", { id });
export const eventPapers = (eventId: number) => call<EventPapers>("event_papers", { eventId });
export const setEventLetterhead = (eventId: number, letterheadId: number | null) =>
  call<EventPapers>("set_event_letterhead", { eventId, letterheadId });
/** The open dialog, then the image checked and stored in `slot`; null when cancelled. */
export const choosePaperImage = (eventId: number, slot: Slot) =>
  call<EventPapers | null>("choose_paper_image", { eventId, slot });
export const clearPaperImage = (eventId: number, slot: Slot) =>
  call<EventPapers>("clear_paper_image", { eventId, slot });
export const setMaterai = (eventId: number, on: boolean) =>
  call<EventPapers>("set_materai", { eventId, on });
export const setCertificateDesign = (eventId: number, design: Design) =>
  call<EventPapers>("set_certificate_design", { eventId, design });
export const setCertificateLayout = (eventId: number, layout: Layout) =>
  call<EventPapers>("set_certificate_layout", { eventId, layout });
export const setDetailedStatements = (eventId: number, on: boolean) =>
  call<EventPapers>("set_detailed_statements", { eventId, on });
/** A stored image's PNG bytes. */
export const paperImage = async (id: number) =>
  new Uint8Array(await call<ArrayBuffer>("paper_image", { id }));
/** The first pages (at most 2) of what `request` would print, as PDF bytes; nothing saved. */
export const previewDocument = async (request: PrintRequest) =>
  new Uint8Array(await call<ArrayBuffer>("preview_document", { request }));
