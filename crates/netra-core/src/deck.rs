//! Slide decks (M2): Markdown with front matter, one slide per `---` line,
//! speaker notes after a `Note:` line, a `Sumber:` line as the slide's
//! footer, and `{{event.*}}` placeholders filled per event.
//!
//! Slides are rendered with pulldown-cmark; raw HTML in a deck is shown as
//! text and links other than http(s)/mailto are dropped, so a deck file can
//! never run code in the presenter's window.

use std::collections::BTreeMap;

use pulldown_cmark::{html, CowStr, Event as Md, Options, Parser, Tag};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The deck Netra ships.
pub const DEFAULT: &str = include_str!("../../../assets/decks/netralitas-asn.md");

/// Largest deck accepted, in bytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// One slide, as written and as rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Slide {
    /// 1-based line of the slide's first line in the file.
    pub line: u32,
    pub markdown: String,
    /// Sanitised HTML of the slide body.
    pub html: String,
    /// Speaker notes (plain text).
    pub notes: String,
    /// The `Sumber:` footer, if any.
    pub source: Option<String>,
}

/// A parsed deck.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deck {
    pub title: String,
    pub theme: String,
    pub slides: Vec<Slide>,
    /// Placeholders the deck uses that Netra does not know, left visible.
    pub unknown_placeholders: Vec<String>,
}

/// What is wrong with a deck, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeckProblem {
    pub line: u32,
    pub message: String,
}

/// Splits and renders `text`, filling placeholders from `values`
/// (`event.title` → "…"). Unknown placeholders stay as written and are listed.
pub fn parse(text: &str, values: &BTreeMap<String, String>) -> Result<Deck, DeckProblem> {
    if text.len() > MAX_BYTES {
        return Err(DeckProblem {
            line: 1,
            message: format!(
                "Berkas presentasi terlalu besar ({} KB); batasnya {} KB. Pindahkan gambar ke berkas terpisah",
                text.len() / 1024,
                MAX_BYTES / 1024
            ),
        });
    }
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let (meta, start) = front_matter(&lines)?;
    let mut slides = Vec::new();
    let mut unknown = Vec::new();
    let mut chunk: Vec<&str> = Vec::new();
    let mut chunk_line = start + 1;
    for (i, line) in lines.iter().enumerate().skip(start) {
        if line.trim_end() == "---" {
            push_slide(&mut slides, &mut unknown, &chunk, chunk_line, values);
            chunk.clear();
            chunk_line = i + 2;
        } else {
            chunk.push(line);
        }
    }
    push_slide(&mut slides, &mut unknown, &chunk, chunk_line, values);
    if slides.is_empty() {
        return Err(DeckProblem {
            line: 1,
            message:
                "Presentasi kosong: tulis setidaknya satu slide (slide dipisah baris berisi ---)"
                    .into(),
        });
    }
    Ok(Deck {
        title: meta
            .get("title")
            .cloned()
            .unwrap_or_else(|| "Presentasi".into()),
        theme: meta
            .get("theme")
            .cloned()
            .unwrap_or_else(|| "netra-kontras".into()),
        slides,
        unknown_placeholders: unknown,
    })
}

/// `---` / `key: value` lines / `---` at the top; returns it and the first line after.
fn front_matter(lines: &[&str]) -> Result<(BTreeMap<String, String>, usize), DeckProblem> {
    let mut meta = BTreeMap::new();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return Ok((meta, 0));
    }
    for (i, line) in lines.iter().enumerate().skip(1) {
        let line = line.trim();
        if line == "---" {
            return Ok((meta, i + 1));
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(':') {
            Some((k, v)) if !k.trim().is_empty() && !k.contains(' ') => {
                meta.insert(k.trim().to_string(), v.trim().trim_matches('"').to_string());
            }
            // Not front matter after all: a deck that opens with an empty slide.
            _ if i == 1 => return Ok((BTreeMap::new(), 0)),
            _ => {
                return Err(DeckProblem {
                    line: i as u32 + 1,
                    message: format!(
                        "Baris {}: bagian pembuka harus berbentuk \u{201c}nama: nilai\u{201d}",
                        i + 1
                    ),
                })
            }
        }
    }
    Err(DeckProblem {
        line: 1,
        message: "Bagian pembuka (---) di baris 1 tidak pernah ditutup dengan ---".into(),
    })
}

