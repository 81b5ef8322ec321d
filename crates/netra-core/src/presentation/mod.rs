//! Presenting at an event: which deck, the hotline and logo the
//! slides show, and the finished show both windows draw. The running
//! position lives in [`stage`]; the projector choice in [`monitor`].

pub mod decks;
pub mod markdown;
pub mod monitor;
pub mod stage;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{self, to_text};
use crate::declaration::pledge;
use crate::error::{Error, Result};
use crate::event::Event;
use markdown::Deck;

/// The events the shell sends to its windows. The TypeScript type of the
/// names is generated from this enum, so the UI cannot listen for a name
/// the shell no longer sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum WindowEvent {
    /// A new [`stage::Stage`] after a key in either window.
    #[serde(rename = "presentation://stage")]
    Stage,
    /// The presentation started or ended, or the audience window opened or closed.
    #[serde(rename = "presentation://live")]
    Live,
    /// Someone signed or was registered (laptop kiosk, tablet, phone):
    /// the attendance on the organiser's screens is out of date.
    #[serde(rename = "attendance://changed")]
    Attendance,
}

impl WindowEvent {
    pub const fn name(self) -> &'static str {
        match self {
            WindowEvent::Stage => "presentation://stage",
            WindowEvent::Live => "presentation://live",
            WindowEvent::Attendance => "attendance://changed",
        }
    }
}

/// Largest logo, in bytes.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;
const MAX_HOTLINE: usize = 80;

/// An event's presentation settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "PresentationSettings")]
pub struct Settings {
    pub event_id: i64,
    /// None: the deck Netra ships.
    pub deck_id: Option<i64>,
    /// The Bawaslu hotline the "Cara melapor" slide shows.
    pub hotline: String,
    /// The institution's logo as a `data:` URL, shown in a slide corner.
    pub logo: Option<String>,
}

/// What the organiser can change in the settings form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "PresentationSettingsForm")]
pub struct SettingsForm {
    pub deck_id: Option<i64>,
    pub hotline: String,
}

/// Everything the presenter and audience windows draw, filled for one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Show {
    pub event_id: i64,
    pub event_title: String,
    /// The institution, shown in a corner with the logo.
    pub organizer: String,
    pub logo: Option<String>,
    pub deck_id: Option<i64>,
    pub deck: Deck,
    pub pledge_title: String,
    /// The pledge, one line to read aloud per entry.
    pub pledge_lines: Vec<String>,
}

/// A presentation that is running: what both windows draw and where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "LivePresentation")]
pub struct Live {
    pub show: Show,
    pub stage: stage::Stage,
    /// When "Mulai presentasi" was pressed (ms since the Unix epoch): the
    /// presenter's timer counts from it.
    pub started_at_ms: f64,
    /// Whether the audience has a monitor of its own (a projector).
    pub separate_screen: bool,
}

impl Live {
    pub fn new(show: Show, started_at_ms: f64, separate_screen: bool) -> Live {
        let stage = stage::Stage::new(
            show.deck.slides.len() as u32,
            show.pledge_lines.len() as u32,
        );
        Live {
            show,
            stage,
            started_at_ms,
            separate_screen,
        }
    }
}

/// A deck read from a file and stored, with what could not be used of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedDeck {
    pub deck: decks::StoredDeck,
    pub warnings: Vec<String>,
}

pub fn settings(conn: &Connection, event_id: i64) -> Result<Settings> {
    db::events::get(conn, event_id)?;
    let row = conn
        .query_row(
            "SELECT deck_id, hotline, logo_mime, logo FROM event_presentation WHERE event_id = ?1",
            [event_id],
            |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<Vec<u8>>>(3)?,
                ))
            },
        )
        .optional()?;
    Ok(match row {
        None => Settings {
            event_id,
            deck_id: None,
            hotline: String::new(),
            logo: None,
        },
        Some((deck_id, hotline, mime, logo)) => Settings {
            event_id,
            deck_id,
            hotline,
            logo: mime.zip(logo).map(|(m, b)| decks::data_url(&m, &b)),
        },
    })
}

