//! Which addresses a Netra window may show: only the app's own pages. A
//! link in an imported deck, or anything else that tries to navigate a
//! window, is stopped, so a remote page can never take the place of the
//! organiser's screen, the kiosk or the projector.

/// Where the app's own pages are served from, per platform: `tauri://localhost`
/// (Linux, macOS) and `http(s)://tauri.localhost` (Windows). In a development
/// build the Vite server (`dev_origin`, e.g. `http://localhost:5173`) too,
/// with its exact port.
pub fn is_app_url(url: &str, dev_origin: Option<&str>) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return false;
    }
    let scheme = scheme.to_ascii_lowercase();
    let authority = authority.to_ascii_lowercase();
    match (scheme.as_str(), authority.as_str()) {
        ("tauri", "localhost") => true,
        ("http" | "https", "tauri.localhost") => true,
        _ => dev_origin.is_some_and(|dev| {
            let dev = dev.trim_end_matches('/').to_ascii_lowercase();
            dev == format!("{scheme}://{authority}")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_pass() {
        assert!(is_app_url("tauri://localhost/kiosk.html", None));
        assert!(is_app_url("http://tauri.localhost/index.html#x", None));
        assert!(
            !is_app_url("http://localhost:8080/", None),
            "not any localhost"
        );
        assert!(!is_app_url("https://contoh.invalid/slide", None));
        assert!(!is_app_url("http://tauri.localhost@contoh.invalid/", None));
        assert!(!is_app_url("file:///etc/passwd", None));
        assert!(!is_app_url("javascript:alert(1)", None));
        let dev = Some("http://localhost:5173");
        assert!(is_app_url("http://localhost:5173/audience.html", dev));
        assert!(
            !is_app_url("http://localhost:5174/", dev),
            "the dev server's port only"
        );
    }
}
