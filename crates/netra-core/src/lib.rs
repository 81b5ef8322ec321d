//! netra-core: everything Netra does, without a window.
//!
//! The desktop shell (`src-tauri/`) and the `netra` CLI are thin adapters over
//! this crate: they map arguments, call one function here and map the error.
//! Nothing in here reads the clock or the environment on its own; callers
//! pass `now`, paths and keys in, so every rule is testable.

// The parts of an event, each a folder (see ARCHITECTURE.md for the map).
pub mod declaration;
pub mod hall;
pub mod pdf;
pub mod presentation;
pub mod roster;

// What every part stands on.
pub mod archive;
pub mod audit;
pub mod backup;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod error;
pub mod event;
pub mod files;
pub mod indonesian_date;
pub mod keys;
pub mod origin;
pub mod papers;
pub mod status;
pub mod text;

pub use error::{Error, ErrorCode, ErrorReport, FieldError, Result};
