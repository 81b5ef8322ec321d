//! Printed records: every printed page that carries a QR code is a
//! record in `printed_records`. The QR holds the record id, the SHA-256 of
//! the facts the page shows and the installation key's signature over it,
//! so a phone or this screen can tell, offline, whether a paper is genuine
//! and whether the database still says what the paper says.

use chrono::{DateTime, Utc};
use data_encoding::BASE32_NOPAD as B32;
use ed25519_dalek::{Signature, Verifier};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::db;
use crate::error::{Error, Result};
use crate::keys::{InstallationKey, KeySource, TrustedKeys};

/// QR payloads written now: the code carries what the paper must show
/// (`pdf::claims`), signed together with the key and the record id, so it
/// verifies with the public key alone.
const PREFIX_V3: &str = "NETRA3";
/// Payloads printed before schema version 11: the signature covers the
/// key, the record id and the content hash. Still read.
const PREFIX: &str = "NETRA2";
/// Payloads printed before schema version 7: the signature covers the
/// content hash only. Still read; the record id is then checked against
/// the stored record.
const PREFIX_V1: &str = "NETRA1";

/// What kind of paper a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordKind {
    DaftarHadir,
    Pernyataan,
    Sertifikat,
    BeritaAcara,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::DaftarHadir,
        RecordKind::Pernyataan,
        RecordKind::Sertifikat,
        RecordKind::BeritaAcara,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::DaftarHadir => "daftar_hadir",
            RecordKind::Pernyataan => "pernyataan",
            RecordKind::Sertifikat => "sertifikat",
            RecordKind::BeritaAcara => "berita_acara",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        match s.trim().to_lowercase().replace('-', "_").as_str() {
            "daftar_hadir" => Some(RecordKind::DaftarHadir),
            "pernyataan" => Some(RecordKind::Pernyataan),
            "sertifikat" => Some(RecordKind::Sertifikat),
            "berita_acara" => Some(RecordKind::BeritaAcara),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RecordKind::DaftarHadir => "Daftar hadir",
            RecordKind::Pernyataan => "Surat pernyataan netralitas",
            RecordKind::Sertifikat => "Sertifikat",
            RecordKind::BeritaAcara => "Berita acara",
        }
    }
}

/// A record as printed: its id and the text of its QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub id: i64,
    pub content_hash: String,
    pub payload: String,
}

/// Canonical text of a facts object: serde_json keeps object keys sorted,
/// so the same facts always give the same bytes.
pub fn canonical(facts: &Value) -> String {
    serde_json::to_string(facts).unwrap_or_default()
}

fn message_v1(content_hash: &str) -> String {
    format!("netra-record:v1:{content_hash}")
}

/// What a version-2 record's signature covers.
fn message(key_id: &str, id: i64, content_hash: &str) -> String {
    format!("netra-record:v2:{key_id}:{id}:{content_hash}")
}

/// What a record's claims signature (and a `NETRA3` code) covers.
fn claims_message(key_id: &str, id: i64, claims: &str) -> String {
    format!("netra-record:v3:{key_id}:{id}:{claims}")
}

/// Whether `signature` (hex) is `key`'s over record `id`'s `claims`.
pub fn claims_signature_ok(
    key: &ed25519_dalek::VerifyingKey,
    key_id: &str,
    id: i64,
    claims: &str,
    signature: &str,
) -> bool {
    crate::keys::verify_hex(
        key,
        claims_message(key_id, id, claims).as_bytes(),
        signature,
    )
}

/// Whether a stored record's `signature` (hex) is `key`'s over what its
/// `sig_version` signs: an imported archive's register is checked this way.
pub fn signature_ok(
    key: &ed25519_dalek::VerifyingKey,
    key_id: &str,
    id: i64,
    content_hash: &str,
    signature: &str,
    sig_version: i64,
) -> bool {
    let signed = match sig_version {
        1 => message_v1(content_hash),
        _ => message(key_id, id, content_hash),
    };
    crate::keys::verify_hex(key, signed.as_bytes(), signature)
}

