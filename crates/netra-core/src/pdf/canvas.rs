//! One page being drawn, in millimetres from the top-left corner (how the
//! layouts are written) turned into PDF points from the bottom-left.
//!
//! The page's content stream is written here as bytes, not as printpdf
//! operations: translating about 25,000 text operations of a 1,000-page
//! batch through printpdf cost 130 ms, writing them costs a tenth of that.
//! printpdf still builds the document around the pages (fonts subset with
//! their ToUnicode maps, resources, images), see [`super::assemble`]. Text
//! is written with the font's own glyph ids and renumbered to the subset's
//! once every page is drawn.

use printpdf::PaintMode;

use super::fonts::{DocFonts, Face};

const MM_TO_PT: f32 = 72.0 / 25.4;

/// Horizontal anchor of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A face, its size in points and the distance between baselines in mm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub leading: f32,
}

impl Style {
    pub const fn new(face: Face, size: f32, leading: f32) -> Style {
        Style {
            face,
            size,
            leading,
        }
    }
}

/// A drawn page: its size in mm and its content stream, with where each
/// text's glyph ids sit in it (renumbered when the document is assembled).
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub content: Vec<u8>,
    /// (byte offset of the first hex digit, face, glyph count).
    pub glyph_runs: Vec<(usize, Face, usize)>,
}

pub struct Canvas<'a> {
    pub fonts: &'a DocFonts,
    pub width: f32,
    pub height: f32,
    out: Vec<u8>,
    glyph_runs: Vec<(usize, Face, usize)>,
}

impl<'a> Canvas<'a> {
    pub fn new(fonts: &'a DocFonts, width: f32, height: f32) -> Canvas<'a> {
        Canvas {
            fonts,
            width,
            height,
            out: Vec::with_capacity(4096),
            glyph_runs: Vec::with_capacity(32),
        }
    }

    pub fn finish(self) -> Page {
        Page {
            width: self.width,
            height: self.height,
            content: self.out,
            glyph_runs: self.glyph_runs,
        }
    }

    fn num(&mut self, v: f32) {
        push_num(&mut self.out, v);
        self.out.push(b' ');
    }

    /// A point in PDF units from mm measured from the top-left.
    fn point(&mut self, x: f32, y: f32) {
        self.num(x * MM_TO_PT);
        self.num((self.height - y) * MM_TO_PT);
    }

    fn op(&mut self, op: &[u8]) {
        self.out.extend_from_slice(op);
        self.out.push(b'\n');
    }

    /// Width of `text` in mm.
    pub fn measure(&self, face: Face, size: f32, text: &str) -> f32 {
        self.fonts.set.data(face).width_mm(text, size)
    }

    /// Text on the baseline `y`, anchored at `x` by `align`.
    pub fn text(&mut self, face: Face, size: f32, x: f32, y: f32, align: Align, text: &str) {
        if text.is_empty() {
            return;
        }
        let x = match align {
            Align::Left => x,
            Align::Center => x - self.measure(face, size, text) / 2.0,
            Align::Right => x - self.measure(face, size, text),
        };
        self.out.extend_from_slice(b"BT\n/");
        self.out.extend_from_slice(self.fonts.id(face).0.as_bytes());
        self.out.push(b' ');
        self.num(size);
        self.op(b"Tf");
        self.point(x, y);
        self.op(b"Td");
        self.out.push(b'<');
        let start = self.out.len();
        let font = self.fonts.set.data(face);
        let mut used = self.fonts.glyphs.borrow_mut();
        let mut count = 0;
        for c in text.chars() {
            let gid = font.glyph(c);
            used.mark(face, gid, c);
            push_hex4(&mut self.out, gid);
            count += 1;
        }
        drop(used);
        self.glyph_runs.push((start, face, count));
        self.out.extend_from_slice(b"> Tj\nET\n");
    }

    /// Lines of wrapped text from baseline `y`; returns the baseline after the last.
    pub fn paragraph(&mut self, style: Style, x: f32, y: f32, width: f32, text: &str) -> f32 {
        let mut y = y;
        for line in self.wrap(style.face, style.size, width, text) {
            self.text(style.face, style.size, x, y, Align::Left, &line);
            y += style.leading;
        }
        y
    }

    /// Greedy word wrap to `width` mm; a word longer than a line is cut.
    pub fn wrap(&self, face: Face, size: f32, width: f32, text: &str) -> Vec<String> {
        wrap(self.fonts.set.data(face), size, width, text)
    }

    /// Fill colour, 0 black to 1 white.
    pub fn gray(&mut self, level: f32) {
        self.num(level);
        self.op(b"g");
    }

    /// Stroke colour, 0 black to 1 white.
    pub fn stroke_gray(&mut self, level: f32) {
        self.num(level);
        self.op(b"G");
    }

    pub fn thickness(&mut self, pt: f32) {
        self.num(pt);
        self.op(b"w");
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.point(x1, y1);
        self.op(b"m");
        self.point(x2, y2);
        self.op(b"l");
        self.op(b"S");
    }

    /// A rectangle with its top-left corner at (x, y).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) {
        self.point(x, y + h);
        self.num(w * MM_TO_PT);
        self.num(h * MM_TO_PT);
        self.op(b"re");
        self.op(match mode {
            PaintMode::Fill => b"f",
            PaintMode::Stroke => b"S",
            PaintMode::FillStroke => b"B",
            PaintMode::Clip => b"W n",
        });
    }

