//! The `.netra` file as bytes: a ZIP whose comment signs every byte before
//! it, read under limits that an archive from anywhere cannot talk past.
//!
//! Why the signature sits in the ZIP comment: a signed manifest alone
//! leaves ZIP headers (timestamps, extra fields, the entry order) outside
//! every hash, so a flipped byte there would pass. The comment is the last
//! thing in a ZIP file and its length is fixed here, so the exporter can
//! write the archive, hash everything before the comment, and put the
//! signature into the space it left.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

use crate::error::{Error, Result};
use crate::keys::{self, InstallationKey};

/// What the comment starts with; the version of the signature scheme.
pub const COMMENT_TAG: &str = "NETRA-ARSIP-1";
/// The comment: tag, space, public key (64 hex), space, signature (128 hex).
pub const COMMENT_LEN: usize = COMMENT_TAG.len() + 1 + 64 + 1 + 128;
/// What the key signs: this prefix and the SHA-256 (hex) of the file's
/// bytes before the comment. The prefix keeps an archive signature from
/// ever being mistaken for a declaration's or a printed record's.
pub const SIGNED_PREFIX: &str = "netra-archive:v1:";

/// Larger files are refused before a byte is read (a real event, with its
/// PDFs, is tens of megabytes).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;
/// At most this many entries (tables, manifest and documents).
pub const MAX_ENTRIES: usize = 1_000;
/// Unpacked, all entries together.
pub const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;
/// An entry larger than 1 MiB that unpacks to more than this many times
/// its packed size is a zip bomb, not JSON or PDF.
pub const MAX_RATIO: u64 = 200;

/// Writes `entries` (name → bytes, in this order) as a signed archive.
pub fn write(entries: &[(String, Vec<u8>)], key: &InstallationKey) -> Result<Vec<u8>> {
    let failed =
        |e: zip::result::ZipError| Error::Environment(format!("Arsip tidak dapat ditulis: {e}"));
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options).map_err(failed)?;
        zip.write_all(bytes)?;
    }
    zip.set_raw_comment(vec![b'0'; COMMENT_LEN].into_boxed_slice())
        .map_err(failed)?;
    let mut bytes = zip.finish().map_err(failed)?.into_inner();
    let body = bytes.len() - COMMENT_LEN;
    let signature = key.sign_hex(signed_message(&bytes[..body]).as_bytes());
    let comment = format!(
        "{COMMENT_TAG} {} {signature}",
        hex::encode(key.verifying_key().to_bytes()),
    );
    bytes[body..].copy_from_slice(comment.as_bytes());
    Ok(bytes)
}

fn signed_message(body: &[u8]) -> String {
    format!("{SIGNED_PREFIX}{}", hex::encode(Sha256::digest(body)))
}

/// An archive opened and measured: its entries, who signed it and whether
/// the signature holds. `problems` lists, in Indonesian, everything found
/// wrong that still let the rest be read.
pub struct Opened {
    pub entries: BTreeMap<String, Vec<u8>>,
    pub signer: VerifyingKey,
    pub signature_ok: bool,
    pub problems: Vec<String>,
}

