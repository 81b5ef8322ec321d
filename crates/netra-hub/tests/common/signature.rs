//! Signatures as the kiosk page sends them: `signature_pad` 5 point groups
//! (`{width, height, strokes: pad.toData()}`: float CSS pixels, `Date.now()`
//! times, the pad's pen settings) and the pad's PNG preview as a data URL,
//! drawn from the same strokes. Deterministic per seed; every one passes the
//! core's "is this a signature" checks.

use std::f64::consts::PI;

/// What `POST /api/submit` carries besides the ids.
#[derive(Debug, Clone)]
pub struct Signature {
    /// The pad's JSON text (`Submission::strokes`).
    pub strokes: String,
    /// `data:image/png;base64,...` (`Submission::png`).
    pub png: String,
    /// Points over all strokes.
    pub points: usize,
}

/// A tablet's pad (CSS px).
pub const TABLET_PAD: (u32, u32) = (600, 240);
/// A phone's pad in portrait (CSS px).
pub const PHONE_PAD: (u32, u32) = (340, 170);

/// A signature on a pad of `pad` CSS pixels: 2–5 strokes written left to
/// right at ~60 Hz, 20–110 points each, like a finger or stylus on glass.
pub fn signature(seed: u64, pad: (u32, u32)) -> Signature {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x9e37_79b9_7f4a_7c15);
    let (w, h) = (pad.0 as f64, pad.1 as f64);
    let groups = 2 + rng.usize(..4);
    let stylus = rng.u32(..3) == 0;
    let mut time: u64 = 1_764_000_000_000 + rng.u64(..10_000_000_000);
    let mut x = w * (0.06 + rng.f64() * 0.08);
    let span = w * 0.8 / groups as f64;
    let mut lines: Vec<Vec<(f64, f64)>> = Vec::with_capacity(groups);
    let mut json = String::with_capacity(16 * 1024);
    json.push_str(&format!(
        "{{\"width\":{},\"height\":{},\"strokes\":[",
        pad.0, pad.1
    ));
    for g in 0..groups {
        if g > 0 {
            json.push(',');
            // The finger lifts and comes down a little further on.
            time += 90 + rng.u64(..400);
        }
        let n = 20 + rng.usize(..91);
        let width = span * (0.7 + rng.f64() * 0.5);
        let loops = 1.0 + rng.f64() * 3.0;
        let amp = h * (0.12 + rng.f64() * 0.22);
        let mid = h * (0.35 + rng.f64() * 0.3);
        let phase = rng.f64() * 2.0 * PI;
        let slant = (rng.f64() - 0.5) * 0.6;
        json.push_str(
            "{\"penColor\":\"black\",\"dotSize\":0,\"minWidth\":0.5,\"maxWidth\":2.5,\"velocityFilterWeight\":0.7,\"compositeOperation\":\"source-over\",\"points\":[",
        );
        let mut line = Vec::with_capacity(n);
        for i in 0..n {
            let t = i as f64 / (n - 1) as f64;
            let wobble = (rng.f64() - 0.5) * 1.8;
            let px = x + t * width + (t * loops * 2.0 * PI + phase).cos() * amp * 0.35 + wobble;
            let py = mid
                + (t * loops * 2.0 * PI + phase).sin() * amp
                + slant * (px - x)
                + (rng.f64() - 0.5) * 1.8;
            let px = px.clamp(1.0, w - 1.0);
            let py = py.clamp(1.0, h - 1.0);
            let pressure = if stylus { 0.25 + rng.f64() * 0.6 } else { 0.5 };
            if i > 0 {
                json.push(',');
                time += 7 + rng.u64(..12);
            }
            // Browsers report sub-pixel positions with many digits.
            json.push_str(&format!(
                "{{\"x\":{px:.6},\"y\":{py:.6},\"pressure\":{pressure:.4},\"time\":{time}}}"
            ));
            line.push((px, py));
        }
        json.push_str("]}");
        lines.push(line);
        x += span * (0.9 + rng.f64() * 0.3);
    }
    json.push_str("]}");
    let points = lines.iter().map(Vec::len).sum();
    Signature {
        png: png_data_url(pad, &lines),
        strokes: json,
        points,
    }
}

/// The strokes drawn 2 px wide on a transparent-looking white pad, as a
/// 1-bit greyscale PNG (what a signature preview compresses to is of this
/// size: ~10–20 KB).
pub fn png_data_url(pad: (u32, u32), lines: &[Vec<(f64, f64)>]) -> String {
    let (w, h) = (pad.0 as usize, pad.1 as usize);
    let row = w.div_ceil(8);
    // 1 = white, as greyscale bit depth 1 reads.
    let mut bits = vec![0xffu8; row * h];
    let mut dot = |x: f64, y: f64| {
        for dy in -1..=1i64 {
            for dx in -1..=1i64 {
                let (px, py) = (x.round() as i64 + dx, y.round() as i64 + dy);
                if px >= 0 && py >= 0 && (px as usize) < w && (py as usize) < h {
                    let (px, py) = (px as usize, py as usize);
                    bits[py * row + px / 8] &= !(0x80 >> (px % 8));
                }
            }
        }
    };
    for line in lines {
        for seg in line.windows(2) {
            let (a, b) = (seg[0], seg[1]);
            let steps = ((b.0 - a.0).abs().max((b.1 - a.1).abs()).ceil() as usize).max(1);
            for s in 0..=steps {
                let t = s as f64 / steps as f64;
                dot(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            }
        }
    }
    let mut raw = Vec::with_capacity((row + 1) * h);
    for y in 0..h {
        raw.push(0); // filter: none
        raw.extend_from_slice(&bits[y * row..(y + 1) * row]);
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(w as u32).to_be_bytes());
    ihdr.extend_from_slice(&(h as u32).to_be_bytes());
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]); // 1 bit, greyscale, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib_stored(&raw));
    chunk(&mut png, b"IEND", &[]);
    format!("data:image/png;base64,{}", base64(&png))
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// zlib with stored (uncompressed) deflate blocks: valid, and no encoder needed.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + byte as u32) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &b| {
        CRC_TABLE[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8)
    })
}

fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= c.len() {
                out.push(ABC[(n >> shift & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