/// Registers the facts of many printed records (one per page), signs the
/// new ones and returns each record's QR payload, in order. Printing the
/// same facts again finds the same record. Hashing and signing happen
/// before the write transaction, so it stays short: a kiosk submit waits
/// for it milliseconds, not a whole batch.
pub fn issue_all(
    conn: &Connection,
    key: &InstallationKey,
    kind: RecordKind,
    event_id: i64,
    facts: &[Value],
    now: DateTime<Utc>,
) -> Result<Vec<Issued>> {
    let key_id = key.key_id();
    let event = crate::db::events::get(conn, event_id)?;
    let prepared: Vec<Prepared> = facts
        .iter()
        .map(|f| {
            let content = canonical(f);
            Prepared {
                content_hash: hex::encode(Sha256::digest(content.as_bytes())),
                content,
                claims: super::claims::text(kind, &event, f),
            }
        })
        .collect();
    // The signatures cover the record id, which is only certain under the
    // write lock. Ids are guessed and signed before it; under the lock a
    // guess that still holds is used, any other record is signed there.
    let presigned = presign(conn, key, &key_id, &prepared)?;
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    key.register(&tx, now)?;
    let mut out = Vec::with_capacity(prepared.len());
    {
        let mut find = tx.prepare_cached(
            "SELECT id, signature, sig_version, claims, claims_signature FROM printed_records
             WHERE key_id = ?1 AND content_hash = ?2",
        )?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO printed_records (id, key_id, kind, event_id, content, content_hash, signature,
                 created_at, sig_version, claims, claims_signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 2, ?9, ?10)",
        )?;
        let mut next_id = next_record_id(&tx)?;
        let at = db::to_text(now);
        for p in prepared {
            let existing = find
                .query_row(params![key_id, p.content_hash], |r| {
                    Ok(Found {
                        id: r.get(0)?,
                        signature: r.get(1)?,
                        version: r.get(2)?,
                        claims: r.get(3)?,
                        claims_signature: r.get(4)?,
                    })
                })
                .optional()?;
            let found = match existing {
                Some(found) => found,
                None => {
                    let id = next_id;
                    next_id += 1;
                    let (signature, claims_signature) = match presigned.get(&p.content_hash) {
                        Some(guess) if guess.id == id => {
                            (guess.signature.clone(), guess.claims_signature.clone())
                        }
                        _ => (
                            key.sign_hex(message(&key_id, id, &p.content_hash).as_bytes()),
                            key.sign_hex(claims_message(&key_id, id, &p.claims).as_bytes()),
                        ),
                    };
                    insert.execute(params![
                        id,
                        key_id,
                        kind.as_str(),
                        event_id,
                        p.content,
                        p.content_hash,
                        signature,
                        at,
                        p.claims,
                        claims_signature,
                    ])?;
                    Found {
                        id,
                        signature,
                        version: 2,
                        claims: Some(p.claims),
                        claims_signature: Some(claims_signature),
                    }
                }
            };
            out.push(Issued {
                id: found.id,
                payload: found.payload(&key_id, &p.content_hash),
                content_hash: p.content_hash,
            });
        }
    }
    tx.commit()?;
    Ok(out)
}

/// One record about to be registered.
struct Prepared {
    content: String,
    content_hash: String,
    claims: String,
}

/// A registered record, as its QR code needs it.
struct Found {
    id: i64,
    signature: String,
    version: i64,
    claims: Option<String>,
    claims_signature: Option<String>,
}

impl Found {
    /// A `NETRA3` code when the record signed its claims; the code it was
    /// first printed with otherwise (reprints of older records).
    fn payload(&self, key_id: &str, content_hash: &str) -> String {
        match (&self.claims, &self.claims_signature) {
            (Some(claims), Some(sig)) => payload_v3(key_id, self.id, claims, sig),
            _ => payload(self.version, key_id, self.id, content_hash, &self.signature),
        }
    }
}

/// The id the next printed record gets.
fn next_record_id(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(id), 0) + 1 FROM printed_records",
        [],
        |r| r.get(0),
    )?)
}

