//! Decks organisers import, duplicate and edit. The shipped deck is not a
//! row: `id: None` is the default, read-only; a duplicate is a row. Images
//! named by a deck are stored beside it, so a deck copied from a USB stick
//! keeps working when the stick is gone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{to_text, utc_column};
use crate::error::{Error, Result};
use crate::presentation::markdown::{self, Deck};

/// Largest image a deck may carry, in bytes.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// A deck in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeckSummary {
    /// None for the deck Netra ships.
    pub id: Option<i64>,
    pub title: String,
    pub slide_count: u32,
    pub image_count: u32,
    /// Events that present this deck.
    pub event_count: u32,
    #[ts(type = "string | null")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// A deck with its Markdown, for the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StoredDeck {
    pub id: Option<i64>,
    pub title: String,
    pub markdown: String,
    /// Paths of the images stored with the deck.
    pub images: Vec<String>,
}

/// An image file read for a deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckImage {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// A deck file read from disk, with what could not be read of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckFile {
    pub markdown: String,
    pub images: Vec<DeckImage>,
    /// One sentence per image that was named but could not be used.
    pub warnings: Vec<String>,
}

pub fn list(conn: &Connection) -> Result<Vec<DeckSummary>> {
    let builtin = markdown::parse(markdown::DEFAULT, &BTreeMap::new()).map_err(invalid)?;
    let mut out = vec![DeckSummary {
        id: None,
        title: format!("{} (bawaan)", builtin.title),
        slide_count: builtin.slides.len() as u32,
        image_count: 0,
        event_count: conn.query_row(
            "SELECT COUNT(*) FROM events e LEFT JOIN event_presentation p ON p.event_id = e.id
             WHERE p.deck_id IS NULL",
            [],
            |r| r.get(0),
        )?,
        updated_at: None,
    }];
    let mut stmt = conn.prepare(
        "SELECT d.id, d.title, d.markdown, d.updated_at,
                (SELECT COUNT(*) FROM deck_images i WHERE i.deck_id = d.id),
                (SELECT COUNT(*) FROM event_presentation p WHERE p.deck_id = d.id)
         FROM decks d ORDER BY d.updated_at DESC, d.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            utc_column(r, 3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, u32>(5)?,
        ))
    })?;
    for row in rows {
        let (id, title, markdown, updated_at, image_count, event_count) = row?;
        out.push(DeckSummary {
            id: Some(id),
            title,
            // A stored deck was valid when saved; count slides without images.
            slide_count: markdown::parse(&markdown, &BTreeMap::new())
                .map(|d| d.slides.len() as u32)
                .unwrap_or(0),
            image_count,
            event_count,
            updated_at: Some(updated_at),
        });
    }
    Ok(out)
}

/// The file name an exported deck is offered under: its title.
pub fn export_file_name(conn: &Connection, id: Option<i64>) -> Result<String> {
    Ok(crate::files::deck(&get(conn, id)?.title))
}

