//! Signature strokes: what the kiosk's signature pad sends, checked
//! and brought to one canonical form before it is hashed and stored.
//!
//! The pad (`signature_pad` 5) reports point groups in CSS pixels with
//! float coordinates and times. JavaScript and Rust print floats
//! differently, so the hash is taken over integers: 1/100 px, pressure in
//! 1/1000, milliseconds from the first point.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, Result};

/// Largest stroke payload accepted, in bytes of JSON.
pub const MAX_STROKES_BYTES: usize = 1_000_000;
/// Largest PNG preview accepted, decoded.
pub const MAX_PNG_BYTES: usize = 1_000_000;
const MAX_POINTS: usize = 20_000;
const MAX_GROUPS: usize = 500;
/// Points may stray a little outside the pad when a finger leaves it.
const MARGIN: f64 = 64.0;
/// A signature shorter than this (summed over its strokes) is a dot or a tick.
pub const MIN_PATH_PX: f64 = 60.0;
/// Its bounding box must be at least this wide or tall.
pub const MIN_EXTENT_PX: f64 = 40.0;
pub const MIN_POINTS: usize = 5;

/// The "is this a signature" thresholds, sent to every kiosk page so its
/// quick check before "Kirim" is the core's rule, never a copy of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SignatureRules {
    pub min_points: u32,
    /// Summed stroke length, CSS px.
    pub min_path_px: u32,
    /// Width or height of the drawing, CSS px.
    pub min_extent_px: u32,
}

pub const RULES: SignatureRules = SignatureRules {
    min_points: MIN_POINTS as u32,
    min_path_px: MIN_PATH_PX as u32,
    min_extent_px: MIN_EXTENT_PX as u32,
};

/// One point: x and y in 1/100 CSS px from the pad's top-left corner,
/// pressure in 1/1000 (500 when the device reports none), time in ms after
/// the signature's first point.
pub type Point = [i64; 4];

/// A signature as stored: the pad's size and its strokes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Strokes {
    /// Pad size in CSS px.
    pub width: u32,
    pub height: u32,
    #[ts(type = "Array<Array<[number, number, number, number]>>")]
    pub strokes: Vec<Vec<Point>>,
}

/// What the pad sends: `{width, height, strokes: pad.toData()}`.
#[derive(Deserialize)]
struct PadData {
    width: f64,
    height: f64,
    strokes: Vec<PadGroup>,
}

/// One `PointGroup` of signature_pad; colours and widths are ignored.
#[derive(Deserialize)]
struct PadGroup {
    points: Vec<PadPoint>,
}

#[derive(Deserialize)]
struct PadPoint {
    x: f64,
    y: f64,
    #[serde(default)]
    pressure: Option<f64>,
    time: f64,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::field("signature", message)
}

impl Strokes {
    /// Parses and checks the pad's JSON. Every refusal says, in words an
    /// attendee understands, what to do.
    pub fn parse(json: &str) -> Result<Strokes> {
        if json.len() > MAX_STROKES_BYTES {
            return Err(invalid(format!(
                "Data tanda tangan terlalu besar ({} KB, paling banyak {} KB). Hapus lalu tanda tangani lagi.",
                json.len() / 1024,
                MAX_STROKES_BYTES / 1024
            )));
        }
        let pad: PadData = serde_json::from_str(json).map_err(|_| {
            invalid("Data tanda tangan rusak (bukan data goresan yang sah). Hapus lalu tanda tangani lagi.")
        })?;
        let size_ok = |v: f64| v.is_finite() && (100.0..=4000.0).contains(&v);
        if !size_ok(pad.width) || !size_ok(pad.height) {
            return Err(invalid(
                "Ukuran bidang tanda tangan tidak sah (harus 100–4000 piksel)",
            ));
        }
        let total: usize = pad.strokes.iter().map(|g| g.points.len()).sum();
        if pad.strokes.len() > MAX_GROUPS || total > MAX_POINTS {
            return Err(invalid(
                "Tanda tangan terlalu rumit (terlalu banyak goresan). Hapus lalu tanda tangani lagi.",
            ));
        }
        let t0 = pad
            .strokes
            .iter()
            .flat_map(|g| g.points.iter())
            .map(|p| p.time)
            .filter(|t| t.is_finite())
            .fold(f64::INFINITY, f64::min);
        let mut strokes = Vec::with_capacity(pad.strokes.len());
        for group in &pad.strokes {
            let mut points = Vec::with_capacity(group.points.len());
            for p in &group.points {
                let inside = |v: f64, max: f64| v.is_finite() && v >= -MARGIN && v <= max + MARGIN;
                if !inside(p.x, pad.width) || !inside(p.y, pad.height) {
                    return Err(invalid(
                        "Ada titik tanda tangan di luar bidang tanda tangan. Hapus lalu tanda tangani lagi.",
                    ));
                }
                let pressure = p.pressure.unwrap_or(0.5);
                if !pressure.is_finite() || !p.time.is_finite() || p.time < 0.0 {
                    return Err(invalid(
                        "Data tanda tangan rusak (tekanan atau waktu tidak sah). Hapus lalu tanda tangani lagi.",
                    ));
                }
                points.push([
                    (p.x * 100.0).round() as i64,
                    (p.y * 100.0).round() as i64,
                    (pressure.clamp(0.0, 1.0) * 1000.0).round() as i64,
                    (p.time - t0).round().min(86_400_000.0) as i64,
                ]);
            }
            if !points.is_empty() {
                strokes.push(points);
            }
        }
        let s = Strokes {
            width: pad.width.round() as u32,
            height: pad.height.round() as u32,
            strokes,
        };
        s.check_not_trivial()?;
        Ok(s)
    }

