//! Images an organiser gives Netra for its papers: checked for type and
//! size with a message that says what to do, scaled down to what print
//! needs, and stored once as PNG (named by its hash, so the same logo on
//! ten events is one row).

use std::io::Cursor;

use chrono::{DateTime, Utc};
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::db;
use crate::error::{Error, Result};

/// Files larger than this are refused before they are decoded (a
/// certificate background may be twice as large).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The largest file any use accepts (a certificate background).
pub const MAX_ANY_BYTES: usize = 2 * MAX_FILE_BYTES;
/// Sides outside these bounds are refused (read from the header first).
pub const MAX_SIDE: u32 = 6000;
pub const MIN_SIDE: u32 = 32;

/// What an image is for: it decides what is accepted and how far it is
/// scaled down (about 300 dpi at its printed size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Letterhead and certificate logos: PNG or JPEG, printed up to 25 mm.
    Logo,
    /// The official's scanned signature: PNG with transparency, up to 50 mm.
    Signature,
    /// The office's stamp (cap): PNG with transparency, up to 40 mm.
    Stamp,
    /// A certificate's own background: PNG or JPEG, A4 landscape in
    /// shape, kept at about 200 dpi (it is artwork, not text).
    Background,
}

impl Role {
    fn max_side(self) -> u32 {
        match self {
            Role::Logo => 600,
            Role::Signature => 1000,
            Role::Stamp => 800,
            Role::Background => 2400,
        }
    }

    fn max_bytes(self) -> usize {
        match self {
            Role::Background => MAX_ANY_BYTES,
            _ => MAX_FILE_BYTES,
        }
    }

    /// PNG or JPEG, with no transparency needed.
    fn opaque(self) -> bool {
        matches!(self, Role::Logo | Role::Background)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Logo => "Logo",
            Role::Signature => "Tanda tangan pejabat",
            Role::Stamp => "Stempel (cap)",
            Role::Background => "Latar sertifikat",
        }
    }
}

/// A stored image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: i64,
    pub width: u32,
    pub height: u32,
}

/// A checked image, as it will be stored.
#[derive(Debug, Clone)]
pub struct Checked {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// zlib of the RGB samples and of the alpha channel (see [`Pixels`]).
    pub pixels: Pixels,
}

/// An image's pixels as a PDF image XObject takes them: zlib-compressed
/// 8-bit RGB samples, and the alpha channel as its soft mask when the
/// image has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

fn zlib(data: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| Error::Environment(format!("Gambar tidak dapat dikemas: {e}")))
}

fn pixels(img: &DynamicImage) -> Result<Pixels> {
    let (width, height) = (img.width(), img.height());
    if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        let mut rgb = Vec::with_capacity((width * height * 3) as usize);
        let mut alpha = Vec::with_capacity((width * height) as usize);
        for p in rgba.pixels() {
            rgb.extend_from_slice(&p.0[..3]);
            alpha.push(p.0[3]);
        }
        Ok(Pixels {
            width,
            height,
            rgb: zlib(&rgb)?,
            alpha: Some(zlib(&alpha)?),
        })
    } else {
        Ok(Pixels {
            width,
            height,
            rgb: zlib(img.to_rgb8().as_raw())?,
            alpha: None,
        })
    }
}

/// Checks `bytes` for `role`; errors go to `field`, in Indonesian.
pub fn check(bytes: &[u8], role: Role, field: &str) -> Result<Checked> {
    let refuse = |why: String| Error::field(field, format!("{}: {why}", role.label()));
    if bytes.is_empty() {
        return Err(refuse("berkasnya kosong".into()));
    }
    if bytes.len() > role.max_bytes() {
        return Err(refuse(format!(
            "berkas {:.1} MB terlalu besar (paling besar {} MB); perkecil gambarnya dulu",
            bytes.len() as f64 / (1024.0 * 1024.0),
            role.max_bytes() / (1024 * 1024)
        )));
    }
    let format = match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => ImageFormat::Png,
        Ok(ImageFormat::Jpeg) if role.opaque() => ImageFormat::Jpeg,
        Ok(ImageFormat::Jpeg) => {
            return Err(refuse(
                "harus PNG berlatar transparan, bukan JPEG (JPEG tidak bisa transparan; pindai ulang atau hapus latarnya lalu simpan sebagai PNG)".into(),
            ))
        }
        _ if role.opaque() => {
            return Err(refuse(
                "bukan gambar PNG atau JPEG; pilih berkas .png atau .jpg".into(),
            ))
        }
        _ => return Err(refuse("bukan gambar PNG; pilih berkas .png".into())),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits_for_decoding());
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| refuse(format!("gambar rusak atau tidak terbaca ({e})")))?;
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(refuse(format!(
            "{w} x {h} piksel terlalu besar (paling besar {MAX_SIDE} x {MAX_SIDE})"
        )));
    }
    if w < MIN_SIDE || h < MIN_SIDE {
        return Err(refuse(format!(
            "{w} x {h} piksel terlalu kecil untuk dicetak (paling kecil {MIN_SIDE} x {MIN_SIDE})"
        )));
    }
    // A4 landscape is 1.41 wide for 1 high; a little off (a scan, an
    // export at 3500 x 2500) still fits the page without visible stretch.
    let aspect = w as f32 / h as f32;
    if role == Role::Background && !(1.30..=1.55).contains(&aspect) {
        return Err(refuse(format!(
            "{w} x {h} piksel bukan bentuk A4 lanskap; buat gambar 297 x 210 mm (mis. 3508 x 2480 atau 2339 x 1654 piksel)"
        )));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits_for_decoding());
    let img = reader
        .decode()
        .map_err(|e| refuse(format!("gambar rusak atau tidak terbaca ({e})")))?;
    if !role.opaque() && !has_transparency(&img) {
        return Err(refuse(
            "latarnya tidak transparan, sehingga akan menutupi teks dan tanda tangan di bawahnya; simpan sebagai PNG dengan latar transparan".into(),
        ));
    }
    let img = if w.max(h) > role.max_side() {
        img.resize(
            role.max_side(),
            role.max_side(),
            image::imageops::FilterType::Triangle,
        )
    } else {
        img
    };
    let img = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.to_rgb8())
    };
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| Error::Environment(format!("Gambar tidak dapat disimpan: {e}")))?;
    Ok(Checked {
        width: img.width(),
        height: img.height(),
        pixels: pixels(&img)?,
        png,
    })
}