/// Signatures for the records not yet registered, for the ids they will
/// get if nobody else registers one first (read without a write lock).
fn presign(
    conn: &Connection,
    key: &InstallationKey,
    key_id: &str,
    prepared: &[Prepared],
) -> Result<std::collections::HashMap<String, Presigned>> {
    let mut next_id = next_record_id(conn)?;
    let mut find = conn
        .prepare_cached("SELECT 1 FROM printed_records WHERE key_id = ?1 AND content_hash = ?2")?;
    let mut out = std::collections::HashMap::new();
    for p in prepared {
        if out.contains_key(&p.content_hash) || find.exists(params![key_id, p.content_hash])? {
            continue;
        }
        let guess = Presigned {
            id: next_id,
            signature: key.sign_hex(message(key_id, next_id, &p.content_hash).as_bytes()),
            claims_signature: key.sign_hex(claims_message(key_id, next_id, &p.claims).as_bytes()),
        };
        out.insert(p.content_hash.clone(), guess);
        next_id += 1;
    }
    Ok(out)
}

struct Presigned {
    id: i64,
    signature: String,
    claims_signature: String,
}

/// Registers one record; see [`issue_all`].
pub fn issue(
    conn: &Connection,
    key: &InstallationKey,
    kind: RecordKind,
    event_id: i64,
    facts: &Value,
    now: DateTime<Utc>,
) -> Result<Issued> {
    let mut all = issue_all(conn, key, kind, event_id, std::slice::from_ref(facts), now)?;
    all.pop()
        .ok_or_else(|| Error::Environment("catatan cetak tidak terbuat".into()))
}

/// Upper-case hex and base32 only, so the QR code uses its alphanumeric
/// mode: a smaller code than the same bytes in base64.
fn payload(version: i64, key_id: &str, id: i64, content_hash: &str, signature_hex: &str) -> String {
    let hash = hex::decode(content_hash).unwrap_or_default();
    let sig = hex::decode(signature_hex).unwrap_or_default();
    let prefix = if version == 1 { PREFIX_V1 } else { PREFIX };
    format!(
        "{prefix}.{}.{id}.{}.{}",
        key_id.to_uppercase(),
        B32.encode(&hash),
        B32.encode(&sig)
    )
}

/// A `NETRA3` payload: the claims go last, as they are (any text but `|`
/// separators), so the QR encoder keeps the rest in its compact
/// alphanumeric mode.
fn payload_v3(key_id: &str, id: i64, claims: &str, signature_hex: &str) -> String {
    let sig = hex::decode(signature_hex).unwrap_or_default();
    format!(
        "{PREFIX_V3}.{}.{id}.{}.{claims}",
        key_id.to_uppercase(),
        B32.encode(&sig)
    )
}

/// The parts of a QR payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// 1 (`NETRA1`, signature over the content hash only) or 2.
    pub version: u8,
    pub key_id: String,
    pub record_id: i64,
    /// Versions 1 and 2; empty in version 3, which signs `claims` instead.
    pub content_hash: String,
    pub signature: [u8; 64],
    /// Version 3: what the paper must show, as signed.
    pub claims: Option<String>,
}

/// Reads a payload; the error says in Indonesian what is wrong with it.
pub fn parse_payload(text: &str) -> std::result::Result<Payload, String> {
    let text = text.trim();
    let mut head = text.splitn(5, '.');
    let prefix = head.next().unwrap_or("").to_uppercase();
    let version = match prefix.as_str() {
        PREFIX_V3 => 3,
        PREFIX => 2,
        PREFIX_V1 => 1,
        _ => {
            return Err(
                "Ini bukan kode QR Netra (harus diawali NETRA3, NETRA2 atau NETRA1).".into(),
            )
        }
    };
    let parts: Vec<&str> = head.collect();
    let [key_id, id, a, b] = parts[..] else {
        return Err("Kode QR Netra tidak lengkap: harus lima bagian dipisah titik.".into());
    };
    let key_id = key_id.to_uppercase();
    let record_id = id
        .parse()
        .map_err(|_| "Nomor catatan dalam kode QR bukan angka.".to_string())?;
    if key_id.len() != 16 || !key_id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("Kode kunci dalam kode QR rusak.".into());
    }
    let signature_of = |text: &str| {
        B32.decode(text.to_uppercase().as_bytes())
            .ok()
            .and_then(|s| <[u8; 64]>::try_from(s).ok())
            .ok_or("Tanda tangan digital dalam kode QR rusak.")
    };
    let (content_hash, signature, claims) = if version == 3 {
        if super::claims::read(b).is_none() {
            return Err("Keterangan dokumen dalam kode QR rusak.".into());
        }
        (String::new(), signature_of(a)?, Some(b.to_string()))
    } else {
        let hash = B32
            .decode(a.to_uppercase().as_bytes())
            .ok()
            .filter(|h| h.len() == 32)
            .ok_or("Sidik isi dalam kode QR rusak.")?;
        (hex::encode(hash), signature_of(b)?, None)
    };
    Ok(Payload {
        version,
        key_id: key_id.to_lowercase(),
        record_id,
        content_hash,
        signature,
        claims,
    })
}

