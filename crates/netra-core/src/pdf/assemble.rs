//! A document from drawn pages: printpdf builds the PDF around them (the
//! fonts, subset with their widths and ToUnicode maps; the images and
//! forms; the page tree), then each page's content stream is put in place
//! with its glyph ids renumbered to the subset's, and every stream is
//! compressed on all cores.
//!
//! printpdf subsets the glyphs its own pages show. Our pages reach it
//! empty, so the first one carries every glyph the document uses (as
//! glyph ids with their characters) for printpdf to subset; its content is
//! replaced like all the others. printpdf numbers the subset's glyphs by
//! their place in the ascending list of used ids after glyph 0 (see
//! `printpdf::subset_font`); [`subset_codes`] is that numbering, and a
//! test holds it to printpdf's.

use printpdf::{
    Codepoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};

use super::canvas::{self, Page};
use super::fonts::{DocFonts, Face};
use crate::error::{Error, Result};

const FACES: [Face; 3] = [Face::Regular, Face::Bold, Face::SerifBold];

/// Serialises `doc` with `pages`.
pub fn assemble(mut doc: PdfDocument, fonts: &DocFonts, mut pages: Vec<Page>) -> Result<Vec<u8>> {
    let forms = std::mem::take(&mut *fonts.forms.borrow_mut());
    for (id, form) in forms {
        doc.resources
            .xobjects
            .map
            .insert(id, printpdf::XObject::External(form));
    }
    let glyphs = fonts.glyphs.borrow();
    let mut carrier = vec![Op::StartTextSection];
    let mut codes: [Vec<u16>; 3] = Default::default();
    for (i, face) in FACES.into_iter().enumerate() {
        let used: Vec<(u16, char)> = glyphs.of(face).filter(|(gid, _)| *gid != 0).collect();
        if used.is_empty() {
            continue;
        }
        codes[i] = subset_codes(used.iter().map(|(gid, _)| *gid));
        carrier.push(Op::SetFont {
            font: PdfFontHandle::External(fonts.id(face).clone()),
            size: Pt(1.0),
        });
        carrier.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(
                used.iter()
                    .map(|&(gid, c)| Codepoint {
                        gid,
                        offset: 0.0,
                        cid: Some(c.to_string()),
                    })
                    .collect(),
            )],
        });
    }
    drop(glyphs);
    carrier.push(Op::EndTextSection);
    let shells: Vec<PdfPage> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let ops = if i == 0 { carrier.clone() } else { Vec::new() };
            PdfPage::new(Mm(p.width), Mm(p.height), ops)
        })
        .collect();
    let opts = PdfSaveOptions {
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = doc
        .with_pages(shells)
        .to_lopdf_document(&opts, &mut Vec::new());

    let code = |face: Face, gid: u16| -> u16 {
        let table = &codes[FACES.iter().position(|f| *f == face).unwrap_or(0)];
        table.get(usize::from(gid)).copied().unwrap_or(0)
    };
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != pages.len() {
        return Err(Error::Environment(format!(
            "PDF tidak dapat disusun: {} halaman tertulis, {} digambar",
            page_ids.len(),
            pages.len()
        )));
    }
    for (page_id, page) in page_ids.into_iter().zip(pages.iter_mut()) {
        canvas::renumber(&mut page.content, &page.glyph_runs, &code);
        let contents = lo
            .get_dictionary(page_id)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| Error::Environment(format!("PDF tidak dapat disusun: {e}")))?;
        let content = std::mem::take(&mut page.content);
        lo.objects.insert(
            contents,
            lopdf::Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), content)),
        );
    }
    drop(pages);
    compress_all(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| Error::Environment(format!("PDF tidak dapat disusun: {e}")))?;
    Ok(out)
}

/// Subset code of each used glyph id, indexed by the original id (0 for
/// ids not used): glyph 0 first, then the used ids in ascending order.
fn subset_codes(used: impl Iterator<Item = u16>) -> Vec<u16> {
    let mut table = Vec::new();
    for (position, gid) in used.enumerate() {
        let i = usize::from(gid);
        if table.len() <= i {
            table.resize(i + 1, 0);
        }
        table[i] = position as u16 + 1;
    }
    table
}

/// Compresses the streams not yet compressed, here rather than in lopdf:
/// lopdf compresses at zlib level 9, which was a third of a 1,000-page
/// batch. Level 2 on up to four cores gives files within a few percent of
/// level 6 at half its time (measured on a 1,000-certificate batch: 4.5
/// against 4.0 MB, 126 against 219 ms on one core).
fn compress_all(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let chunk = streams.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || {
                for stream in part {
                    deflate(stream);
                }
            });
        }
    });
}

fn deflate(stream: &mut lopdf::Stream) {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(2));
    if encoder.write_all(&stream.content).is_err() {
        return;
    }
    if let Ok(compressed) = encoder.finish() {
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::fonts::FontSet;
    use super::*;

    #[test]
    fn our_glyph_numbering_is_the_one_printpdf_subsets_with() {
        let font = &FontSet::get().regular;
        let mut used: BTreeMap<u16, String> = BTreeMap::new();
        for c in "Ni Luh Putu Ayu Ṡuardana, S.Pd. — NIP 1990 0101 ÀÉÎõü".chars() {
            let gid = font.glyph(c);
            if gid != 0 {
                used.entry(gid).or_insert_with(|| c.to_string());
            }
        }
        let ours = subset_codes(used.keys().copied());
        let theirs = printpdf::subset_font(&font.parsed, &used).expect("subset");
        for (gid, (code, _)) in &theirs.glyph_mapping {
            assert_eq!(ours[usize::from(*gid)], *code, "glyph {gid}");
        }
        assert_eq!(theirs.glyph_mapping.len(), used.len());
    }
}