pub fn save_settings(
    conn: &Connection,
    event_id: i64,
    form: &SettingsForm,
    now: DateTime<Utc>,
) -> Result<Settings> {
    db::events::get(conn, event_id)?;
    let hotline = form.hotline.trim();
    if hotline.chars().count() > MAX_HOTLINE {
        return Err(Error::field(
            "hotline",
            format!("Hotline paling panjang {MAX_HOTLINE} karakter"),
        ));
    }
    if hotline.chars().any(char::is_control) {
        return Err(Error::field("hotline", "Hotline cukup satu baris"));
    }
    if let Some(id) = form.deck_id {
        decks::get(conn, Some(id))?;
    }
    conn.execute(
        "INSERT INTO event_presentation (event_id, deck_id, hotline, updated_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (event_id) DO UPDATE SET deck_id = ?2, hotline = ?3, updated_at = ?4",
        params![event_id, form.deck_id, hotline, to_text(now)],
    )?;
    settings(conn, event_id)
}

/// Sets the logo from an image file the organiser picked. The size is
/// checked before anything is read, and no more than the limit is ever
/// read, so a huge (or growing) file cannot fill the memory.
pub fn set_logo_from_file(
    conn: &Connection,
    event_id: i64,
    path: &std::path::Path,
    now: DateTime<Utc>,
) -> Result<Settings> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        Error::field(
            "logo",
            format!("Berkas {} tidak dapat dibaca: {e}", path.display()),
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    let too_big = |size: u64| {
        Error::field(
            "logo",
            format!(
                "Logo terlalu besar ({} KB); paling besar {} KB",
                size / 1024,
                MAX_LOGO_BYTES / 1024
            ),
        )
    };
    if size > MAX_LOGO_BYTES as u64 {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_LOGO_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    set_logo(conn, event_id, Some(&bytes), now)
}

/// Sets (PNG or JPEG, ≤ 1 MB) or clears the event's logo.
pub fn set_logo(
    conn: &Connection,
    event_id: i64,
    image: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<Settings> {
    db::events::get(conn, event_id)?;
    let (mime, bytes) = match image {
        None => (None, None),
        Some(bytes) => {
            if bytes.len() > MAX_LOGO_BYTES {
                return Err(Error::field(
                    "logo",
                    format!(
                        "Logo terlalu besar ({} KB); paling besar {} KB",
                        bytes.len() / 1024,
                        MAX_LOGO_BYTES / 1024
                    ),
                ));
            }
            match decks::sniff(bytes) {
                Some(m @ ("image/png" | "image/jpeg")) => (Some(m), Some(bytes)),
                _ => return Err(Error::field("logo", "Logo harus gambar PNG atau JPEG")),
            }
        }
    };
    conn.execute(
        "INSERT INTO event_presentation (event_id, logo_mime, logo, updated_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (event_id) DO UPDATE SET logo_mime = ?2, logo = ?3, updated_at = ?4",
        params![event_id, mime, bytes, to_text(now)],
    )?;
    settings(conn, event_id)
}

/// `text` as Markdown that renders as exactly that text: every ASCII
/// punctuation mark escaped, so an event title like `[klik](https://…)` or
/// `**x**` shows as typed instead of becoming a link or bold.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The placeholders a deck can use, filled for `event`. What the organiser
/// typed goes in as text ([`markdown_text`]); only the speaker list's own
/// bullets and bold are Markdown.
pub fn values(event: &Event, hotline: &str) -> BTreeMap<String, String> {
    let md = |s: &str| markdown_text(s);
    let speakers = if event.speakers.is_empty() {
        "Narasumber belum diisi pada data acara".to_string()
    } else {
        event
            .speakers
            .iter()
            .map(|s| {
                let role = [s.title.as_str(), s.institution.as_str()]
                    .into_iter()
                    .filter(|p| !p.trim().is_empty())
                    .map(md)
                    .collect::<Vec<_>>()
                    .join(", ");
                if role.is_empty() {
                    format!("- **{}**", md(&s.name))
                } else {
                    format!("- **{}** \u{2014} {role}", md(&s.name))
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let hotline = if hotline.trim().is_empty() {
        "kantor Bawaslu setempat".to_string()
    } else {
        md(hotline.trim())
    };
    [
        ("event.title", md(&event.title)),
        ("event.place", md(&event.place)),
        ("event.date", md(&event.date_label)),
        ("event.time", md(&event.time_label)),
        ("event.organizer", md(&event.organizer)),
        ("event.speakers", speakers),
        ("event.hotline", hotline),
        ("event.official", md(&event.official.name)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The event's deck, filled and rendered, with its pledge split for reading.
pub fn show(conn: &mut Connection, event_id: i64, now: DateTime<Utc>) -> Result<Show> {
    let event = db::events::get(conn, event_id)?;
    let settings = settings(conn, event_id)?;
    let stored = decks::get(conn, settings.deck_id)?;
    let deck = filled(conn, &event, &settings, settings.deck_id, &stored.markdown)?;
    let pledge = pledge::current(conn, event_id, now)?;
    Ok(Show {
        event_id,
        event_title: event.title.clone(),
        organizer: event.organizer.clone(),
        logo: settings.logo,
        deck_id: settings.deck_id,
        deck,
        pledge_title: pledge.title.clone(),
        pledge_lines: pledge_lines(&pledge.body),
    })
}

/// A deck as `event` would present it, for the editor's live preview.
pub fn preview(
    conn: &Connection,
    event_id: Option<i64>,
    deck_id: Option<i64>,
    markdown: &str,
) -> Result<Deck> {
    match event_id {
        Some(id) => {
            let event = db::events::get(conn, id)?;
            let settings = settings(conn, id)?;
            filled(conn, &event, &settings, deck_id, markdown)
        }
        None => {
            let images = decks::image_urls(conn, deck_id)?;
            markdown::parse_with(markdown, &BTreeMap::new(), &|n| images.get(n).cloned())
                .map_err(|p| Error::field("markdown", p.to_string()))
        }
    }
}

fn filled(
    conn: &Connection,
    event: &Event,
    settings: &Settings,
    deck_id: Option<i64>,
    markdown: &str,
) -> Result<Deck> {
    let images = decks::image_urls(conn, deck_id)?;
    markdown::parse_with(markdown, &values(event, &settings.hotline), &|n| {
        images.get(n).cloned()
    })
    .map_err(|p| Error::field("markdown", p.to_string()))
}

/// Paragraphs of the pledge, each read aloud as one line.
pub fn pledge_lines(body: &str) -> Vec<String> {
    body.replace("\r\n", "\n")
        .split("\n\n")
        .flat_map(|para| {
            // Numbered commitments written without blank lines between them.
            let mut items: Vec<String> = Vec::new();
            for line in para.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let numbered = line
                    .split_once(['.', ')'])
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
                match items.last_mut() {
                    Some(last) if !numbered => {
                        last.push(' ');
                        last.push_str(line);
                    }
                    _ => items.push(line.to_string()),
                }
            }
            items
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pledge_is_read_paragraph_by_paragraph_and_item_by_item() {
        let lines = pledge_lines(pledge::DEFAULT_BODY);
        assert_eq!(lines.len(), 9, "{lines:#?}");
        assert!(lines[0].starts_with("Yang bertanda tangan"));
        assert!(lines[1].starts_with("1. Akan menjaga"));
        assert!(lines[8].starts_with("Demikian"));
        assert_eq!(
            pledge_lines("Kami:\n1. satu\n   lanjut\n2. dua"),
            vec!["Kami:", "1. satu lanjut", "2. dua"]
        );
    }
}
