// What every fuzz target runs on one input, and the properties it asserts.
//
// This file is shared, word for word, by the cargo-fuzz targets (through
// fuzz/src/lib.rs) and by the stable regression test
// crates/netra-core/tests/fuzz_regressions.rs (through `include!`), so a
// seed or a crash input is replayed by `cargo test` exactly as the fuzzer
// ran it. It may use only what netra-core's tests can use: netra_core,
// chrono, zip and std. No inner attributes or `//!` docs here (include!).

use std::collections::BTreeMap;
use std::io::Write as _;

use chrono::NaiveDate;
use netra_core::declaration::strokes::{self, Strokes};
use netra_core::pdf::register;
use netra_core::presentation::{decks, markdown};
use netra_core::roster::import;
use netra_core::roster::nip::{self, Nip};

/// The event date every roster and NIP is judged at.
pub fn event_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).expect("valid date")
}

/// Target `import_csv`: any bytes as a `.csv` roster.
pub fn import_csv(data: &[u8]) {
    import_as("roster.csv", data);
}

/// Target `import_xlsx`: any bytes as a `.xlsx` roster.
pub fn import_xlsx(data: &[u8]) {
    import_as("roster.xlsx", data);
}

/// Target `import_xlsx_parts`: the input is the XML of a workbook's parts,
/// separated by NUL bytes, in the order of [`XLSX_PARTS`]; a part the
/// input does not reach keeps the template's XML, an empty part is left
/// out of the archive. The parts are zipped uncompressed (with correct
/// CRCs), so mutations reach calamine's XML reading instead of dying on a
/// zip checksum as they do in `import_xlsx`.
pub fn import_xlsx_parts(data: &[u8]) {
    let bytes = xlsx_from_parts(data);
    import_as("roster.xlsx", &bytes);
}

/// Parts the `import_xlsx_parts` input fills, in input order, with the
/// template each part has when the input does not reach it.
pub const XLSX_PARTS: [(&str, &str); 4] = [
    ("xl/worksheets/sheet1.xml", SHEET_XML),
    ("xl/sharedStrings.xml", SHARED_STRINGS_XML),
    ("xl/styles.xml", STYLES_XML),
    ("xl/workbook.xml", WORKBOOK_XML),
];

const CONTENT_TYPES_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const WORKBOOK_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const STYLES_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
const SHARED_STRINGS_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>Nama</t></si><si><t>NIP</t></si><si><t>Budi Santoso</t></si><si><t>198503122010011002</t></si></sst>"#;
const SHEET_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C2"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Unit Kerja</t></is></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="str"><v>Dinas PU</v></c></row></sheetData></worksheet>"#;

/// The `.xlsx` file an `import_xlsx_parts` input stands for.
pub fn xlsx_from_parts(data: &[u8]) -> Vec<u8> {
    let mut given = data.splitn(XLSX_PARTS.len(), |&b| b == 0);
    let mut files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES_XML.as_bytes()),
        ("_rels/.rels", ROOT_RELS_XML.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS_XML.as_bytes()),
    ];
    for (name, template) in XLSX_PARTS {
        match given.next() {
            Some([]) => {}
            Some(xml) => files.push((name, xml)),
            None => files.push((name, template.as_bytes())),
        }
    }
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        out.start_file(name, options).expect("zip entry");
        out.write_all(bytes).expect("zip write");
    }
    out.finish().expect("zip finish").into_inner()
}

fn import_as(file_name: &str, data: &[u8]) {
    let Ok(preview) = import::preview_bytes(file_name, data, event_date()) else {
        return;
    };
    let s = &preview.summary;
    assert_eq!(s.valid + s.with_errors, s.rows, "every row is valid or not");
    assert!(s.with_warnings <= s.valid, "warned rows are valid rows");
    assert_eq!(
        preview.people.len() as u32,
        s.valid,
        "one person per valid row"
    );
    assert!(s.rows > 0, "a preview without data rows is an error");
    for issue in &s.issues {
        assert!(
            issue.field == "file" || issue.line > s.header_line,
            "issue {issue:?} is not below the header (line {})",
            s.header_line
        );
    }
    let lines: Vec<u32> = preview.people.iter().map(|(line, _)| *line).collect();
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]),
        "rows do not have one line each, in file order: {lines:?}"
    );
    let mut nips = BTreeMap::new();
    for (line, person) in &preview.people {
        assert!(
            *line > s.header_line,
            "data row at line {line} is not below the header (line {})",
            s.header_line
        );
        assert!(
            !person.name.trim().is_empty(),
            "row {line}: empty name kept"
        );
        for text in [
            &person.name,
            &person.rank,
            &person.position,
            &person.unit,
            &person.phone,
        ] {
            assert_eq!(
                netra_core::text::check(text),
                None,
                "row {line}: hidden character kept in {text:?}"
            );
        }
        if let Some(n) = &person.nip {
            assert!(
                n.len() == 18 && n.bytes().all(|b| b.is_ascii_digit()),
                "row {line}: NIP kept as {n:?}"
            );
            assert!(
                nip::check(n, event_date()).is_ok(),
                "row {line}: NIP {n} kept but refused by nip::check"
            );
            if let Some(first) = nips.insert(n.clone(), *line) {
                panic!("NIP {n} kept twice, rows {first} and {line}");
            }
        }
    }
}

