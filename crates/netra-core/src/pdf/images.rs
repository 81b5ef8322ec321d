//! Images on papers: letterhead and certificate logos, the official's
//! scanned signature and stamp, certificate backgrounds.

/// An image added to one document, by its resource name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub name: String,
}
