//! Slide decks: Markdown with front matter, one slide per `---` line,
//! speaker notes after a `Note:` line, a `Sumber:` line as the slide's
//! footer, and `{{event.*}}` placeholders filled per event.
//!
//! Slides are rendered with pulldown-cmark; raw HTML in a deck is shown as
//! text and links other than http(s)/mailto are dropped, so a deck file can
//! never run code in the presenter's window.

use std::collections::BTreeMap;

use pulldown_cmark::{html, CowStr, Event as Md, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The deck Netra ships.
pub const DEFAULT: &str = include_str!("../../../../assets/decks/netralitas-asn.md");

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
    /// Images the slides name that are not in the deck: each is shown as
    /// a labelled placeholder box instead.
    pub missing_images: Vec<String>,
}

/// What is wrong with a deck, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeckProblem {
    pub line: u32,
    pub message: String,
}

impl std::fmt::Display for DeckProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Baris {}: {}", self.line, self.message)
    }
}

/// Splits and renders `text`, filling placeholders from `values`
/// (`event.title` → "…"). Unknown placeholders stay as written and are listed.
/// Slides cannot show images: see [`parse_with`].
pub fn parse(text: &str, values: &BTreeMap<String, String>) -> Result<Deck, DeckProblem> {
    parse_with(text, values, &|_| None)
}

/// [`parse`], with `images` giving the `data:` URL of an image the deck
/// names by its file name ("peta.png"). Images from elsewhere (the web, an
/// absolute path) are never loaded: the app works offline and its window
/// reads nothing outside itself.
pub fn parse_with(
    text: &str,
    values: &BTreeMap<String, String>,
    images: &dyn Fn(&str) -> Option<String>,
) -> Result<Deck, DeckProblem> {
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
    let mut out = Out {
        slides: Vec::new(),
        unknown: Vec::new(),
        missing: Vec::new(),
        values,
        images,
    };
    let mut chunk: Vec<&str> = Vec::new();
    let mut chunk_line = start + 1;
    for (i, line) in lines.iter().enumerate().skip(start) {
        if line.trim_end() == "---" {
            out.push_slide(&chunk, chunk_line);
            chunk.clear();
            chunk_line = i + 2;
        } else {
            chunk.push(line);
        }
    }
    out.push_slide(&chunk, chunk_line);
    let Out {
        slides,
        unknown,
        missing,
        ..
    } = out;
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
        missing_images: missing,
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
                    message: "bagian pembuka harus berbentuk \u{201c}nama: nilai\u{201d}".into(),
                })
            }
        }
    }
    Err(DeckProblem {
        line: 1,
        message: "Bagian pembuka (---) di baris 1 tidak pernah ditutup dengan ---".into(),
    })
}

/// Slides as they are split, and what the deck lacks.
struct Out<'a> {
    slides: Vec<Slide>,
    unknown: Vec<String>,
    missing: Vec<String>,
    values: &'a BTreeMap<String, String>,
    images: &'a dyn Fn(&str) -> Option<String>,
}

impl Out<'_> {
    fn push_slide(&mut self, chunk: &[&str], line: usize) {
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
                source = Some(fill(s.trim(), self.values, &mut self.unknown));
            } else {
                body.push(*l);
            }
        }
        let markdown = fill(body.join("\n").trim(), self.values, &mut self.unknown);
        let html = render_with(&markdown, self.images, &mut self.missing);
        self.slides.push(Slide {
            line: line as u32,
            html,
            markdown,
            notes: reflow(&notes),
            source,
        });
    }
}

/// Notes as paragraphs: lines wrapped in the file are joined, blank lines
/// separate paragraphs, so the presenter view can wrap them to its width.
fn reflow(lines: &[&str]) -> String {
    lines
        .split(|l| l.trim().is_empty())
        .map(|para| para.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
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
    render_with(markdown, &|_| None, &mut Vec::new())
}

/// [`render`], resolving images by name; an image that does not resolve
/// becomes a labelled box and its name is added to `missing`.
fn render_with(
    markdown: &str,
    images: &dyn Fn(&str) -> Option<String>,
    missing: &mut Vec<String>,
) -> String {
    let mut in_missing_image = false;
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION,
    )
    .filter_map(|e| {
        if in_missing_image {
            // The alt text of an image that is replaced by its placeholder.
            if matches!(e, Md::End(TagEnd::Image)) {
                in_missing_image = false;
            }
            return None;
        }
        Some(match e {
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
            }) => match image_name(&dest_url).and_then(images) {
                Some(data_url) => Md::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(data_url),
                    title,
                    id,
                }),
                None => {
                    in_missing_image = true;
                    let name = dest_url.trim().to_string();
                    if !missing.contains(&name) {
                        missing.push(name.clone());
                    }
                    let label = match image_name(&name) {
                        Some(path) => format!("Gambar tidak tersedia: {}", escape(path)),
                        None => "Gambar dari luar berkas presentasi tidak ditampilkan".into(),
                    };
                    Md::InlineHtml(CowStr::from(format!(
                        "<span class=\"gambar-hilang\" role=\"img\">{label}</span>"
                    )))
                }
            },
            other => other,
        })
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// The path of an image inside the deck's folder, as the deck writes it
/// ("gambar/peta.png"); None for anything with a scheme, an absolute path
/// or a `..` that would leave the folder.
pub fn image_name(url: &str) -> Option<&str> {
    let url = url.trim();
    let leaves = url.split(['/', '\\']).any(|part| part == "..");
    if url.is_empty() || url.contains(':') || url.starts_with(['/', '\\']) || leaves {
        return None;
    }
    Some(url)
}

/// The local images a deck names, in order, each once.
pub fn image_names(markdown: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for e in Parser::new(markdown) {
        if let Md::Start(Tag::Image { dest_url, .. }) = e {
            if let Some(name) = image_name(&dest_url) {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
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
        let wrapped = parse(
            "# A\nNote:\nbaris satu\nbaris dua\n\nparagraf dua",
            &values(),
        )
        .expect("deck");
        assert_eq!(
            wrapped.slides[0].notes,
            "baris satu baris dua\n\nparagraf dua"
        );
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
    fn images_come_from_the_deck_and_missing_ones_become_a_labelled_box() {
        let images = |name: &str| {
            (name == "gambar/peta.png").then(|| "data:image/png;base64,AAAA".to_string())
        };
        let deck = parse_with(
            "![Peta](gambar/peta.png)\n\n![Foto](hilang.jpg)\n\n![Web](https://contoh.id/x.png)",
            &values(),
            &images,
        )
        .expect("deck");
        let html = &deck.slides[0].html;
        assert!(
            html.contains("src=\"data:image/png;base64,AAAA\""),
            "{html}"
        );
        assert!(html.contains("Gambar tidak tersedia: hilang.jpg"), "{html}");
        assert!(
            !html.contains("contoh.id/x.png\""),
            "never loads from the web: {html}"
        );
        assert_eq!(
            deck.missing_images,
            vec!["hilang.jpg", "https://contoh.id/x.png"]
        );
    }

    #[test]
    fn quotes_become_typographic() {
        let deck = parse("Kata \"netral\" berarti tidak berpihak", &values()).expect("deck");
        assert!(
            deck.slides[0].html.contains("\u{201c}netral\u{201d}"),
            "{}",
            deck.slides[0].html
        );
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
