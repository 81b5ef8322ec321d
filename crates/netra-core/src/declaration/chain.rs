//! Verifying an event's declarations: every record's hash, its key
//! signature, its link to the one before, the columns against what was
//! signed, the strokes against their hash, and the signed chain head.
//!
//! The report names each broken record by its number in the chain and says
//! what is wrong with it, so an auditor can point at the row.

use std::path::Path;

use ed25519_dalek::VerifyingKey;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::declaration::{self, SignedBody, Snapshot, GENESIS};
use crate::declaration::{pledge, strokes};
use crate::error::Result;
use crate::keys::{self, KeySource, TrustedKeys};

/// What is wrong with one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Problem {
    /// A stored column differs from what was signed.
    Edited { field: String },
    /// The signed text itself was changed or damaged.
    BodyChanged,
    /// The signature strokes no longer match their hash.
    StrokesChanged,
    /// Signed by a key this check does not trust.
    UntrustedKey { key_id: String },
    /// The key signature does not match the record.
    BadSignature,
    /// Records with these numbers are gone.
    Missing { from: i64, to: i64 },
    /// The record is not where it was signed to be.
    Reordered { signed_seq: i64 },
    /// The link to the previous record is broken.
    BrokenLink,
    /// The record was signed at an earlier time than the one before it.
    TimeWentBack { previous: String },
    /// The signed chain head is missing, or does not match the records.
    Head,
    /// A void not signed by a trusted key, or changed since it was signed.
    VoidNotSigned,
    /// A record signed as voided is no longer marked voided.
    VoidRemoved,
    /// The stored pledge text no longer matches the hash that was signed.
    PledgeTextChanged,
}

/// One broken record (or the head).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Finding {
    /// The record's number in the chain as stored (`seq`), 0 for the head.
    pub seq: i64,
    pub declaration_id: Option<i64>,
    pub problem: Problem,
    /// In Indonesian, for people.
    pub message: String,
}

/// The key one record was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Checked {
    pub seq: i64,
    /// The key the record names.
    pub key_id: String,
    /// Where that key was trusted from; `None`: not trusted here.
    pub source: Option<KeySource>,
}

/// How many records one key vouched for, for the report's summary line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyUse {
    pub key_id: String,
    pub source: Option<KeySource>,
    /// In Indonesian: "berkas kunci instalasi ini", "tidak dipercaya".
    pub source_label: String,
    pub records: i64,
}

/// The result of walking one event's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Report {
    pub event_id: i64,
    /// Records found (voided included).
    pub records: i64,
    pub voided: i64,
    pub findings: Vec<Finding>,
    /// Each record's key, in chain order.
    pub checked: Vec<Checked>,
    /// The keys used, with how many records each checked.
    pub keys: Vec<KeyUse>,
    /// In Indonesian, when the installation's key file was not there: the
    /// chain can still be whole, but nothing proves it was made here.
    pub note: Option<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

struct Row {
    id: i64,
    event_id: i64,
    person_id: i64,
    seq: i64,
    snapshot: String,
    signed_at: String,
    prev_hash: String,
    record_hash: String,
    key_id: String,
    key_signature: String,
    signed_body: String,
    voided: bool,
    pledge_hash: Option<String>,
    strokes: Option<String>,
    strokes_hash: Option<String>,
    voided_at: Option<String>,
    void_reason: Option<String>,
    void_key_id: Option<String>,
    void_signature: Option<String>,
    pledge: Option<(String, String, i64)>,
}

impl Row {
    fn void_message(&self) -> Option<String> {
        self.voided_at.as_ref().map(|at| {
            declaration::void_message(
                self.event_id,
                self.seq,
                &self.record_hash,
                at,
                self.void_reason.as_deref().unwrap_or(""),
            )
        })
    }
}

/// Verifies an event's chain the one way Netra does, for the app and the
/// CLI alike: with the keys of [`TrustedKeys::gather`] for the database at
/// `db_path` (never creating a key) plus `given` ones.
pub fn verify_event(
    conn: &Connection,
    db_path: &Path,
    event_id: i64,
    given: &[VerifyingKey],
) -> Result<Report> {
    crate::db::events::get(conn, event_id)?;
    let trust = TrustedKeys::gather(conn, &keys::path_for(db_path), given)?;
    verify(conn, event_id, &trust)
}

