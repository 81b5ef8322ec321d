//! Previews waiting for the organiser's "Simpan" or "Batal" in the desktop
//! app, by token. Only the summary goes to the window; the parsed people
//! stay here. A preview expires after [`PREVIEW_TTL_MINUTES`] and at most
//! [`MAX_PENDING`] are kept (the oldest goes first), so previews nobody
//! answers cannot pile up in memory.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::{PendingImport, Preview, PreviewSummary};
use crate::error::{Error, Result};

/// How long a preview waits for "Simpan".
pub const PREVIEW_TTL_MINUTES: i64 = 30;
/// Previews held at once.
pub const MAX_PENDING: usize = 4;

struct Held {
    event_id: i64,
    preview: Preview,
    at: DateTime<Utc>,
}

#[derive(Default)]
pub struct Pending {
    last: u32,
    held: BTreeMap<u32, Held>,
}

impl Pending {
    /// Keeps `preview` and hands out its token.
    pub fn hold(&mut self, event_id: i64, preview: Preview, now: DateTime<Utc>) -> PendingImport {
        self.expire(now);
        while self.held.len() >= MAX_PENDING {
            self.held.pop_first();
        }
        self.last += 1;
        let summary = preview.summary.clone();
        self.held.insert(
            self.last,
            Held {
                event_id,
                preview,
                at: now,
            },
        );
        PendingImport {
            token: self.last,
            event_id,
            summary,
        }
    }

    /// The summary of a preview that is still waiting.
    pub fn summary(&mut self, token: u32, now: DateTime<Utc>) -> Result<PreviewSummary> {
        self.expire(now);
        self.held
            .get(&token)
            .map(|h| h.preview.summary.clone())
            .ok_or_else(expired)
    }

    /// Takes a waiting preview out, with its event, to commit or drop it.
    pub fn take(&mut self, token: u32, now: DateTime<Utc>) -> Result<(i64, Preview)> {
        self.expire(now);
        self.held
            .remove(&token)
            .map(|h| (h.event_id, h.preview))
            .ok_or_else(expired)
    }

    fn expire(&mut self, now: DateTime<Utc>) {
        let ttl = Duration::minutes(PREVIEW_TTL_MINUTES);
        self.held.retain(|_, h| now - h.at < ttl);
    }
}

fn expired() -> Error {
    Error::ImportFile("Pratinjau impor sudah tidak berlaku; pilih berkasnya lagi".into())
}
