//! Images on papers (letterhead and certificate logos, the official's
//! signature and stamp), each embedded once per PDF however many pages
//! draw it: its pixels compressed once here, with its transparency as a
//! soft mask.

use std::io::Write;

use printpdf::{DictItem, ExternalStream, ExternalXObject, XObjectId};
use rusqlite::Connection;

use super::fonts::DocFonts;
use crate::error::{Error, Result};

/// An image added to one document, by its resource name.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub name: String,
    /// Width over height.
    pub aspect: f32,
}

impl Placed {
    /// The largest (w, h) of this image's shape inside `w` x `h`.
    pub fn fit(&self, w: f32, h: f32) -> (f32, f32) {
        if w / h > self.aspect {
            (h * self.aspect, h)
        } else {
            (w, w / self.aspect)
        }
    }
}

/// Adds the stored image `id` to the document of `fonts`.
pub fn embed(conn: &Connection, fonts: &DocFonts, id: i64) -> Result<Placed> {
    let png = crate::papers::images::png(conn, id)?;
    embed_png(fonts, &png)
}

pub fn embed_png(fonts: &DocFonts, png: &[u8]) -> Result<Placed> {
    let img = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map_err(|e| Error::Environment(format!("Gambar tersimpan rusak: {e}")))?;
    let (w, h) = (img.width(), img.height());
    let (rgb, alpha) = if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        let mut alpha = Vec::with_capacity((w * h) as usize);
        for p in rgba.pixels() {
            rgb.extend_from_slice(&p.0[..3]);
            alpha.push(p.0[3]);
        }
        (rgb, Some(alpha))
    } else {
        (img.to_rgb8().into_raw(), None)
    };
    let image_dict = |space: &[u8]| {
        [
            ("Type".to_string(), DictItem::Name(b"XObject".to_vec())),
            ("Subtype".to_string(), DictItem::Name(b"Image".to_vec())),
            ("Width".to_string(), DictItem::Int(i64::from(w))),
            ("Height".to_string(), DictItem::Int(i64::from(h))),
            ("ColorSpace".to_string(), DictItem::Name(space.to_vec())),
            ("BitsPerComponent".to_string(), DictItem::Int(8)),
            (
                "Filter".to_string(),
                DictItem::Name(b"FlateDecode".to_vec()),
            ),
        ]
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>()
    };
    let mut dict = image_dict(b"DeviceRGB");
    if let Some(alpha) = alpha {
        dict.insert(
            "SMask".to_string(),
            DictItem::Stream {
                stream: ExternalStream {
                    dict: image_dict(b"DeviceGray"),
                    content: deflate(&alpha)?,
                    compress: false,
                },
            },
        );
    }
    let id = XObjectId::new();
    let object = ExternalXObject {
        stream: ExternalStream {
            dict,
            content: deflate(&rgb)?,
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    };
    let placed = Placed {
        name: id.0.clone(),
        aspect: w as f32 / h.max(1) as f32,
    };
    fonts.forms.borrow_mut().push((id, object));
    Ok(placed)
}

fn deflate(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| Error::Environment(format!("Gambar tidak dapat dikemas: {e}")))
}