/// Placeholder values a deck is filled with, as for an event.
fn deck_values() -> BTreeMap<String, String> {
    [
        ("event.title", "Deklarasi Netralitas ASN"),
        ("event.place", "Aula Kantor Bupati, Arosuka"),
        ("event.date", "Kamis, 15 Januari 2026"),
        ("event.organizer", "BKPSDM"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Target `deck`: a slide deck (UTF-8 only).
pub fn deck(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(deck) = markdown::parse(text, &deck_values()) {
        assert!(!deck.slides.is_empty(), "a parsed deck has a slide");
        for slide in &deck.slides {
            assert!(slide.line >= 1, "slide lines are 1-based");
            assert_safe_html(&slide.html);
        }
    }
    assert_safe_html(&markdown::render(text));
    for name in markdown::image_names(text) {
        assert!(
            !name.is_empty()
                && !name.contains(':')
                && !name.starts_with(['/', '\\'])
                && !name.split(['/', '\\']).any(|p| p == ".."),
            "image name {name:?} leaves the deck's folder"
        );
    }
    let _ = decks::check(text);
}

/// Tags pulldown-cmark writes with the options the decks use, plus the
/// placeholder span for a missing image. `img` is not among them: nothing
/// resolves images here, so every image must have become a placeholder.
const DECK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "em",
    "strong",
    "del",
    "a",
    "hr",
    "br",
    "span",
];

/// Raw HTML must come out as text and links only as http(s)/mailto or
/// relative: every tag in `html` is one Markdown makes, every `href` safe.
fn assert_safe_html(html: &str) {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let after = &rest[at + 1..];
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(
            DECK_TAGS.contains(&name.as_str()),
            "tag <{name}> in rendered deck: {html:?}"
        );
        rest = after;
    }
    let mut rest = html;
    while let Some(at) = rest.find(" href=\"") {
        let value = &rest[at + 7..];
        let value = &value[..value.find('"').unwrap_or(value.len())];
        if let Some((scheme, _)) = value.split_once(':') {
            let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            assert!(
                !is_scheme
                    || ["http", "https", "mailto"].contains(&scheme.to_ascii_lowercase().as_str()),
                "unsafe link {value:?} in rendered deck"
            );
        }
        rest = &rest[at + 7..];
    }
}

/// Target `strokes`: signature pad JSON, stored canonical JSON, PNG preview.
pub fn strokes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(stored) = Strokes::from_canonical(text) {
        // Whatever was stored reads back to itself once written canonically.
        let canonical = stored.canonical_json();
        let again = Strokes::from_canonical(&canonical).expect("canonical JSON reads back");
        assert_eq!(again, stored);
        assert_eq!(again.canonical_json(), canonical);
        assert_eq!(stored.hash(), strokes::hash_text(&canonical));
    }
    if let Ok(s) = Strokes::parse(text) {
        let canonical = s.canonical_json();
        let back = Strokes::from_canonical(&canonical)
            .unwrap_or_else(|e| panic!("canonical form {canonical:?} does not read back: {e}"));
        assert_eq!(back, s, "canonical round trip changes the strokes");
        assert_eq!(
            back.canonical_json(),
            canonical,
            "canonical JSON is not stable"
        );
        let hash = s.hash();
        assert_eq!(hash.len(), 64);
        assert_eq!(back.hash(), hash);
        assert!((100..=4000).contains(&s.width) && (100..=4000).contains(&s.height));
        let points: usize = s.strokes.iter().map(Vec::len).sum();
        assert!(points >= strokes::MIN_POINTS, "{points} points accepted");
        let length = s.path_length();
        assert!(
            length.is_finite() && length >= strokes::MIN_PATH_PX,
            "path length {length} accepted"
        );
    }
    if let Ok(png) = strokes::decode_png(text) {
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(png.len() <= strokes::MAX_PNG_BYTES + 3);
    }
}

/// Target `nip`: NIP parsing and checking, and the hidden-character check.
pub fn nip(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let normal = nip::normalise(s);
    let parsed = Nip::parse(s);
    if let Ok(n) = &parsed {
        assert_eq!(n.as_str(), normal, "a NIP is its normalised digits");
        assert!(n.as_str().len() == 18 && n.as_str().bytes().all(|b| b.is_ascii_digit()));
        let formatted = n.formatted();
        assert_eq!(formatted.len(), 21, "{formatted:?}");
        assert_eq!(
            Nip::parse(&formatted).as_ref(),
            Ok(n),
            "formatted {formatted:?} parses back"
        );
        assert_eq!(Nip::parse(n.as_str()).as_ref(), Ok(n), "digits parse back");
    }
    if let Ok(checked) = nip::check(s, event_date()) {
        assert_eq!(Ok(&checked.nip), parsed.as_ref(), "check agrees with parse");
    }
    text(data);
}

/// Target `text`: the hidden-character check.
pub fn text(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let message = netra_core::text::check(s);
    let found = netra_core::text::forbidden_char(s);
    assert_eq!(message.is_some(), found.is_some());
    if let (Some(message), Some((c, _))) = (message, found) {
        assert!(s.contains(c));
        assert!(
            message.contains(&format!("U+{:04X}", c as u32)),
            "{message}"
        );
    }
}

/// Target `qr_payload`: the text a phone or the scanner reads from a QR code.
pub fn qr_payload(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = std::hint::black_box(register::parse_payload(s));
}

/// One fuzz target's checks.
pub type Check = fn(&[u8]);

/// Every target by name, for the regression test.
pub const TARGETS: &[(&str, Check)] = &[
    ("import_csv", import_csv),
    ("import_xlsx", import_xlsx),
    ("import_xlsx_parts", import_xlsx_parts),
    ("deck", deck),
    ("strokes", strokes),
    ("nip", nip),
    ("text", text),
    ("qr_payload", qr_payload),
];
