//! The kiosk page and its scripts, served to tablets and phones. Only the
//! hub's page and the built assets it loads are reachable: no directory
//! is ever listed, no other page of the app is served, and every answer
//! carries a strict Content-Security-Policy.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// One file to serve.
pub struct Asset {
    pub bytes: Cow<'static, [u8]>,
    pub mime: String,
}

/// Where the built web files come from: a folder (the CLI, tests) or the
/// files embedded in the desktop app.
pub trait Assets: Send + Sync + 'static {
    /// `path` is relative, without a leading slash, already checked.
    fn get(&self, path: &str) -> Option<Asset>;
}

/// The page a browser opens at `/`.
pub const PAGE: &str = "hub.html";

/// The built UI in a folder (`ui/dist`).
pub struct DirAssets {
    root: PathBuf,
}

impl DirAssets {
    pub fn new(root: impl Into<PathBuf>) -> DirAssets {
        DirAssets { root: root.into() }
    }

    pub fn has_page(&self) -> bool {
        self.root.join(PAGE).is_file()
    }
}

impl Assets for DirAssets {
    fn get(&self, path: &str) -> Option<Asset> {
        let file = self.root.join(path);
        // Regular files only: a folder is "not found", never a listing.
        let meta = std::fs::symlink_metadata(&file).ok()?;
        if !meta.is_file() {
            return None;
        }
        let bytes = std::fs::read(&file).ok()?;
        Some(Asset {
            bytes: Cow::Owned(bytes),
            mime: mime_of(path).to_string(),
        })
    }
}

/// Which request paths name a servable file, as a relative path.
pub fn servable(path: &str) -> Option<String> {
    if path == "/" {
        return Some(PAGE.to_string());
    }
    let rel = path.strip_prefix("/assets/")?;
    let rel = Path::new(rel);
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let name_ok = rel
        .to_str()
        .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic() && b != b'\\'));
    (plain && name_ok).then(|| format!("assets/{}", rel.to_str().unwrap_or_default()))
}

pub fn mime_of(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// What the served page may load: itself, its own scripts and styles, and
/// calls to this hub. Svelte sets inline styles, hence `'unsafe-inline'`
/// for styles only; scripts are never inline.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_page_and_its_assets_are_servable() {
        assert_eq!(servable("/").as_deref(), Some("hub.html"));
        assert_eq!(
            servable("/assets/hub-1a2b.js").as_deref(),
            Some("assets/hub-1a2b.js")
        );
        for bad in [
            "/index.html",
            "/kiosk.html",
            "/assets/",
            "/assets/../hub.html",
            "/assets/a/../../x",
            "/assets//etc/passwd",
            "/assets/a\\b",
            "/api",
        ] {
            assert_eq!(servable(bad), None, "{bad}");
        }
    }
}