/// Walks the chain of `event_id`, accepting only keys in `trust`.
pub fn verify(conn: &Connection, event_id: i64, trust: &TrustedKeys) -> Result<Report> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.event_id, d.person_id, d.seq, d.snapshot, d.signed_at, d.prev_hash,
                d.record_hash, d.key_id, d.key_signature, d.signed_body,
                d.voided_at IS NOT NULL, p.content_hash, s.strokes, s.strokes_hash,
                d.voided_at, d.void_reason, d.void_key_id, d.void_signature,
                p.title, p.body, p.hash_version
         FROM declarations d
         LEFT JOIN pledge_texts p ON p.id = d.pledge_text_id
         LEFT JOIN signatures s ON s.declaration_id = d.id
         WHERE d.event_id = ?1 ORDER BY d.seq, d.id",
    )?;
    let rows: Vec<Row> = stmt
        .query_map([event_id], |r| {
            Ok(Row {
                id: r.get(0)?,
                event_id: r.get(1)?,
                person_id: r.get(2)?,
                seq: r.get(3)?,
                snapshot: r.get(4)?,
                signed_at: r.get(5)?,
                prev_hash: r.get(6)?,
                record_hash: r.get(7)?,
                key_id: r.get(8)?,
                key_signature: r.get(9)?,
                signed_body: r.get(10)?,
                voided: r.get(11)?,
                pledge_hash: r.get(12)?,
                strokes: r.get(13)?,
                strokes_hash: r.get(14)?,
                voided_at: r.get(15)?,
                void_reason: r.get(16)?,
                void_key_id: r.get(17)?,
                void_signature: r.get(18)?,
                pledge: match (r.get(19)?, r.get(20)?, r.get(21)?) {
                    (Some(t), Some(b), Some(v)) => Some((t, b, v)),
                    _ => None,
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let key_for = |id: &str| trust.find(id).map(|t| &t.key);
    let checked: Vec<Checked> = rows
        .iter()
        .map(|r| Checked {
            seq: r.seq,
            key_id: r.key_id.clone(),
            source: trust.find(&r.key_id).map(|t| t.source),
        })
        .collect();

    let mut findings = Vec::new();
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS.to_string();
    let mut prev_signed_at: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    for row in &rows {
        let mut add = |problem: Problem, message: String| {
            findings.push(Finding {
                seq: row.seq,
                declaration_id: Some(row.id),
                problem,
                message: format!("Catatan no. {}: {message}", row.seq),
            })
        };
        // The key signature covers the stored record hash.
        match key_for(&row.key_id) {
            None => add(
                Problem::UntrustedKey {
                    key_id: row.key_id.clone(),
                },
                format!(
                    "ditandatangani kunci {} yang tidak dipercaya di sini (impor kunci publik instalasi itu bila catatan ini memang dibuat di sana)",
                    row.key_id
                ),
            ),
            Some(k) => {
                if !keys::verify_hex(k, row.record_hash.as_bytes(), &row.key_signature) {
                    add(
                        Problem::BadSignature,
                        "tanda tangan kunci tidak cocok dengan catatan (diubah atau ditandatangani ulang)"
                            .into(),
                    )
                }
            }
        }
        let body: SignedBody = match serde_json::from_str(&row.signed_body) {
            Ok(b) => b,
            Err(_) => {
                add(
                    Problem::BodyChanged,
                    "isi yang ditandatangani rusak atau dihapus".into(),
                );
                expected_seq = row.seq + 1;
                prev_hash = row.record_hash.clone();
                continue;
            }
        };
        if declaration::record_hash(&row.signed_body) != row.record_hash {
            add(
                Problem::BodyChanged,
                "isi yang ditandatangani tidak cocok dengan hash catatan (diubah)".into(),
            );
        }

        // Position in the chain.
        if body.seq != row.seq {
            add(
                Problem::Reordered {
                    signed_seq: body.seq,
                },
                format!(
                    "urutan diubah: ditandatangani sebagai no. {}, tersimpan sebagai no. {}",
                    body.seq, row.seq
                ),
            );
        } else if row.seq > expected_seq {
            add(
                Problem::Missing {
                    from: expected_seq,
                    to: row.seq - 1,
                },
                missing_message(expected_seq, row.seq - 1),
            );
        } else if body.prev_hash != prev_hash {
            add(
                Problem::BrokenLink,
                "tidak bersambung dengan catatan sebelumnya (catatan sebelumnya diubah, dihapus atau ditukar)"
                    .into(),
            );
        }

        // Time only moves forward along the chain: a record that claims to
        // be older than its predecessor was signed out of order (a clock
        // set back, or a record made elsewhere and slipped in).
        let signed_at = chrono::DateTime::parse_from_rfc3339(&body.signed_at).ok();
        if let (Some(before), Some(at)) = (prev_signed_at, signed_at) {
            if at < before {
                add(
                    Problem::TimeWentBack {
                        previous: before.to_rfc3339(),
                    },
                    format!(
                        "ditandatangani pukul {} UTC, lebih awal dari catatan sebelumnya ({} UTC)",
                        at.format("%Y-%m-%d %H:%M:%S"),
                        before.format("%Y-%m-%d %H:%M:%S")
                    ),
                );
            }
        }
        if signed_at.is_some() {
            prev_signed_at = signed_at;
        }

        // Columns against the signed body.
        let snapshot: Option<Snapshot> = serde_json::from_str(&row.snapshot).ok();
        let mut edited: Vec<String> = Vec::new();
        match &snapshot {
            None => edited.push("snapshot".into()),
            Some(s) => edited.extend(snapshot_diff(s, &body.person)),
        }
        let checks: [(&str, bool); 7] = [
            ("event_id", row.event_id == body.event_id),
            ("person_id", row.person_id == body.person_id),
            ("signed_at", row.signed_at == body.signed_at),
            ("prev_hash", row.prev_hash == body.prev_hash),
            (
                "pledge_text_id",
                row.pledge_hash.as_deref() == Some(&body.pledge_hash),
            ),
            (
                "signatures.strokes_hash",
                row.strokes_hash.as_deref() == Some(&body.strokes_hash),
            ),
            ("signatures", row.strokes.is_some()),
        ];
        edited.extend(
            checks
                .iter()
                .filter(|(_, ok)| !ok)
                .map(|(f, _)| f.to_string()),
        );
        edited.dedup();
        for field in edited {
            add(
                Problem::Edited {
                    field: field.clone(),
                },
                format!("kolom {field} diubah setelah ditandatangani"),
            );
        }
        // The words themselves: the stored text must still hash to what
        // was signed.
        if let Some((title, text, version)) = &row.pledge {
            if row.pledge_hash.as_deref() == Some(&body.pledge_hash)
                && pledge::content_hash_v(*version, title, text).as_deref()
                    != Some(body.pledge_hash.as_str())
            {
                add(
                    Problem::PledgeTextChanged,
                    "teks pernyataan yang ditandatangani telah diubah di basis data".into(),
                );
            }
        }
        // A void is signed with the key that made it.
        match (row.void_message(), &row.void_signature) {
            (Some(msg), sig) => {
                let signed = match (row.void_key_id.as_deref().and_then(key_for), sig) {
                    (Some(k), Some(sig)) => keys::verify_hex(k, msg.as_bytes(), sig),
                    _ => false,
                };
                if !signed {
                    add(
                        Problem::VoidNotSigned,
                        "pembatalannya tidak ditandatangani kunci yang dipercaya (dibatalkan atau alasannya diubah di luar Netra)".into(),
                    );
                }
            }
            (None, Some(_)) => add(
                Problem::VoidRemoved,
                "pernah dibatalkan, tetapi tanda pembatalannya dihapus".into(),
            ),
            (None, None) => {}
        }
        if let Some(text) = &row.strokes {
            if strokes::hash_text(text) != body.strokes_hash {
                add(
                    Problem::StrokesChanged,
                    "goresan tanda tangan diubah setelah ditandatangani".into(),
                );
            }
        }
        expected_seq = expected_seq.max(row.seq + 1);
        prev_hash = row.record_hash.clone();
    }

    check_head(conn, event_id, &rows, &key_for, &mut findings)?;
    let mut notes: Vec<String> = Vec::new();
    if let Some(path) = &trust.key_file_missing {
        notes.push(format!(
            "Berkas kunci instalasi {} tidak ada: hanya kunci yang diberikan untuk pemeriksaan ini (--public-key) yang dipercaya. \
             Kunci yang tersimpan di basis data tidak dipercaya, karena siapa pun yang dapat mengubah berkas basis data dapat menambahkannya.",
            path.display()
        ));
    }
    notes.extend(trust.ignored.iter().cloned());
    let note = (!notes.is_empty()).then(|| notes.join(" "));
    Ok(Report {
        event_id,
        records: rows.len() as i64,
        voided: rows.iter().filter(|r| r.voided).count() as i64,
        findings,
        keys: key_uses(&checked, trust),
        checked,
        note,
    })
}

fn key_uses(checked: &[Checked], trust: &TrustedKeys) -> Vec<KeyUse> {
    let mut uses: Vec<KeyUse> = Vec::new();
    for c in checked {
        match uses.iter_mut().find(|u| u.key_id == c.key_id) {
            Some(u) => u.records += 1,
            None => uses.push(KeyUse {
                key_id: c.key_id.clone(),
                source: c.source,
                source_label: trust.describe(&c.key_id),
                records: 1,
            }),
        }
    }
    uses
}

fn missing_message(from: i64, to: i64) -> String {
    if from == to {
        format!("catatan no. {from} sebelumnya hilang (dihapus)")
    } else {
        format!("catatan no. {from}–{to} sebelumnya hilang (dihapus)")
    }
}

fn snapshot_diff(stored: &Snapshot, signed: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    let fields = [
        ("nama", stored.name == signed.name),
        ("nip", stored.nip == signed.nip),
        ("kategori", stored.category == signed.category),
        ("pangkat", stored.rank == signed.rank),
        ("jabatan", stored.position == signed.position),
        ("unit", stored.unit == signed.unit),
    ];
    for (name, same) in fields {
        if !same {
            out.push(format!("snapshot.{name}"));
        }
    }
    out
}

/// The head names the newest record and the voids, and is signed, so
/// deleting the newest records (which leaves no gap) or voiding and
/// un-voiding outside Netra is caught. The event's own count of records
/// and the audit log are witnesses too: a chain deleted together with its
/// head still leaves the event knowing it had declarations.
fn check_head<'a>(
    conn: &Connection,
    event_id: i64,
    rows: &[Row],
    key_for: &dyn Fn(&str) -> Option<&'a VerifyingKey>,
    findings: &mut Vec<Finding>,
) -> Result<()> {
    let head: Option<(i64, String, String, String, i64)> = conn
        .query_row(
            "SELECT seq, record_hash, key_id, key_signature, version FROM chain_heads
             WHERE event_id = ?1",
            [event_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let last = rows.iter().max_by_key(|r| r.seq);
    let last_seq = last.map_or(0, |r| r.seq);
    let voids: Vec<String> = rows.iter().filter_map(Row::void_message).collect();
    let mut add = |problem: Problem, message: String| {
        findings.push(Finding {
            seq: 0,
            declaration_id: None,
            problem,
            message,
        })
    };
    // How long the chain was last known to be, and by whom.
    let mut known = 0;
    match (head, last) {
        (None, None) => {}
        (None, Some(_)) => add(
            Problem::Head,
            "Ujung rantai (catatan terakhir yang ditandatangani) hilang".into(),
        ),
        (Some((seq, hash, key_id, sig, version)), last) => {
            let message = match version {
                1 => declaration::head_message_v1(event_id, seq, &hash),
                _ => declaration::head_message(event_id, seq, &hash, &voids),
            };
            let trusted = key_for(&key_id);
            let signed = trusted.is_some_and(|k| keys::verify_hex(k, message.as_bytes(), &sig));
            if trusted.is_none() {
                add(
                    Problem::UntrustedKey {
                        key_id: key_id.clone(),
                    },
                    format!(
                        "Ujung rantai ditandatangani kunci {key_id} yang tidak dipercaya di sini"
                    ),
                );
            } else if !signed {
                add(
                    Problem::Head,
                    "Ujung rantai diubah (tanda tangan kuncinya tidak cocok dengan catatan terakhir dan daftar pembatalan)"
                        .into(),
                );
            } else if version == 1 && !voids.is_empty() {
                add(
                    Problem::Head,
                    "Ujung rantai versi lama tidak mencakup pembatalan; buka basis data ini dengan Netra di komputer yang menandatanganinya agar ditandatangani ulang"
                        .into(),
                );
            } else if last.is_some_and(|r| r.record_hash != hash && r.seq == seq) || seq < last_seq
            {
                add(
                    Problem::Head,
                    "Ujung rantai tidak cocok dengan catatan terakhir (ada catatan yang ditambah atau diubah)"
                        .into(),
                );
            }
            if signed {
                known = seq;
            }
        }
    }
    let chain_seq: i64 = conn
        .query_row(
            "SELECT chain_seq FROM events WHERE id = ?1",
            [event_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    let audited: i64 = conn.query_row(
        "SELECT COALESCE(MAX(json_extract(details, '$.seq')), 0) FROM audit_log
         WHERE action = 'declaration.sign' AND json_extract(details, '$.event_id') = ?1",
        [event_id],
        |r| r.get(0),
    )?;
    let known = known.max(chain_seq).max(audited);
    if known > last_seq {
        findings.push(Finding {
            seq: last_seq + 1,
            declaration_id: None,
            problem: Problem::Missing {
                from: last_seq + 1,
                to: known,
            },
            message: if last_seq == 0 {
                format!(
                    "Seluruh rantai hilang: acara ini mencatat {known} pernyataan yang ditandatangani, tidak ada satu pun yang tersisa"
                )
            } else {
                format!("Catatan terakhir hilang: {}", missing_message(last_seq + 1, known))
            },
        });
    }
    Ok(())
}
