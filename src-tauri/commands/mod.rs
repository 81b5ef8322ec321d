//! One file per screen or noun. Each command: arguments in, one core call,
//! error mapped to an `ErrorReport`. Always async (off the main thread).

pub mod app;
pub mod documents;
pub mod events;
pub mod kiosk;
pub mod roster;

use chrono::{DateTime, Local, NaiveDate, Utc};

/// The clock, read here so the core never does.
pub fn now() -> (DateTime<Utc>, NaiveDate) {
    (Utc::now(), Local::now().date_naive())
}
