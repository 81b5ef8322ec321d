//! Command-line arguments of the desktop binary (`--db PATH`), and the
//! display check that turns GTK's panic into a sentence.

use std::path::PathBuf;

pub struct Args {
    /// The database file; `None` means the app-data default.
    pub db: Option<PathBuf>,
}

impl Args {
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut db = None;
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--db" => {
                    let path = args
                        .next()
                        .ok_or("--db membutuhkan lokasi berkas basis data")?;
                    db = Some(PathBuf::from(path));
                }
                s if s.starts_with("--db=") => db = Some(PathBuf::from(&s[5..])),
                "--help" | "-h" => {
                    println!("Penggunaan: netra-desktop [--db PATH]");
                    std::process::exit(0);
                }
                other => return Err(format!("argumen tidak dikenal: {other}")),
            }
        }
        Ok(Args { db })
    }
}

/// GTK panics without a display; say so in Indonesian instead.
#[cfg(target_os = "linux")]
pub fn check_display() -> Result<(), String> {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if set("DISPLAY") || set("WAYLAND_DISPLAY") {
        Ok(())
    } else {
        Err(
            "tidak ada layar grafis (DISPLAY dan WAYLAND_DISPLAY kosong). \
             Jalankan Netra dari desktop, atau di server gunakan `xvfb-run`."
                .into(),
        )
    }
}

#[cfg(not(target_os = "linux"))]
pub fn check_display() -> Result<(), String> {
    Ok(())
}