pub fn get(conn: &Connection, id: Option<i64>) -> Result<StoredDeck> {
    let Some(id) = id else {
        let title = markdown::parse(markdown::DEFAULT, &BTreeMap::new())
            .map_err(invalid)?
            .title;
        return Ok(StoredDeck {
            id: None,
            title,
            markdown: markdown::DEFAULT.to_string(),
            images: Vec::new(),
        });
    };
    let (title, markdown) = conn
        .query_row(
            "SELECT title, markdown FROM decks WHERE id = ?1",
            [id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .ok_or(Error::DeckNotFound(id))?;
    let mut stmt = conn.prepare("SELECT name FROM deck_images WHERE deck_id = ?1 ORDER BY name")?;
    let images = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(StoredDeck {
        id: Some(id),
        title,
        markdown,
        images,
    })
}

/// The images stored with a deck; none for the shipped deck.
fn images(conn: &Connection, id: Option<i64>) -> Result<Vec<DeckImage>> {
    let Some(id) = id else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare("SELECT name, mime, bytes FROM deck_images WHERE deck_id = ?1")?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Vec<u8>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (name, mime, bytes) = row?;
        out.push(DeckImage {
            name,
            // The schema's CHECK allows only the known types.
            mime: known_mime(&mime).unwrap_or("image/png"),
            bytes,
        });
    }
    Ok(out)
}

/// The deck's images as `data:` URLs, by the path the deck names them with.
pub fn image_urls(conn: &Connection, id: Option<i64>) -> Result<BTreeMap<String, String>> {
    Ok(images(conn, id)?
        .into_iter()
        .map(|i| (i.name, data_url(i.mime, &i.bytes)))
        .collect())
}

pub fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Checks `markdown` the way the presentation will read it.
pub fn check(markdown: &str) -> Result<Deck> {
    markdown::parse(markdown, &BTreeMap::new()).map_err(invalid)
}

fn invalid(problem: markdown::DeckProblem) -> Error {
    Error::field("markdown", problem.to_string())
}

/// Stores a new deck (imported or duplicated) with its images.
pub fn create(conn: &mut Connection, file: &DeckFile, now: DateTime<Utc>) -> Result<StoredDeck> {
    let title = check(&file.markdown)?.title;
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO decks (title, markdown, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![title, file.markdown, to_text(now)],
    )?;
    let id = tx.last_insert_rowid();
    for image in &file.images {
        tx.execute(
            "INSERT OR REPLACE INTO deck_images (deck_id, name, mime, bytes) VALUES (?1, ?2, ?3, ?4)",
            params![id, image.name, image.mime, image.bytes],
        )?;
    }
    tx.commit()?;
    get(conn, Some(id))
}

/// A copy the organiser can edit; the default deck is copied from the app.
pub fn duplicate(conn: &mut Connection, id: Option<i64>, now: DateTime<Utc>) -> Result<StoredDeck> {
    let source = get(conn, id)?;
    let markdown = retitle(&source.markdown, &format!("Salinan {}", source.title));
    let images = images(conn, id)?;
    create(
        conn,
        &DeckFile {
            markdown,
            images,
            warnings: Vec::new(),
        },
        now,
    )
}

/// Sets `title:` in the front matter, adding front matter when there is none.
fn retitle(markdown: &str, title: &str) -> String {
    let title = title.replace('\n', " ");
    if let Some(rest) = markdown.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---") {
            let (meta, body) = rest.split_at(end);
            let mut lines: Vec<String> = meta
                .lines()
                .filter(|l| !l.trim_start().starts_with("title:"))
                .map(str::to_string)
                .collect();
            lines.insert(0, format!("title: {title}"));
            return format!("---\n{}{body}", lines.join("\n"));
        }
    }
    format!("---\ntitle: {title}\n---\n\n{markdown}")
}

/// Saves an edit; a deck that does not parse is refused with its line and
/// the stored version stays as it was.
pub fn update(
    conn: &Connection,
    id: Option<i64>,
    markdown: &str,
    now: DateTime<Utc>,
) -> Result<StoredDeck> {
    let Some(id) = id else {
        return Err(Error::field(
            "markdown",
            "Presentasi bawaan tidak dapat diubah; buat salinannya dulu (\u{201c}Duplikat\u{201d})",
        ));
    };
    let title = check(markdown)?.title;
    let n = conn.execute(
        "UPDATE decks SET title = ?2, markdown = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, title, markdown, to_text(now)],
    )?;
    if n == 0 {
        return Err(Error::DeckNotFound(id));
    }
    get(conn, Some(id))
}

/// Deletes a deck; events that presented it go back to the default deck.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let n = conn.execute("DELETE FROM decks WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::DeckNotFound(id));
    }
    Ok(())
}