    /// Round-capped polylines, e.g. a signature's strokes (already in mm).
    pub fn polylines(&mut self, lines: &[Vec<(f32, f32)>], thickness_pt: f32) {
        self.op(b"q");
        self.thickness(thickness_pt);
        self.op(b"1 J 1 j");
        for line in lines {
            for (i, &(x, y)) in line.iter().enumerate() {
                self.point(x, y);
                self.op(if i == 0 { b"m" } else { b"l" });
            }
            if !line.is_empty() {
                self.op(b"S");
            }
        }
        self.op(b"Q");
    }

    /// Draws the XObject `name` (an image: 1 x 1 unit, or a form of
    /// `units` x `units`) `w` x `h` mm with its top-left at (x, y).
    fn place(&mut self, name: &str, units: f32, x: f32, y: f32, w: f32, h: f32) {
        self.op(b"q");
        // Scale factors keep 4 decimals: a QR module is 1/37 of the form.
        push_scale(&mut self.out, w * MM_TO_PT / units);
        self.out.extend_from_slice(b" 0 0 ");
        push_scale(&mut self.out, h * MM_TO_PT / units);
        self.out.push(b' ');
        self.point(x, y + h);
        self.op(b"cm");
        self.out.push(b'/');
        self.out.extend_from_slice(name.as_bytes());
        self.op(b" Do");
        self.op(b"Q");
    }

    /// An image added to the document once (`images::embed`), as large
    /// as fits the box (x, y, w, h) mm with its shape kept, centred.
    pub fn image(&mut self, image: &super::images::Placed, x: f32, y: f32, w: f32, h: f32) {
        let (iw, ih) = image.fit(w, h);
        self.place(
            &image.name,
            1.0,
            x + (w - iw) / 2.0,
            y + (h - ih) / 2.0,
            iw,
            ih,
        );
    }

