//! Vector marks: the QR code and drawn signatures.

use qrcode::{Color, EcLevel};

use super::canvas::{Align, Canvas};
use super::fonts::Face;
use crate::declaration::strokes::Strokes;

/// Draws `payload` as a QR code of `size` mm (quiet zone included) with its
/// top-left at (x, y). Dark modules are merged into rectangles (a run and
/// the identical runs below it) and the whole code is one path.
pub fn qr(canvas: &mut Canvas, payload: &str, x: f32, y: f32, size: f32) -> Result<(), String> {
    let (n, colors) = qr_modules(payload)?;
    let quiet = 4;
    // Dark runs of a row, merged with the same run in the rows below.
    let dark = |r: usize, c: usize| colors[r * n + c] == Color::Dark;
    let mut used = vec![false; n * n];
    let mut boxes = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if !dark(row, col) || used[row * n + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && dark(row, col) && !used[row * n + col] {
                col += 1;
            }
            let mut height = 1;
            while row + height < n
                && (start..col).all(|c| dark(row + height, c) && !used[(row + height) * n + c])
                && (start == 0
                    || !dark(row + height, start - 1)
                    || used[(row + height) * n + start - 1])
                && (col == n || !dark(row + height, col) || used[(row + height) * n + col])
            {
                height += 1;
            }
            for r in row..row + height {
                for c in start..col {
                    used[r * n + c] = true;
                }
            }
            boxes.push((
                (quiet + start) as u32,
                (quiet + row) as u32,
                (col - start) as u32,
                height as u32,
            ));
        }
    }
    // PDF's y axis points up: row r of an n-module code starts at n - r - h.
    let total = (n + 2 * quiet) as u32;
    let mut content = Vec::with_capacity(boxes.len() * 14 + 8);
    content.extend_from_slice(b"0 g\n");
    for (c, r, w, h) in boxes {
        for v in [c, total - r - h, w, h] {
            push_int(&mut content, v);
            content.push(b' ');
        }
        content.extend_from_slice(b"re\n");
    }
    content.extend_from_slice(b"f\n");
    canvas.form(content, total, x, y, size);
    Ok(())
}