/// How a checked QR code came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum QrStatus {
    /// Signed by a known key, and the database still says what the paper says.
    Genuine,
    /// Signed by a known key, but the data behind it changed since printing.
    Changed,
    /// Signed by a known key, but the record is not in this database.
    UnknownRecord,
    /// Signed by a known key together with what the paper must show; the
    /// record is not in this database, so later changes cannot be seen.
    GenuineOffline,
    /// The key is not known here: import the other installation's key.
    UnknownKey,
    /// The signature does not match: the paper is forged or altered.
    Forged,
    /// Not a Netra QR code at all.
    Invalid,
}

/// The answer to "is this paper genuine?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QrCheck {
    pub status: QrStatus,
    /// One sentence in Indonesian.
    pub headline: String,
    /// What changed, or what to do.
    pub details: Vec<String>,
    pub record_id: Option<i64>,
    pub kind: Option<RecordKind>,
    pub kind_label: Option<String>,
    pub event_id: Option<i64>,
    pub key_id: Option<String>,
    /// Where the key that vouched for the code came from.
    pub key_source: Option<KeySource>,
    /// That key in words, with who imported it when it was imported.
    pub key_label: Option<String>,
    pub printed_at: Option<DateTime<Utc>>,
    /// What the paper must show, as the code signed it (`NETRA3` codes;
    /// empty for older ones): "Pastikan kertas ini menyebut: …".
    pub claims: Vec<super::claims::Claim>,
}

impl QrCheck {
    fn new(status: QrStatus, headline: impl Into<String>) -> QrCheck {
        QrCheck {
            status,
            headline: headline.into(),
            details: Vec::new(),
            record_id: None,
            kind: None,
            kind_label: None,
            event_id: None,
            key_id: None,
            key_source: None,
            key_label: None,
            printed_at: None,
            claims: Vec::new(),
        }
    }

    /// Genuine, with or without this database's record.
    pub fn ok(&self) -> bool {
        matches!(self.status, QrStatus::Genuine | QrStatus::GenuineOffline)
    }
}

/// A stored record.
pub struct Stored {
    pub id: i64,
    pub kind: RecordKind,
    pub event_id: i64,
    pub content: Value,
    pub content_hash: String,
    pub created_at: DateTime<Utc>,
    /// What its QR code says about the paper (records since version 11).
    pub claims: Option<String>,
}

