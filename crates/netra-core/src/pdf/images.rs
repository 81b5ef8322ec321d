//! Images on papers (letterhead and certificate logos, the official's
//! signature and stamp), each embedded once per PDF however many pages
//! draw it: its pixels compressed once here, with its transparency as a
//! soft mask.

use printpdf::{DictItem, ExternalStream, ExternalXObject, XObjectId};
use rusqlite::Connection;

use super::fonts::DocFonts;
use crate::error::Result;

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

/// Adds the stored image `id` to the document of `fonts`: its pixels were
/// compressed when it was stored, so printing only copies them.
pub fn embed(conn: &Connection, fonts: &DocFonts, id: i64) -> Result<Placed> {
    let px = crate::papers::images::pixels_of(conn, id)?;
    let image_dict = |space: &[u8]| {
        [
            ("Type".to_string(), DictItem::Name(b"XObject".to_vec())),
            ("Subtype".to_string(), DictItem::Name(b"Image".to_vec())),
            ("Width".to_string(), DictItem::Int(i64::from(px.width))),
            ("Height".to_string(), DictItem::Int(i64::from(px.height))),
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
    if let Some(alpha) = px.alpha {
        dict.insert(
            "SMask".to_string(),
            DictItem::Stream {
                stream: ExternalStream {
                    dict: image_dict(b"DeviceGray"),
                    content: alpha,
                    compress: false,
                },
            },
        );
    }
    let id = XObjectId::new();
    let object = ExternalXObject {
        stream: ExternalStream {
            dict,
            content: px.rgb,
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    };
    let placed = Placed {
        name: id.0.clone(),
        aspect: px.width as f32 / px.height.max(1) as f32,
    };
    fonts.forms.borrow_mut().push((id, object));
    Ok(placed)
}