    /// Reads the canonical form back from the database.
    /// Coordinates beyond ±1,000,000 px (hundredths) are a damaged row: no
    /// pad is that large, and the arithmetic on them stays in range.
    pub fn from_canonical(json: &str) -> Result<Strokes> {
        const MAX_COORD: i64 = 100_000_000;
        let s: Strokes = serde_json::from_str(json)
            .map_err(|e| invalid(format!("data goresan tersimpan rusak: {e}")))?;
        if s.strokes
            .iter()
            .flatten()
            .any(|p| p[0].abs() > MAX_COORD || p[1].abs() > MAX_COORD)
        {
            return Err(invalid(
                "data goresan tersimpan rusak: koordinat di luar bidang tanda tangan",
            ));
        }
        Ok(s)
    }

    fn check_not_trivial(&self) -> Result<()> {
        let points = self.strokes.iter().map(Vec::len).sum::<usize>();
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
        for p in self.strokes.iter().flatten() {
            min_x = min_x.min(p[0]);
            max_x = max_x.max(p[0]);
            min_y = min_y.min(p[1]);
            max_y = max_y.max(p[1]);
        }
        let extent = if points == 0 {
            0.0
        } else {
            ((max_x - min_x).max(max_y - min_y)) as f64 / 100.0
        };
        if points == 0 {
            return Err(invalid(
                "Tanda tangan masih kosong. Silakan tanda tangani di dalam kotak.",
            ));
        }
        if points < MIN_POINTS || self.path_length() < MIN_PATH_PX || extent < MIN_EXTENT_PX {
            return Err(invalid(
                "Tanda tangan terlalu pendek. Silakan tanda tangani lagi dengan lengkap, seperti di atas kertas.",
            ));
        }
        Ok(())
    }

    /// Summed length of all strokes, in CSS px.
    pub fn path_length(&self) -> f64 {
        self.strokes
            .iter()
            .flat_map(|s| s.windows(2))
            .map(|w| {
                let dx = (w[1][0] - w[0][0]) as f64 / 100.0;
                let dy = (w[1][1] - w[0][1]) as f64 / 100.0;
                (dx * dx + dy * dy).sqrt()
            })
            .sum()
    }

    /// The stored text: compact JSON of integers, identical in every build.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// SHA-256 (hex) of [`Strokes::canonical_json`]; part of the signed record.
    pub fn hash(&self) -> String {
        hash_text(&self.canonical_json())
    }
}

/// SHA-256 (hex) of a stored canonical stroke text.
pub fn hash_text(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// Decodes the pad's PNG preview (`data:image/png;base64,...` or bare
/// base64) and checks that it is a PNG of a sane size.
pub fn decode_png(data: &str) -> Result<Vec<u8>> {
    let b64 = data.strip_prefix("data:image/png;base64,").unwrap_or(data);
    if b64.len() > MAX_PNG_BYTES * 4 / 3 + 4 {
        return Err(invalid("Gambar tanda tangan terlalu besar"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|_| invalid("Gambar tanda tangan rusak (bukan base64)"))?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(invalid("Gambar tanda tangan bukan PNG"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_row_with_coordinates_no_pad_has_is_damaged_not_a_crash() {
        let far = format!(
            "{{\"width\":300,\"height\":150,\"strokes\":[[[{},0,0,500],[{},0,16,500]]]}}",
            i64::MIN + 1,
            i64::MAX
        );
        let err = Strokes::from_canonical(&far).expect_err("damaged");
        assert!(err.to_string().contains("di luar bidang"), "{err}");
        let near = "{\"width\":300,\"height\":150,\"strokes\":[[[100,0,0,500],[2000,0,16,500]]]}";
        assert!((Strokes::from_canonical(near).expect("fine").path_length() - 19.0).abs() < 1e-9);
    }

    fn pad(points: &[(f64, f64)]) -> String {
        let pts: Vec<_> = points
            .iter()
            .enumerate()
            .map(|(i, (x, y))| serde_json::json!({"x": x, "y": y, "pressure": 0.5, "time": 1000.0 + i as f64 * 16.0}))
            .collect();
        serde_json::json!({"width": 600, "height": 300, "strokes": [{"penColor": "black", "points": pts}]})
            .to_string()
    }

    #[test]
    fn a_real_stroke_is_kept_in_integer_form() {
        let s = Strokes::parse(&pad(&[
            (10.0, 10.0),
            (40.5, 20.25),
            (80.0, 60.0),
            (120.0, 40.0),
            (160.0, 90.0),
        ]))
        .expect("valid");
        assert_eq!(s.strokes[0][1], [4050, 2025, 500, 16]);
        assert_eq!(s.strokes[0][0][3], 0);
        // Parsing the canonical form again gives the same hash.
        let again = Strokes::from_canonical(&s.canonical_json()).expect("canonical");
        assert_eq!(again.hash(), s.hash());
    }

    #[test]
    fn a_dot_or_a_short_tick_is_refused() {
        for pts in [
            vec![(10.0, 10.0)],
            vec![
                (10.0, 10.0),
                (20.0, 12.0),
                (25.0, 14.0),
                (30.0, 15.0),
                (32.0, 15.0),
            ],
        ] {
            let err = Strokes::parse(&pad(&pts)).expect_err("trivial");
            assert!(err.to_string().contains("terlalu pendek"), "{err}");
        }
        let err = Strokes::parse(r#"{"width":600,"height":300,"strokes":[]}"#).expect_err("empty");
        assert!(err.to_string().contains("kosong"), "{err}");
    }
}