/// Checks a QR payload against the `trust`ed keys and this database.
/// `rebuild` recomputes a record's facts from the database as it is now,
/// with the problems deeper checks find (see `pdf::facts_now`).
pub fn check(
    conn: &Connection,
    trust: &TrustedKeys,
    text: &str,
    rebuild: impl Fn(&Connection, &TrustedKeys, &Stored) -> Result<(Value, Vec<String>)>,
) -> Result<QrCheck> {
    let p = match parse_payload(text) {
        Ok(p) => p,
        Err(msg) => return Ok(QrCheck::new(QrStatus::Invalid, msg)),
    };
    let trusted = trust.find(&p.key_id);
    let mut out = QrCheck::new(QrStatus::Invalid, "");
    out.key_id = Some(p.key_id.clone());
    out.key_source = trusted.map(|t| t.source);
    out.key_label = trusted.map(|_| trust.describe(&p.key_id));
    out.record_id = Some(p.record_id);
    let Some(key) = trusted.map(|t| t.key) else {
        out.status = QrStatus::UnknownKey;
        out.headline = format!(
            "Tidak dapat diperiksa: kunci instalasi {} tidak dikenal di sini.",
            p.key_id
        );
        out.details.push(
            "Dokumen ini dicetak oleh instalasi Netra lain. Impor kunci publik instalasi itu (menu Verifikasi, atau `netra key import`), lalu periksa lagi.".into(),
        );
        return Ok(out);
    };
    let signed = match (p.version, &p.claims) {
        (1, _) => message_v1(&p.content_hash),
        (3, Some(claims)) => claims_message(&p.key_id, p.record_id, claims),
        _ => message(&p.key_id, p.record_id, &p.content_hash),
    };
    if key
        .verify(signed.as_bytes(), &Signature::from_bytes(&p.signature))
        .is_err()
    {
        out.status = QrStatus::Forged;
        out.headline = "PALSU: tanda tangan digital pada kode QR tidak cocok.".into();
        out.details.push(
            "Kode QR ini tidak dibuat oleh Netra dengan kunci tersebut, atau isinya telah diubah."
                .into(),
        );
        return Ok(out);
    }
    if let Some(claims) = &p.claims {
        out.claims = super::claims::read(claims).unwrap_or_default();
        out.kind = super::claims::kind(claims);
        out.kind_label = out.kind.map(|k| k.label().to_string());
    }
    let Some(stored) = get(conn, &p.key_id, p.record_id)? else {
        if let (Some(kind), true) = (out.kind, p.claims.is_some()) {
            out.status = QrStatus::GenuineOffline;
            out.headline = format!(
                "ASLI menurut tanda tangan digital: {} no. {}.",
                kind.label(),
                p.record_id
            );
            out.details.push(
                "Catatan ini tidak ada di basis data ini, jadi perubahan sesudah dicetak (misalnya pembatalan) tidak dapat diperiksa di sini.".into(),
            );
            return Ok(out);
        }
        out.status = QrStatus::UnknownRecord;
        out.headline = "Asli, tetapi catatan ini tidak ada di basis data ini.".into();
        out.details.push(
            "Tanda tangan digital sah. Periksa di komputer yang mencetaknya untuk memastikan isinya masih sama.".into(),
        );
        return Ok(out);
    };
    out.kind = Some(stored.kind);
    out.kind_label = Some(stored.kind.label().into());
    out.event_id = Some(stored.event_id);
    out.printed_at = Some(stored.created_at);
    let stored_hash = hex::encode(Sha256::digest(canonical(&stored.content).as_bytes()));
    let matches_code = match &p.claims {
        Some(claims) => stored.claims.as_deref() == Some(claims.as_str()),
        None => stored.content_hash == p.content_hash,
    };
    if !matches_code || stored_hash != stored.content_hash {
        out.status = QrStatus::Changed;
        out.headline = "Kode QR sah, tetapi catatan tersimpan tidak sesuai dengannya.".into();
        out.details
            .push("Catatan cetak di basis data ini telah diubah di luar Netra.".into());
        return Ok(out);
    }
    let (now, findings) = rebuild(conn, trust, &stored)?;
    let mut changes = differences("", &stored.content, &now);
    changes.extend(findings);
    if changes.is_empty() {
        out.status = QrStatus::Genuine;
        out.headline = format!(
            "ASLI: {} no. {} sesuai dengan data di basis data ini.",
            stored.kind.label(),
            stored.id
        );
    } else {
        out.status = QrStatus::Changed;
        out.headline = format!(
            "Asli, tetapi data {} no. {} telah berubah sejak dicetak.",
            stored.kind.label().to_lowercase(),
            stored.id
        );
        out.details = changes;
    }
    Ok(out)
}