    /// A dashed rectangle (a place to stick or stamp something).
    pub fn dashed_rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.op(b"q [2 1.5] 0 d");
        self.rect(x, y, w, h, PaintMode::Stroke);
        self.op(b"Q");
    }

    /// A form XObject with raw `content` in a `units` x `units` box, drawn
    /// `size` mm wide with its top-left corner at (x, y). For marks made of
    /// hundreds of shapes (the QR code), kept out of the page's stream so a
    /// verifier finds them by name.
    pub fn form(&mut self, content: Vec<u8>, units: u32, x: f32, y: f32, size: f32) {
        use printpdf::{DictItem, ExternalStream, ExternalXObject, XObjectId};
        let n = i64::from(units);
        let dict = [
            ("Type".to_string(), DictItem::Name(b"XObject".to_vec())),
            ("Subtype".to_string(), DictItem::Name(b"Form".to_vec())),
            (
                "BBox".to_string(),
                DictItem::Array(vec![
                    DictItem::Int(0),
                    DictItem::Int(0),
                    DictItem::Int(n),
                    DictItem::Int(n),
                ]),
            ),
        ]
        .into_iter()
        .collect();
        let id = XObjectId::new();
        let object = ExternalXObject {
            stream: ExternalStream {
                dict,
                content,
                compress: true,
            },
            width: None,
            height: None,
            dpi: None,
        };
        self.place(&id.0, units as f32, x, y, size, size);
        self.fonts.forms.borrow_mut().push((id, object));
    }
}

/// Writes `v` rounded to 1/100 (3.5 µm at points): the shortest form,
/// "374.53" rather than "374.52808", keeps every page small.
pub(crate) fn push_num(out: &mut Vec<u8>, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let a = hundredths.unsigned_abs();
    super::marks::push_int(out, (a / 100) as u32);
    let frac = (a % 100) as u8;
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + frac / 10);
        if !frac.is_multiple_of(10) {
            out.push(b'0' + frac % 10);
        }
    }
}

fn push_scale(out: &mut Vec<u8>, v: f32) {
    let t = format!("{v:.4}");
    out.extend_from_slice(t.trim_end_matches('0').trim_end_matches('.').as_bytes());
}

fn push_hex4(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        HEX[usize::from(v >> 12)],
        HEX[usize::from((v >> 8) & 15)],
        HEX[usize::from((v >> 4) & 15)],
        HEX[usize::from(v & 15)],
    ]);
}

/// Rewrites the glyph ids of `runs` in `content` through `code` (the
/// subset's numbering), in place: both are four hex digits.
pub(crate) fn renumber(
    content: &mut [u8],
    runs: &[(usize, Face, usize)],
    code: &dyn Fn(Face, u16) -> u16,
) {
    for &(start, face, count) in runs {
        for i in 0..count {
            let at = start + 4 * i;
            let Some(hex) = content.get(at..at + 4) else {
                return;
            };
            let gid = hex.iter().fold(0u16, |acc, &h| {
                let d = match h {
                    b'0'..=b'9' => h - b'0',
                    _ => h - b'A' + 10,
                };
                (acc << 4) | u16::from(d)
            });
            let mut new = Vec::with_capacity(4);
            push_hex4(&mut new, code(face, gid));
            content[at..at + 4].copy_from_slice(&new);
        }
    }
}

pub fn wrap(font: &super::fonts::FontData, size: f32, width: f32, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if font.width_mm(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut where it overflows.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if font.width_mm(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::super::fonts::FontSet;
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let font = &FontSet::get().regular;
        let text = "Dinas Pendidikan, Pemuda dan Olahraga Kabupaten Lombok Tengah Provinsi Nusa Tenggara Barat";
        let lines = wrap(font, 9.0, 40.0, text);
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| font.width_mm(l, 9.0) <= 40.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn numbers_are_written_short_and_exact_to_a_hundredth() {
        let text = |v: f32| {
            let mut out = Vec::new();
            push_num(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(text(374.52808), "374.53");
        assert_eq!(text(12.0), "12");
        assert_eq!(text(0.5), "0.5");
        assert_eq!(text(-3.04), "-3.04");
        assert_eq!(text(0.001), "0");
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_not_lost() {
        let font = &FontSet::get().regular;
        let word = "A".repeat(300);
        let lines = wrap(font, 9.0, 30.0, &word);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), word);
    }
}
