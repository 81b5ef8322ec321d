//! The embedded DejaVu faces (Bitstream Vera licence, `assets/fonts/`),
//! parsed once per process, and text measuring without a layout engine.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont, PdfDocument};

static SANS: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");
static SERIF_BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSerif-Bold.ttf");

/// A face of the document's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    /// Titles on certificates.
    SerifBold,
}

/// One parsed face with an advance table for the common characters, so
/// measuring a table of 1,000 names does not walk the cmap per letter.
pub struct FontData {
    pub parsed: ParsedFont,
    units_per_em: f32,
    latin: Vec<u16>,
    latin_glyphs: Vec<u16>,
}

const FAST: usize = 0x250; // Basic Latin to Latin Extended-B

impl FontData {
    fn load(bytes: &[u8]) -> FontData {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .expect("the bundled DejaVu font parses"); // compile-time asset, not user data
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        let latin = (0..FAST as u32)
            .map(|c| {
                parsed
                    .lookup_glyph_index(c)
                    .map_or(0, |g| parsed.get_horizontal_advance(g))
            })
            .collect();
        let latin_glyphs = (0..FAST as u32)
            .map(|c| parsed.lookup_glyph_index(c).unwrap_or(0))
            .collect();
        FontData {
            parsed,
            units_per_em,
            latin,
            latin_glyphs,
        }
    }

    /// The font's glyph id for `c` (0, the missing-glyph box, when it has
    /// none): the same lookup printpdf makes, so the subset holds it.
    pub fn glyph(&self, c: char) -> u16 {
        let code = c as usize;
        if code < FAST {
            return self.latin_glyphs[code];
        }
        self.parsed.lookup_glyph_index(c as u32).unwrap_or(0)
    }

    fn advance(&self, c: char) -> u16 {
        let code = c as usize;
        if code < FAST {
            return self.latin[code];
        }
        self.parsed
            .lookup_glyph_index(c as u32)
            .map_or(self.units_per_em as u16 / 2, |g| {
                self.parsed.get_horizontal_advance(g)
            })
    }

    /// Width of `text` at `size` points, in millimetres (no kerning).
    pub fn width_mm(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.advance(c))).sum();
        units as f32 / self.units_per_em * size * PT_TO_MM
    }

    pub fn has_glyph(&self, c: char) -> bool {
        c.is_whitespace()
            || self
                .parsed
                .lookup_glyph_index(c as u32)
                .is_some_and(|g| g != 0)
    }
}

pub const PT_TO_MM: f32 = 25.4 / 72.0;

pub struct FontSet {
    pub regular: FontData,
    pub bold: FontData,
    pub serif_bold: FontData,
}

impl FontSet {
    pub fn get() -> &'static FontSet {
        static FONTS: OnceLock<FontSet> = OnceLock::new();
        FONTS.get_or_init(|| FontSet {
            regular: FontData::load(SANS),
            bold: FontData::load(SANS_BOLD),
            serif_bold: FontData::load(SERIF_BOLD),
        })
    }

    pub fn data(&self, face: Face) -> &FontData {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::SerifBold => &self.serif_bold,
        }
    }
}

/// The glyphs a document's pages use, per face, each with a character it
/// stands for (the subset keeps these, and ToUnicode maps them back).
#[derive(Default)]
pub struct GlyphUse {
    faces: [Vec<Option<char>>; 3],
}

impl GlyphUse {
    fn index(face: Face) -> usize {
        match face {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::SerifBold => 2,
        }
    }

    pub fn mark(&mut self, face: Face, gid: u16, c: char) {
        let used = &mut self.faces[Self::index(face)];
        let i = usize::from(gid);
        if used.len() <= i {
            used.resize(i + 1, None);
        }
        if used[i].is_none() {
            used[i] = Some(c);
        }
    }

    /// The glyphs of `face` in ascending id order, with their characters.
    pub fn of(&self, face: Face) -> impl Iterator<Item = (u16, char)> + '_ {
        self.faces[Self::index(face)]
            .iter()
            .enumerate()
            .filter_map(|(gid, c)| c.map(|c| (gid as u16, c)))
    }
}

/// The faces as added to one document, and what its pages add as they are
/// drawn: the glyphs they use and their form XObjects (moved into the
/// document before saving).
#[derive(Clone)]
pub struct DocFonts {
    pub set: &'static FontSet,
    pub forms:
        std::rc::Rc<std::cell::RefCell<Vec<(printpdf::XObjectId, printpdf::ExternalXObject)>>>,
    pub glyphs: std::rc::Rc<std::cell::RefCell<GlyphUse>>,
    regular: FontId,
    bold: FontId,
    serif_bold: FontId,
}

impl DocFonts {
    pub fn add_to(doc: &mut PdfDocument) -> DocFonts {
        let set = FontSet::get();
        DocFonts {
            set,
            forms: Default::default(),
            glyphs: Default::default(),
            regular: doc.add_font(&set.regular.parsed),
            bold: doc.add_font(&set.bold.parsed),
            serif_bold: doc.add_font(&set.serif_bold.parsed),
        }
    }

    pub fn id(&self, face: Face) -> &FontId {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::SerifBold => &self.serif_bold,
        }
    }
}

/// Why a text will not print as written, in Indonesian, or None.
pub fn glyph_problem(text: &str) -> Option<String> {
    let fonts = FontSet::get();
    let mut missing: Vec<char> = text
        .chars()
        .filter(|c| !fonts.regular.has_glyph(*c))
        .collect();
    missing.dedup();
    if !missing.is_empty() {
        let shown: String = missing.iter().take(8).collect();
        return Some(format!(
            "memuat huruf yang tidak ada di fon dokumen ({shown}); huruf itu tercetak sebagai kotak. Tulis juga dalam huruf Latin di data peserta"
        ));
    }
    if text.chars().any(needs_shaping) {
        return Some(
            "memuat aksara yang ditulis dari kanan ke kiri atau yang hurufnya bersambung (misalnya Arab); tercetak terpisah-pisah, periksa hasil cetaknya atau tulis juga dalam huruf Latin".into(),
        );
    }
    None
}

/// Scripts whose letters change shape or direction in context; DejaVu has
/// some of their glyphs but printing them one by one is not readable text.
fn needs_shaping(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0x0900..=0x0DFF | 0x0E00..=0x0EFF | 0x1000..=0x109F
        | 0x1780..=0x17FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_names_with_diacritics_print() {
        assert_eq!(glyph_problem("Nyoman Ṡuardana Ñoño Łukasz Đặng"), None);
    }

    #[test]
    fn chinese_and_arabic_names_are_flagged() {
        assert!(glyph_problem("王小明").unwrap().contains("王"));
        assert!(glyph_problem("محمد").unwrap().contains("Arab"));
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let f = FontSet::get();
        let r = f.regular.width_mm("Budi Santoso", 12.0);
        assert!(r > 20.0 && r < 35.0, "{r}");
        assert!(f.bold.width_mm("Budi Santoso", 12.0) > r);
    }
}