fn push_slide(
    slides: &mut Vec<Slide>,
    unknown: &mut Vec<String>,
    chunk: &[&str],
    line: usize,
    values: &BTreeMap<String, String>,
) {
    if chunk.iter().all(|l| l.trim().is_empty()) {
        return;
    }
    let mut body = Vec::new();
    let mut notes = Vec::new();
    let mut source = None;
    let mut in_notes = false;
    for l in chunk {
        let t = l.trim();
        if !in_notes && (t == "Note:" || t.starts_with("Note: ")) {
            in_notes = true;
            notes.push(t.trim_start_matches("Note:").trim());
        } else if in_notes {
            notes.push(l);
        } else if let Some(s) = t.strip_prefix("Sumber:") {
            source = Some(fill(s.trim(), values, unknown));
        } else {
            body.push(*l);
        }
    }
    let markdown = fill(body.join("\n").trim(), values, unknown);
    slides.push(Slide {
        line: line as u32,
        html: render(&markdown),
        markdown,
        notes: notes.join("\n").trim().to_string(),
        source,
    });
}

/// Replaces `{{name}}` with its value; unknown names stay and are listed.
fn fill(text: &str, values: &BTreeMap<String, String>, unknown: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = after[..close].trim();
        match values.get(name) {
            Some(v) => out.push_str(v),
            None => {
                if !unknown.iter().any(|u| u == name) {
                    unknown.push(name.to_string());
                }
                out.push_str(&rest[open..open + 2 + close + 2]);
            }
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// Markdown to HTML with raw HTML shown as text and unsafe links removed.
pub fn render(markdown: &str) -> String {
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|e| match e {
        Md::Html(raw) | Md::InlineHtml(raw) => Md::Text(raw),
        Md::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Md::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Md::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Md::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains('/'));
    match scheme {
        None | Some("http" | "https" | "mailto") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<String, String> {
        [
            ("event.title", "Deklarasi Netralitas"),
            ("event.place", "Arosuka"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn the_default_deck_has_15_to_25_slides_each_with_notes_and_rule_slides_cite_sources() {
        let deck = parse(DEFAULT, &values()).expect("default deck");
        assert!(
            (15..=25).contains(&deck.slides.len()),
            "{} slides",
            deck.slides.len()
        );
        assert!(
            deck.slides.iter().all(|s| !s.notes.is_empty()),
            "notes on every slide"
        );
        assert!(deck.slides.iter().filter(|s| s.source.is_some()).count() >= 8);
        assert!(deck.slides[0].html.contains("Deklarasi Netralitas"));
        assert!(deck
            .slides
            .iter()
            .any(|s| s.markdown.contains("Media sosial")));
        assert_eq!(deck.title, "Netralitas ASN dalam Pemilu dan Pilkada");
    }

    #[test]
    fn slides_notes_sources_and_lines_are_split() {
        let text = "---\ntitle: Uji\n---\n# Satu\nisi\nSumber: UU 7/2017\nNote:\ncatatan satu\n---\n# Dua\n";
        let deck = parse(text, &values()).expect("deck");
        assert_eq!(deck.slides.len(), 2);
        assert_eq!(deck.slides[0].line, 4);
        assert_eq!(deck.slides[0].notes, "catatan satu");
        assert_eq!(deck.slides[0].source.as_deref(), Some("UU 7/2017"));
        assert!(!deck.slides[0].html.contains("catatan"));
        assert_eq!(deck.slides[1].line, 10);
    }

    #[test]
    fn a_deck_without_separators_is_one_slide_and_an_empty_one_is_refused() {
        assert_eq!(
            parse("# Hanya satu\n\nteks", &values())
                .expect("deck")
                .slides
                .len(),
            1
        );
        let err = parse("  \n\n", &values()).expect_err("empty");
        assert!(err.message.contains("kosong"));
        let err = parse("---\ntitle: x\n", &values()).expect_err("unclosed");
        assert!(err.message.contains("tidak pernah ditutup"));
    }

    #[test]
    fn unknown_placeholders_stay_visible_and_are_reported() {
        let deck = parse("Di {{event.place}} oleh {{event.mystery}}", &values()).expect("deck");
        assert!(deck.slides[0]
            .html
            .contains("Di Arosuka oleh {{event.mystery}}"));
        assert_eq!(deck.unknown_placeholders, vec!["event.mystery"]);
    }

    #[test]
    fn scripts_and_javascript_links_never_reach_the_window() {
        let deck = parse(
            "<script>alert(1)</script>\n\n[klik](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n![g](JaVaScRiPt:alert(1))",
            &values(),
        )
        .expect("deck");
        let html = &deck.slides[0].html;
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img src=\"x\""), "{html}");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "shown as text: {html}");
    }

    #[test]
    fn a_huge_deck_is_refused_with_its_size() {
        let big = "a".repeat(MAX_BYTES + 1);
        assert!(parse(&big, &values())
            .expect_err("big")
            .message
            .contains("terlalu besar"));
    }
}