fn get(conn: &Connection, key_id: &str, id: i64) -> Result<Option<Stored>> {
    let row = conn
        .query_row(
            "SELECT id, kind, event_id, content, content_hash, created_at, claims FROM printed_records
             WHERE id = ?1 AND key_id = ?2",
            params![id, key_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    db::utc_column(r, 5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            },
        )
        .optional()?;
    Ok(row.and_then(
        |(id, kind, event_id, content, content_hash, created_at, claims)| {
            Some(Stored {
                id,
                kind: RecordKind::parse(&kind)?,
                event_id,
                content: serde_json::from_str(&content).ok()?,
                content_hash,
                created_at,
                claims,
            })
        },
    ))
}

/// Names every value that differs between the facts as printed and now,
/// in words an auditor understands ("baris 3: nama").
pub fn differences(path: &str, then: &Value, now: &Value) -> Vec<String> {
    match (then, now) {
        (Value::Object(a), Value::Object(b)) => {
            let mut out = Vec::new();
            for (k, va) in a {
                let p = join(path, &label(k));
                match b.get(k) {
                    Some(vb) => out.extend(differences(&p, va, vb)),
                    None => out.push(format!("{p}: tidak ada lagi")),
                }
            }
            out
        }
        (Value::Array(a), Value::Array(b)) => {
            let mut out = Vec::new();
            for (i, va) in a.iter().enumerate() {
                let p = join(path, &format!("baris {}", i + 1));
                match b.get(i) {
                    Some(vb) => out.extend(differences(&p, va, vb)),
                    None => out.push(format!("{p}: tidak ada lagi")),
                }
            }
            if b.len() > a.len() {
                out.push(format!(
                    "{}: {} baris baru",
                    if path.is_empty() { "isi" } else { path },
                    b.len() - a.len()
                ));
            }
            out
        }
        _ if then == now => Vec::new(),
        _ => vec![format!(
            "{}: tercetak {}, sekarang {}",
            if path.is_empty() { "isi" } else { path },
            show(then),
            show(now)
        )],
    }
}

fn join(path: &str, part: &str) -> String {
    if path.is_empty() {
        part.to_string()
    } else {
        format!("{path}, {part}")
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "(kosong)".into(),
        Value::String(s) if s.is_empty() => "(kosong)".into(),
        Value::String(s) => format!("\u{201c}{s}\u{201d}"),
        other => other.to_string(),
    }
}

fn label(key: &str) -> String {
    match key {
        "name" => "nama",
        "nip" => "NIP",
        "rank" => "pangkat/golongan",
        "position" => "jabatan",
        "unit" => "unit kerja",
        "category" => "kategori",
        "title" => "judul acara",
        "place" => "tempat",
        "date" => "tanggal",
        "organizer" => "penyelenggara",
        "official" => "pejabat penanda tangan",
        "speakers" => "narasumber",
        "rows" => "daftar",
        "person" => "peserta",
        "event" => "acara",
        "declaration" => "pernyataan",
        "record_hash" => "sidik catatan",
        "voided" => "status dibatalkan",
        "signed_at" => "waktu tanda tangan",
        "counts" => "jumlah",
        "invited" => "diundang",
        "attended" => "hadir",
        "signed" => "menandatangani",
        "chain_head" => "kepala rantai",
        "pledge_hash" => "naskah pernyataan",
        other => other,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_payload_round_trips_and_stays_short() {
        let p = payload(
            2,
            "0123456789abcdef",
            42,
            &"ab".repeat(32),
            &"cd".repeat(64),
        );
        assert!(p.starts_with("NETRA2."), "{p}");
        assert!(p.len() < 200, "{} chars", p.len());
        assert!(p
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.'));
        let back = parse_payload(&p).unwrap();
        assert_eq!(back.record_id, 42);
        assert_eq!(back.version, 2);
        assert_eq!(back.content_hash, "ab".repeat(32));
        let old = payload(
            1,
            "0123456789abcdef",
            42,
            &"ab".repeat(32),
            &"cd".repeat(64),
        );
        assert_eq!(parse_payload(&old).unwrap().version, 1);
    }

    #[test]
    fn broken_payloads_are_named() {
        assert!(parse_payload("https://example.com")
            .unwrap_err()
            .contains("bukan kode QR Netra"));
        assert!(parse_payload("NETRA1.abc.1")
            .unwrap_err()
            .contains("tidak lengkap"));
        assert!(parse_payload("NETRA1.0123456789abcdef.x.AA.AA")
            .unwrap_err()
            .contains("bukan angka"));
    }

    #[test]
    fn differences_name_the_row_and_field() {
        let then = json!({"rows": [{"name": "Budi", "nip": "1"}, {"name": "Sari", "nip": "2"}]});
        let now = json!({"rows": [{"name": "Budi", "nip": "1"}, {"name": "Sari W.", "nip": "2"}]});
        assert_eq!(
            differences("", &then, &now),
            vec!["daftar, baris 2, nama: tercetak \u{201c}Sari\u{201d}, sekarang \u{201c}Sari W.\u{201d}"]
        );
    }
}