/// Writes `v` in decimal: thousands of QR rectangles per batch made
/// `format!` a visible share of its time.
pub(crate) fn push_int(out: &mut Vec<u8>, v: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut v = v;
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// The modules of `payload` as a QR code (level M): its width and colours.
///
/// The mask is fixed instead of scored: qrcode's scoring of all eight masks
/// was a third of the time of a 1,000-certificate batch, and it exists to
/// break up regular patterns in the data, which our payload (mostly a
/// signature in base32, then a short text) does not have. Any mask is
/// valid to every reader; the rendered-page tests decode every kind.
pub fn qr_modules(payload: &str) -> Result<(usize, Vec<Color>), String> {
    let fail = |e: qrcode::types::QrError| format!("kode QR tidak dapat dibuat: {e}");
    let bits = encode(payload).map_err(fail)?;
    let version = bits.version();
    let (data, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).map_err(fail)?;
    let mut canvas = qrcode::canvas::Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    Ok((version.width() as usize, canvas.into_colors()))
}

/// The payload's bits at the smallest version that holds them. A payload
/// with any non-ASCII character (a name with diacritics) starts with the
/// UTF-8 ECI designator (26): without it a reader guesses the byte
/// segment's charset (ZBar took "…" for Shift-JIS).
fn encode(payload: &str) -> qrcode::types::QrResult<qrcode::bits::Bits> {
    use qrcode::types::{QrError, Version};
    if payload.is_ascii() {
        return qrcode::bits::encode_auto(payload.as_bytes(), EcLevel::M);
    }
    for n in 1..=40 {
        let mut bits = qrcode::bits::Bits::new(Version::Normal(n));
        let pushed = bits
            .push_eci_designator(26)
            .and_then(|()| bits.push_optimal_data(payload.as_bytes()))
            .and_then(|()| bits.push_terminator(EcLevel::M));
        match pushed {
            Ok(()) => return Ok(bits),
            Err(QrError::DataTooLong) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(QrError::DataTooLong)
}

/// The strokes fitted into the box (x, y, w, h) with their aspect kept,
/// centred; points closer than 0.15 mm to the last kept one are dropped
/// (invisible at print size, and they make up most of a pad's samples).
pub fn signature_lines(strokes: &Strokes, x: f32, y: f32, w: f32, h: f32) -> Vec<Vec<(f32, f32)>> {
    let points = strokes.strokes.iter().flatten();
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
    for p in points {
        min_x = min_x.min(p[0]);
        min_y = min_y.min(p[1]);
        max_x = max_x.max(p[0]);
        max_y = max_y.max(p[1]);
    }
    if min_x > max_x {
        return Vec::new();
    }
    let span_x = (max_x - min_x).max(1) as f32;
    let span_y = (max_y - min_y).max(1) as f32;
    let scale = (w / span_x).min(h / span_y);
    let off_x = x + (w - span_x * scale) / 2.0;
    let off_y = y + (h - span_y * scale) / 2.0;
    strokes
        .strokes
        .iter()
        .map(|stroke| {
            let mut line: Vec<(f32, f32)> = Vec::with_capacity(stroke.len());
            for p in stroke {
                let pt = (
                    off_x + (p[0] - min_x) as f32 * scale,
                    off_y + (p[1] - min_y) as f32 * scale,
                );
                match line.last() {
                    Some(&(lx, ly)) if (pt.0 - lx).hypot(pt.1 - ly) < 0.15 => {}
                    _ => line.push(pt),
                }
            }
            if let (Some(&last), Some(p)) = (line.last(), stroke.last()) {
                let end = (
                    off_x + (p[0] - min_x) as f32 * scale,
                    off_y + (p[1] - min_y) as f32 * scale,
                );
                if end != last {
                    line.push(end);
                }
            }
            if line.len() == 1 {
                line.push(line[0]); // a dot: a zero-length round-capped line
            }
            line
        })
        .collect()
}

/// Draws a stored signature into the box, or says it cannot be read.
/// Returns false when the stored strokes are damaged.
pub fn signature(
    canvas: &mut Canvas,
    stored: Option<&str>,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
) -> bool {
    match stored.map(Strokes::from_canonical) {
        Some(Ok(strokes)) => {
            let lines = signature_lines(&strokes, x, y, w, h);
            canvas.stroke_gray(0.05);
            canvas.polylines(&lines, (h * 0.045).clamp(0.6, 1.4));
            true
        }
        Some(Err(_)) => {
            canvas.gray(0.35);
            canvas.text(
                Face::Regular,
                6.5,
                x + w / 2.0,
                y + h / 2.0 + 1.0,
                Align::Center,
                "tanda tangan tidak terbaca",
            );
            canvas.gray(0.0);
            false
        }
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_fits_its_box_keeping_its_shape() {
        let strokes = Strokes {
            width: 600,
            height: 300,
            strokes: vec![
                vec![[0, 0, 500, 0], [40000, 10000, 500, 10]],
                vec![[20000, 5000, 500, 20]],
            ],
        };
        let lines = signature_lines(&strokes, 10.0, 20.0, 40.0, 10.0);
        let all: Vec<_> = lines.iter().flatten().collect();
        assert!(all
            .iter()
            .all(|(x, y)| (10.0..=50.0).contains(x) && (20.0..=30.0).contains(y)));
        // 4:1 drawing in a 4:1 box fills it exactly.
        assert_eq!(lines[0][0], (10.0, 20.0));
        assert_eq!(lines[0][1], (50.0, 30.0));
        assert_eq!(lines[1].len(), 2, "a dot is drawn as a zero-length line");
    }
}
