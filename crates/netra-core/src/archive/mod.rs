//! Event archives (`.netra` files): one event's records, signed by the
//! installation that made them, to hand to HR, Bawaslu or a central store,
//! and to import on another installation where they keep verifying.
//!
//! The format is written down in `docs/archive.md` for programs that are
//! not Netra: a ZIP of JSON tables (exactly the stored rows), optional
//! PDFs, a `manifest.json` listing every entry with its SHA-256, and an
//! Ed25519 signature over every byte of the file in the ZIP comment.
//!
//! An imported event is not merged into this installation's tables: its
//! ids (event, people, declarations, printed records) are inside signed
//! bodies and QR codes, and would collide with ours. It lives in its own
//! SQLite file in `arsip-impor/` beside the database, registered in
//! `imported_archives`, read by the same chain and QR checks.

mod container;
mod export;
mod import;
mod store;
mod tables;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use container::{unsafe_name, COMMENT_LEN, MAX_FILE_BYTES, SIGNED_PREFIX};
pub use export::{export, file_name, ExportOptions, Exported};
pub use import::{import, inspect, ImportOptions, Imported, Preview, Signer};
pub use store::{
    check_qr_in_imports, document, list, open_store, remove, store_dir, verify, ImportedArchive,
};

/// `manifest.json`'s `format`.
pub const FORMAT: &str = "netra-archive";
/// `manifest.json`'s `version`: the layout described in `docs/archive.md`.
pub const VERSION: u32 = 1;
/// The file name extension.
pub const EXTENSION: &str = "netra";

/// What `manifest.json` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveManifest")]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// The database schema the tables' columns come from.
    pub schema_version: u32,
    pub created_at: String,
    /// "Netra 0.1.0".
    pub generator: String,
    pub event: EventSummary,
    pub counts: Counts,
    pub signer: SignerKey,
    pub entries: Vec<Entry>,
}

/// The archived event, for a reader that opens nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveEvent")]
pub struct EventSummary {
    pub id: i64,
    pub title: String,
    pub organizer: String,
    pub place: String,
    /// Wall clock in `timezone`, ISO 8601.
    pub starts_at: String,
    pub timezone: String,
    pub closed_at: Option<String>,
}

/// How many of each the archive holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveCounts")]
pub struct Counts {
    pub people: i64,
    pub attended: i64,
    pub declarations: i64,
    pub voided: i64,
    pub printed_records: i64,
    pub audit_entries: i64,
    pub documents: i64,
}

/// The key that signed the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveSignerKey")]
pub struct SignerKey {
    pub key_id: String,
    /// 64 hex digits.
    pub public_key: String,
    /// SHA-256 (hex) of the public key: what people compare.
    pub fingerprint: String,
}

/// One file inside the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ArchiveEntry")]
pub struct Entry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// The manifest's entry name.
pub const MANIFEST: &str = "manifest.json";
/// Where generated PDFs go inside the archive.
pub const DOCUMENTS_DIR: &str = "documents/";

/// A fingerprint in groups of four, to read aloud: "3f2a 91c0 …".
pub fn grouped(fingerprint: &str) -> String {
    fingerprint
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
