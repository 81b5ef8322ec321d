//! One page being drawn, in millimetres from the top-left corner (how the
//! layouts are written) turned into PDF points from the bottom-left.

use printpdf::{
    Color, Greyscale, Line, LineCapStyle, LineJoinStyle, LinePoint, Mm, Op, PaintMode,
    PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem, WindingOrder,
};

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

pub struct Canvas<'a> {
    pub fonts: &'a DocFonts,
    pub width: f32,
    pub height: f32,
    ops: Vec<Op>,
}

impl<'a> Canvas<'a> {
    pub fn new(fonts: &'a DocFonts, width: f32, height: f32) -> Canvas<'a> {
        Canvas {
            fonts,
            width,
            height,
            ops: Vec::with_capacity(64),
        }
    }

    pub fn finish(self) -> PdfPage {
        PdfPage::new(Mm(self.width), Mm(self.height), self.ops)
    }

    /// Rounded to 1/100 pt (3.5 µm): printpdf writes floats in full, and
    /// "374.53" instead of "374.52808" makes every page smaller.
    fn point(&self, x: f32, y: f32) -> Point {
        Point {
            x: Pt(round(x * MM_TO_PT)),
            y: Pt(round((self.height - y) * MM_TO_PT)),
        }
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
        let pos = self.point(x, y);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.fonts.id(face).clone()),
                size: Pt(size),
            },
            Op::SetTextCursor { pos },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
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

    pub fn gray(&mut self, level: f32) {
        self.ops.push(Op::SetFillColor { col: gray(level) });
    }

    pub fn stroke_gray(&mut self, level: f32) {
        self.ops.push(Op::SetOutlineColor { col: gray(level) });
    }

    pub fn thickness(&mut self, pt: f32) {
        self.ops.push(Op::SetOutlineThickness { pt: Pt(pt) });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        let points = vec![
            LinePoint {
                p: self.point(x1, y1),
                bezier: false,
            },
            LinePoint {
                p: self.point(x2, y2),
                bezier: false,
            },
        ];
        self.ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: false,
            },
        });
    }

    /// A rectangle with its top-left corner at (x, y).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) {
        let p = self.point(x, y + h);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: p.x,
                y: p.y,
                width: Pt(w * MM_TO_PT),
                height: Pt(h * MM_TO_PT),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// Round-capped polylines, e.g. a signature's strokes (already in mm).
    pub fn polylines(&mut self, lines: &[Vec<(f32, f32)>], thickness_pt: f32) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetOutlineThickness {
            pt: Pt(thickness_pt),
        });
        self.ops.push(Op::SetLineCapStyle {
            cap: LineCapStyle::Round,
        });
        self.ops.push(Op::SetLineJoinStyle {
            join: LineJoinStyle::Round,
        });
        for line in lines {
            let points = line.iter().map(|&(x, y)| LinePoint {
                p: self.point(x, y),
                bezier: false,
            });
            self.ops.push(Op::DrawLine {
                line: Line {
                    points: points.collect(),
                    is_closed: false,
                },
            });
        }
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// A form XObject with raw `content` in a `units` x `units` box, drawn
    /// `size` mm wide with its top-left corner at (x, y). For marks made of
    /// hundreds of shapes (the QR code): written here as plain text, they
    /// cost a fraction of the same shapes as printpdf operations.
    pub fn form(&mut self, content: Vec<u8>, units: u32, x: f32, y: f32, size: f32) {
        use printpdf::{DictItem, ExternalStream, ExternalXObject, XObjectId, XObjectTransform};
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
        self.fonts.forms.borrow_mut().push((id.clone(), object));
        let bottom_left = self.point(x, y + size);
        let scale = size * MM_TO_PT / units as f32;
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(bottom_left.x),
                translate_y: Some(bottom_left.y),
                scale_x: Some(scale),
                scale_y: Some(scale),
                no_auto_scale: true,
                ..XObjectTransform::default()
            },
        });
    }
}

fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn gray(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
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
    fn a_word_longer_than_the_line_is_cut_not_lost() {
        let font = &FontSet::get().regular;
        let word = "A".repeat(300);
        let lines = wrap(font, 9.0, 30.0, &word);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), word);
    }
}