/// Opens an archive's bytes. A file that is not a readable Netra archive
/// at all is an error; anything else wrong is a problem in the result, so
/// the report can name all of it at once.
pub fn open(bytes: &[u8]) -> Result<Opened> {
    let bad =
        |why: String| Error::BadArchive(format!("Arsip ditolak: {why}. Tidak ada yang diimpor."));
    if bytes.len() < COMMENT_LEN + 22 {
        return Err(bad(
            "berkas terlalu pendek untuk arsip Netra (terpotong, atau bukan arsip Netra)".into(),
        ));
    }
    let (body, comment) = bytes.split_at(bytes.len() - COMMENT_LEN);
    let comment = std::str::from_utf8(comment).unwrap_or("");
    let mut parts = comment.split(' ');
    let (Some(COMMENT_TAG), Some(public), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad(
            "tanda tangan digital arsip tidak ada di akhir berkas: berkas terpotong, ditambah sesudah diekspor, atau bukan arsip Netra".into(),
        ));
    };
    let signer =
        keys::parse_public(public).map_err(|_| bad("kunci penanda tangan arsip rusak".into()))?;
    let signature_ok = keys::verify_hex(&signer, signed_message(body).as_bytes(), signature);

    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        bad(format!(
            "isi arsip tidak dapat dibaca sebagai ZIP ({e}); berkas rusak"
        ))
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(bad(format!(
            "arsip berisi {} berkas, paling banyak {MAX_ENTRIES}",
            zip.len()
        )));
    }
    let mut problems = Vec::new();
    let mut entries = BTreeMap::new();
    let mut budget = MAX_UNPACKED_BYTES;
    for i in 0..zip.len() {
        let mut file = zip
            .by_index(i)
            .map_err(|e| bad(format!("berkas ke-{} di dalam arsip rusak ({e})", i + 1)))?;
        let name = match file.name() {
            Ok(n) => n.into_owned(),
            Err(_) => {
                problems.push(format!("berkas ke-{} bernama tidak terbaca", i + 1));
                continue;
            }
        };
        if let Some(why) = unsafe_name(&name) {
            problems.push(format!("berkas «{}» ditolak: {why}", shown(&name)));
            continue;
        }
        if file.is_symlink() || file.unix_mode().is_some_and(|m| m & 0o170000 == 0o120000) {
            problems.push(format!(
                "berkas «{name}» adalah tautan simbolik (symlink); arsip Netra hanya berisi berkas biasa"
            ));
            continue;
        }
        if file.is_dir() {
            problems.push(format!(
                "«{name}» adalah folder; arsip Netra hanya berisi berkas"
            ));
            continue;
        }
        if file.encrypted() {
            problems.push(format!("berkas «{name}» terenkripsi di dalam ZIP"));
            continue;
        }
        let declared = file.size();
        let packed = file.compressed_size().max(1);
        if declared > 1024 * 1024 && declared / packed > MAX_RATIO {
            return Err(bad(format!(
                "berkas «{name}» mengembang {}× saat dibuka (bom zip)",
                declared / packed
            )));
        }
        if declared > budget {
            return Err(bad(format!(
                "isi arsip lebih dari {} MB setelah dibuka",
                MAX_UNPACKED_BYTES / (1024 * 1024)
            )));
        }
        // The declared size is not trusted: reading stops one byte past
        // what is left of the budget.
        let mut data = Vec::with_capacity(declared.min(64 * 1024 * 1024) as usize);
        let read = (&mut file)
            .take(budget + 1)
            .read_to_end(&mut data)
            .map_err(|e| bad(format!("berkas «{name}» di dalam arsip rusak ({e})")))?;
        if read as u64 > budget {
            return Err(bad(format!(
                "isi arsip lebih dari {} MB setelah dibuka (bom zip)",
                MAX_UNPACKED_BYTES / (1024 * 1024)
            )));
        }
        if read as u64 > 1024 * 1024 && read as u64 / packed > MAX_RATIO {
            return Err(bad(format!(
                "berkas «{name}» mengembang {}× saat dibuka (bom zip)",
                read as u64 / packed
            )));
        }
        budget -= read as u64;
        if entries.insert(name.clone(), data).is_some() {
            problems.push(format!("berkas «{name}» ada dua kali di dalam arsip"));
        }
    }
    Ok(Opened {
        entries,
        signer,
        signature_ok,
        problems,
    })
}

/// Why a name inside an archive may not be used; `None` when it may.
/// Only plain relative names of ASCII letters, digits, `.`, `_` and `-`
/// pass: no `..`, no absolute path, no drive letter, no backslash.
pub fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.len() > 200 {
        return Some("nama kosong atau terlalu panjang");
    }
    if name.starts_with('/') || name.contains('\\') || name.contains(':') {
        return Some("jalur mutlak (absolute path) tidak diizinkan");
    }
    for part in name.split('/') {
        if part == ".." {
            return Some("jalur keluar folder (../) tidak diizinkan");
        }
        if part.is_empty() || part == "." {
            return Some("jalur tidak wajar");
        }
        if !part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
            return Some("nama berisi karakter yang tidak diizinkan");
        }
    }
    None
}

/// A name from an archive, shortened and without control characters, for
/// a message.
fn shown(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).take(80).collect();
    clean
}