fn limits_for_decoding() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    limits
}

/// Some pixel is at least half transparent.
fn has_transparency(img: &DynamicImage) -> bool {
    img.color().has_alpha() && img.to_rgba8().pixels().any(|p| p.0[3] < 128)
}

/// Checks and stores `bytes`, or finds the same image stored before.
pub fn store(
    conn: &Connection,
    bytes: &[u8],
    role: Role,
    field: &str,
    now: DateTime<Utc>,
) -> Result<Stored> {
    let checked = check(bytes, role, field)?;
    let sha = hex::encode(Sha256::digest(&checked.png));
    if let Some(id) = conn
        .query_row("SELECT id FROM images WHERE sha256 = ?1", [&sha], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
    {
        return Ok(Stored {
            id,
            width: checked.width,
            height: checked.height,
        });
    }
    conn.execute(
        "INSERT INTO images (sha256, width, height, png, pdf_rgb, pdf_alpha, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            sha,
            checked.width,
            checked.height,
            checked.png,
            checked.pixels.rgb,
            checked.pixels.alpha,
            db::to_text(now)
        ],
    )?;
    Ok(Stored {
        id: conn.last_insert_rowid(),
        width: checked.width,
        height: checked.height,
    })
}

/// The stored PNG of image `id`, for the window to show what is set.
pub fn png_of(conn: &Connection, id: i64) -> Result<Vec<u8>> {
    conn.query_row("SELECT png FROM images WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::field("image", format!("Gambar {id} tidak ada")))
}

/// The pixels of image `id`, ready for a PDF.
pub fn pixels_of(conn: &Connection, id: i64) -> Result<Pixels> {
    conn.query_row(
        "SELECT width, height, pdf_rgb, pdf_alpha FROM images WHERE id = ?1",
        [id],
        |r| {
            Ok(Pixels {
                width: r.get(0)?,
                height: r.get(1)?,
                rgb: r.get(2)?,
                alpha: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::field("image", format!("Gambar {id} tidak ada")))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `w` x `h` PNG: a dark disc on a transparent (or white) ground.
    pub fn disc_png(w: u32, h: u32, transparent: bool) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            let (dx, dy) = (x as f32 - w as f32 / 2.0, y as f32 - h as f32 / 2.0);
            if dx.hypot(dy) < w.min(h) as f32 / 2.5 {
                image::Rgba([20, 40, 160, 255])
            } else if transparent {
                image::Rgba([255, 255, 255, 0])
            } else {
                image::Rgba([255, 255, 255, 255])
            }
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("png");
        out
    }

    #[test]
    fn a_transparent_png_is_kept_and_a_large_one_scaled_to_print_size() {
        let c = check(&disc_png(2400, 1200, true), Role::Signature, "f").expect("ok");
        assert_eq!((c.width, c.height), (1000, 500));
        let c = check(&disc_png(200, 100, true), Role::Stamp, "f").expect("ok");
        assert_eq!((c.width, c.height), (200, 100));
    }

    #[test]
    fn what_cannot_print_is_refused_with_what_to_do() {
        let msg = |r: Result<Checked>| r.expect_err("refused").to_string();
        assert!(msg(check(b"%PDF-1.7 not an image", Role::Logo, "logo"))
            .contains("bukan gambar PNG atau JPEG"));
        assert!(msg(check(b"", Role::Logo, "logo")).contains("kosong"));
        assert!(
            msg(check(&vec![0u8; MAX_FILE_BYTES + 1], Role::Logo, "logo"))
                .contains("terlalu besar")
        );
        assert!(msg(check(&disc_png(20, 20, true), Role::Logo, "logo")).contains("terlalu kecil"));
        assert!(msg(check(&disc_png(200, 200, false), Role::Stamp, "stamp"))
            .contains("tidak transparan"));
        let mut broken = disc_png(200, 200, true);
        broken.truncate(60);
        assert!(msg(check(&broken, Role::Logo, "logo")).contains("rusak"));
    }
}
