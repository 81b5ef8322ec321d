//! netra-core: everything Netra does, without a window.
//!
//! The desktop shell (`src-tauri/`) and the `netra` CLI are thin adapters over
//! this crate: they map arguments, call one function here and map the error.
//! Nothing in here reads the clock or the environment on its own; callers
//! pass `now`, paths and keys in, so every rule is testable.

pub mod audit;
pub mod db;
pub mod deck;
pub mod declaration;
pub mod demo;
pub mod error;
pub mod event;
pub mod export;
pub mod import;
pub mod indonesian_date;
pub mod integrity;
pub mod keys;
pub mod kiosk;
pub mod nip;
pub mod pdf;
pub mod person;
pub mod pledge;
pub mod presentation;
pub mod record;
pub mod roster;
pub mod search;
pub mod status;
pub mod strokes;

pub use error::{Error, ErrorCode, ErrorReport, FieldError, Result};
