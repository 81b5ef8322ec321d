//! Files Netra writes: names that every file system accepts, and writing
//! that never leaves half a file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// "Daftar hadir - <judul acara>.pdf", safe on every file system.
pub fn for_event(what: &str, event_title: &str, extension: &str) -> String {
    format!(
        "{} - {}.{extension}",
        safe_stem_max(what, 100),
        safe_stem_max(event_title, 80)
    )
}

/// Where the problems of an imported file go: "Masalah impor - daftar.xlsx"
/// for `daftar.csv`, so the organiser finds the report beside its source.
pub fn import_report(source_file_name: &str, extension: &str) -> String {
    let stem = source_file_name
        .rsplit_once('.')
        .map_or(source_file_name, |(stem, _)| stem);
    let stem = safe_stem_max(stem, 100);
    let stem = if stem.is_empty() {
        "roster".into()
    } else {
        stem
    };
    format!("Masalah impor - {stem}.{extension}")
}

/// An exported deck: its title as a file name, "Netralitas ASN.md".
pub fn deck(title: &str) -> String {
    let stem = safe_stem(title);
    let stem = if stem.is_empty() {
        "presentasi".into()
    } else {
        stem
    };
    format!("{stem}.md")
}

/// `text` without the characters Windows or Linux refuse in a file name,
/// whitespace folded, at most 100 characters.
pub fn safe_stem(text: &str) -> String {
    safe_stem_max(text, 100)
}

fn safe_stem_max(text: &str, max: usize) -> String {
    let s: String = text
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

/// Writes a finished export or PDF next to its destination, flushes it to
/// the disk, then renames it into place: an interrupted save or a power
/// cut never leaves half a file under the real name. Errors say in
/// Indonesian what is wrong with the path.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::field(
            "output",
            format!("Folder {} tidak ada", dir.display()),
        ));
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".netra-tmp");
    let tmp = PathBuf::from(tmp);
    let written = (|| -> std::io::Result<()> {
        let mut file = private_file(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        if crate::error::is_disk_full(&e) {
            return Error::DiskFull;
        }
        let reason = match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "tidak ada izin menulis di lokasi itu".to_string()
            }
            _ => e.to_string(),
        };
        Error::field(
            "output",
            format!("Berkas {} tidak dapat ditulis: {reason}", path.display()),
        )
    })
}

/// Creates (or truncates) a file only its owner can read: exports and PDFs
/// hold NIPs, phone numbers and signatures.
pub fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Creates `dir` (and its parents) for Netra's data, readable by its owner
/// only. An existing folder is left as the user made it.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// A sentence for the organiser when other local users can open `dir`.
pub fn shared_dir_warning(dir: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return Some(format!(
                "Folder data {} dapat dibuka pengguna lain di komputer ini (berisi NIP, nomor telepon dan tanda tangan). Batasi aksesnya: chmod 700 \"{}\"",
                dir.display(),
                dir.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_drop_what_windows_refuses_and_keep_the_rest() {
        assert_eq!(
            for_event("Daftar hadir", "Rapat: ASN/PNS \"2024\"", "pdf"),
            "Daftar hadir - Rapat ASN PNS 2024 .pdf".replace(" .", ".")
        );
        assert_eq!(
            import_report("roster v2.final.xlsx", "csv"),
            "Masalah impor - roster v2.final.csv"
        );
        assert_eq!(import_report("", "xlsx"), "Masalah impor - roster.xlsx");
        assert_eq!(deck("Netralitas: ASN?"), "Netralitas ASN.md");
        assert_eq!(deck("///"), "presentasi.md");
    }
}
