//! One error type for the whole core, with messages in Bahasa Indonesia that
//! tell the user what to do next. Callers branch on [`Error::code`], never on
//! the message text; the UI receives an [`ErrorReport`].

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Result alias used across the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A problem with one field of a form, an import row or a CLI flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// Machine name of the field (`title`, `starts_at`, `speakers.0.name`).
    pub field: String,
    /// What is wrong, in Indonesian.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Isian belum benar: {}", join_fields(.0))]
    Invalid(Vec<FieldError>),

    #[error("Acara dengan nomor {0} tidak ditemukan")]
    EventNotFound(i64),

    #[error("Peserta dengan nomor {0} tidak ditemukan")]
    PersonNotFound(i64),

    #[error("Folder {} tidak ada; buat foldernya dulu atau pilih lokasi lain untuk basis data", .0.display())]
    DbDirMissing(PathBuf),

    #[error("Berkas {} bukan basis data Netra (bukan berkas SQLite); tidak ada yang diubah", .0.display())]
    NotADatabase(PathBuf),

    #[error("Basis data {} dibuat oleh Netra versi yang lebih baru (skema {found}, versi ini mengenal sampai {supported}); perbarui Netra, tidak ada yang diubah", path.display())]
    SchemaTooNew {
        path: PathBuf,
        found: usize,
        supported: usize,
    },

    /// The whole file cannot be imported (format, encoding, no header...).
    #[error("{0}")]
    ImportFile(String),

    #[error("Berkas terlalu besar ({size_mb} MB); batasnya {limit_mb} MB. Pecah daftar menjadi beberapa berkas")]
    FileTooLarge { size_mb: u64, limit_mb: u64 },

    #[error("Lokasi basis data bawaan tidak dapat ditentukan; gunakan --db PATH")]
    NoDataDir,

    #[error("Pernyataan dengan nomor {0} tidak ditemukan")]
    DeclarationNotFound(i64),

    #[error("Surat pernyataan atas nama ini sudah ditandatangani pada {at}; satu orang hanya menandatangani sekali")]
    AlreadySigned { at: String },

    #[error("{0}")]
    KeyFile(String),

    #[error("Presentasi dengan nomor {0} tidak ditemukan")]
    DeckNotFound(i64),

    /// A deck file that cannot be imported; the message names the line.
    #[error("{0}")]
    DeckFile(String),

    #[error("Penyimpanan penuh: disk tempat data Netra tidak punya ruang lagi. Yang baru saja dikirim belum tersimpan; data yang sudah tersimpan aman. Kosongkan ruang disk (hapus atau pindahkan berkas yang tidak perlu), lalu coba lagi")]
    DiskFull,

    /// No valid token came with a request to the hub.
    #[error("{0}")]
    Unauthorized(String),

    /// The token is known but may no longer do this (a revoked device).
    #[error("{0}")]
    Forbidden(String),

    /// This way of signing is closed now (the hub stopped, phones switched off).
    #[error("{0}")]
    Closed(String),

    #[error("Ponsel ini sudah dipakai untuk satu tanda tangan. Orang berikutnya memindai kode QR di layar dengan ponselnya sendiri, atau menandatangani di kiosk")]
    PhoneUsed,

    #[error("Basis data sedang dipakai program lain (misalnya netra di terminal); belum ada yang tersimpan, coba lagi sebentar lagi")]
    Busy,

    /// The environment failed (a window would not open, ...); the message says what.
    #[error("{0}")]
    Environment(String),

    #[error("Kesalahan basis data: {0}")]
    Sqlite(rusqlite::Error),

    #[error("Migrasi skema basis data gagal: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("Kesalahan berkas: {0}")]
    Io(std::io::Error),

    /// A backup that cannot be restored; the message names the file and why.
    #[error("{0}")]
    BadBackup(String),

    /// An event archive that cannot be imported; the message lists every
    /// problem found, and nothing was imported.
    #[error("{0}")]
    BadArchive(String),

    /// The archive's event is here already (imported before, or made here).
    #[error("{0}")]
    ArchiveConflict(String),
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        if is_disk_full(&err) {
            Error::DiskFull
        } else {
            Error::Io(err)
        }
    }
}

/// ENOSPC and its relatives (a full quota), on every platform Rust knows.
pub fn is_disk_full(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

impl From<rusqlite::Error> for Error {
    /// A lock held past the busy timeout is its own error: the caller keeps
    /// what the user entered and offers to try again.
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Error::Busy
            }
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull,
            _ => Error::Sqlite(err),
        }
    }
}

fn join_fields(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The few kinds of failure a caller branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The user typed something wrong; fix the fields.
    Invalid,
    /// The thing asked for does not exist.
    NotFound,
    /// The file or path given cannot be used as it is.
    BadFile,
    /// It was done already (a second signature); nothing changed.
    Conflict,
    /// The database is locked by another program; nothing was written,
    /// retrying later will work.
    Busy,
    /// The disk is full: nothing new was written, what was stored is safe;
    /// retrying after space is freed will work.
    DiskFull,
    /// No valid token: pair the device or scan the QR again.
    Unauthorized,
    /// The token is known but may not do this any more (revoked).
    Forbidden,
    /// Signing this way is closed (the hub stopped, phones switched off).
    Closed,
    /// A bug or an environment failure; not the user's input.
    Internal,
}

impl ErrorCode {
    /// Whether the user can fix this by changing what they gave (CLI exit 2).
    pub fn is_user_error(self) -> bool {
        !matches!(
            self,
            ErrorCode::Internal | ErrorCode::Busy | ErrorCode::DiskFull
        )
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::EventNotFound(_)
            | Error::PersonNotFound(_)
            | Error::DeclarationNotFound(_)
            | Error::DeckNotFound(_) => ErrorCode::NotFound,
            Error::AlreadySigned { .. } | Error::PhoneUsed => ErrorCode::Conflict,
            Error::Unauthorized(_) => ErrorCode::Unauthorized,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::Closed(_) => ErrorCode::Closed,
            Error::Busy => ErrorCode::Busy,
            Error::DiskFull => ErrorCode::DiskFull,
            Error::DbDirMissing(_)
            | Error::NotADatabase(_)
            | Error::SchemaTooNew { .. }
            | Error::NoDataDir
            | Error::ImportFile(_)
            | Error::KeyFile(_)
            | Error::DeckFile(_)
            | Error::FileTooLarge { .. }
            | Error::BadBackup(_)
            | Error::BadArchive(_) => ErrorCode::BadFile,
            Error::ArchiveConflict(_) => ErrorCode::Conflict,
            Error::Sqlite(_) | Error::Migration(_) | Error::Io(_) | Error::Environment(_) => {
                ErrorCode::Internal
            }
        }
    }

    /// Shorthand for a single-field validation error.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, message)])
    }
}

/// What the UI and `--json` receive when a call fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ErrorReport {
    pub code: ErrorCode,
    /// One sentence for a banner or stderr.
    pub message: String,
    /// Per-field messages, shown beside the fields.
    pub fields: Vec<FieldError>,
}

impl From<&Error> for ErrorReport {
    fn from(err: &Error) -> Self {
        let fields = match err {
            Error::Invalid(fields) => fields.clone(),
            _ => Vec::new(),
        };
        let message = match err {
            Error::Invalid(_) => "Isian belum benar; periksa kolom yang ditandai".to_string(),
            other => other.to_string(),
        };
        ErrorReport {
            code: err.code(),
            message,
            fields,
        }
    }
}

impl From<Error> for ErrorReport {
    fn from(err: Error) -> Self {
        ErrorReport::from(&err)
    }
}