/// Reads a Markdown deck and the images it names from its folder. A deck
/// that does not parse is refused; a missing or unusable image is a warning
/// (the slide shows a placeholder box) so one bad picture never blocks a talk.
pub fn read_file(path: &Path) -> Result<DeckFile> {
    let bad = |msg: String| Error::DeckFile(msg);
    let meta = std::fs::metadata(path)
        .map_err(|e| bad(format!("Berkas {} tidak dapat dibaca: {e}", path.display())))?;
    if meta.len() as usize > markdown::MAX_BYTES {
        return Err(bad(format!(
            "Berkas {} terlalu besar ({:.1} MB); presentasi paling besar {} MB. Simpan gambar sebagai berkas terpisah di folder yang sama",
            path.display(),
            meta.len() as f64 / 1_048_576.0,
            markdown::MAX_BYTES / 1_048_576
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_end(
                &mut std::io::Read::take(f, markdown::MAX_BYTES as u64 + 1),
                &mut bytes,
            )
        })
        .map_err(|e| bad(format!("Berkas {} tidak dapat dibaca: {e}", path.display())))?;
    if bytes.len() > markdown::MAX_BYTES {
        return Err(bad(format!(
            "Berkas {} terlalu besar; presentasi paling besar {} MB",
            path.display(),
            markdown::MAX_BYTES / 1_048_576
        )));
    }
    let markdown = String::from_utf8(bytes).map_err(|_| {
        bad(format!(
            "Berkas {} bukan teks UTF-8; simpan ulang sebagai Markdown (.md) berkode UTF-8",
            path.display()
        ))
    })?;
    let markdown = markdown
        .strip_prefix('\u{feff}')
        .unwrap_or(&markdown)
        .replace("\r\n", "\n");
    markdown::parse(&markdown, &BTreeMap::new()).map_err(|p| bad(p.to_string()))?;
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut images = Vec::new();
    let mut warnings = Vec::new();
    for name in markdown::image_names(&markdown) {
        match read_image(&folder.join(&name)) {
            Ok((mime, bytes)) => images.push(DeckImage { name, mime, bytes }),
            Err(why) => warnings.push(format!("Gambar {name}: {why}")),
        }
    }
    Ok(DeckFile {
        markdown,
        images,
        warnings,
    })
}

fn read_image(path: &Path) -> std::result::Result<(&'static str, Vec<u8>), String> {
    let meta = std::fs::metadata(path).map_err(|_| "berkas tidak ditemukan".to_string())?;
    if meta.len() as usize > MAX_IMAGE_BYTES {
        return Err(format!(
            "terlalu besar ({:.1} MB; paling besar {} MB)",
            meta.len() as f64 / 1_048_576.0,
            MAX_IMAGE_BYTES / 1_048_576
        ));
    }
    // Never more than the limit is read, even if the file grew since.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_end(
                &mut std::io::Read::take(f, MAX_IMAGE_BYTES as u64 + 1),
                &mut bytes,
            )
        })
        .map_err(|e| format!("tidak dapat dibaca ({e})"))?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(format!(
            "terlalu besar (paling besar {} MB)",
            MAX_IMAGE_BYTES / 1_048_576
        ));
    }
    let mime =
        sniff(&bytes).ok_or_else(|| "bukan gambar PNG, JPEG, GIF, WebP atau SVG".to_string())?;
    Ok((mime, bytes))
}

/// The image type by its first bytes, never by its name.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
        // An <img> never runs an SVG's scripts, so an SVG is safe to show.
        (head.contains("<svg")).then_some("image/svg+xml")
    }
}

fn known_mime(mime: &str) -> Option<&'static str> {
    [
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/svg+xml",
    ]
    .into_iter()
    .find(|m| *m == mime)
}

/// Writes the deck to `path` and its images beside it, at the paths the
/// deck names them with; returns every file written.
pub fn export(conn: &Connection, id: Option<i64>, path: &Path) -> Result<Vec<PathBuf>> {
    let stored = get(conn, id)?;
    crate::files::write(path, stored.markdown.as_bytes())?;
    let mut written = vec![path.to_path_buf()];
    let folder = path.parent().unwrap_or(Path::new("."));
    for image in images(conn, id)? {
        // Names were checked on the way in; check again before writing.
        let Some(name) = markdown::image_name(&image.name) else {
            continue;
        };
        let target = folder.join(name);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::DeckFile(format!("Folder {} tidak dapat dibuat: {e}", dir.display()))
            })?;
        }
        crate::files::write(&target, &image.bytes)?;
        written.push(target);
    }
    Ok(written)
}
