//! The schema, as an append-only list of migrations. Never edit a migration
//! that has shipped: add the next one. `PRAGMA user_version` holds the count.

use rusqlite_migration::{Migrations, M};

/// Version 1: the data model for the whole product. Later issues fill the
/// tables; their shape is fixed here so every feature lands on one model.
const V1: &str = r#"
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('sosialisasi','deklarasi','sosialisasi_deklarasi')),
    organizer       TEXT NOT NULL,
    place           TEXT NOT NULL,
    starts_at       TEXT NOT NULL,          -- wall clock in `timezone`, ISO 8601
    timezone        TEXT NOT NULL CHECK (timezone IN ('WIB','WITA','WIT')),
    starts_at_utc   TEXT NOT NULL,          -- the same instant in UTC, for sorting
    paper           TEXT NOT NULL CHECK (paper IN ('A4','F4')),
    official_name     TEXT NOT NULL DEFAULT '',
    official_position TEXT NOT NULL DEFAULT '',
    official_nip      TEXT NOT NULL DEFAULT '',
    archived_at     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE speakers (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,           -- order of appearance
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    institution TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, position)
) STRICT;

-- Attendees and invitees, per event (the roster).
CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,            -- normalised for search: no titles, case, diacritics
    nip           TEXT,                     -- 18 digits or NULL for non-ASN
    category      TEXT NOT NULL CHECK (category IN
                    ('pns','pppk','pppk_paruh_waktu','ppnpn','kepala_desa','perangkat_desa','tni_polri','lainnya')),
    rank          TEXT NOT NULL DEFAULT '', -- pangkat/golongan
    position      TEXT NOT NULL DEFAULT '', -- jabatan
    unit          TEXT NOT NULL DEFAULT '', -- unit kerja / OPD / instansi
    phone         TEXT NOT NULL DEFAULT '',
    walk_in       INTEGER NOT NULL DEFAULT 0,
    checked_in_at TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX people_event_nip ON people(event_id, nip) WHERE nip IS NOT NULL;
CREATE INDEX people_event_name ON people(event_id, name_key);

-- Pledge texts are versions: a new edit is a new row; signed rows never change.
CREATE TABLE pledge_texts (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER REFERENCES events(id) ON DELETE CASCADE, -- NULL: installation default
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    content_hash TEXT NOT NULL,             -- SHA-256 hex of the canonical text
    created_at   TEXT NOT NULL,
    UNIQUE (event_id, version)
) STRICT;

-- One signed neutrality statement; a hash chain per event.
CREATE TABLE declarations (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    pledge_text_id INTEGER NOT NULL REFERENCES pledge_texts(id),
    seq            INTEGER NOT NULL,        -- position in the event's chain
    snapshot       TEXT NOT NULL,           -- JSON: name, NIP, jabatan, unit as at signing
    signed_at      TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    record_hash    TEXT NOT NULL,
    key_id         TEXT NOT NULL,           -- installation public key fingerprint
    key_signature  TEXT NOT NULL,           -- Ed25519 over record_hash
    voided_at      TEXT,
    void_reason    TEXT,
    UNIQUE (event_id, seq)
) STRICT;

CREATE TABLE signatures (
    id             INTEGER PRIMARY KEY,
    declaration_id INTEGER NOT NULL UNIQUE REFERENCES declarations(id),
    strokes        TEXT NOT NULL,           -- JSON vector strokes (points with time)
    strokes_hash   TEXT NOT NULL,
    width          REAL NOT NULL,
    height         REAL NOT NULL,
    png            BLOB
) STRICT;

-- Append-only audit trail: triggers refuse updates and deletes.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,                -- 'organizer', 'kiosk', 'cli'
    action    TEXT NOT NULL,                -- 'event.create', 'event.update', ...
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    details   TEXT NOT NULL DEFAULT '{}'    -- JSON
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"#;

/// Version 2: roster revisions for the search index, and name keys that
/// ignore diacritics ("Aṣ-Ṣiddīq" is found by "as siddiq").
///
/// Every change to a person bumps `events.roster_rev` and stamps the row
/// with it, so an index built at revision N reloads only rows with
/// `rev > N`, whoever wrote them (window, CLI, kiosk). Bulk writers
/// (import) bump once and stamp rows themselves; the triggers' guards skip
/// rows that already carry a new revision, so 50,000 rows cost one bump.
const V2: &str = r#"
ALTER TABLE events ADD COLUMN roster_rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE INDEX people_event_rev ON people(event_id, rev);
CREATE TRIGGER people_rev_insert AFTER INSERT ON people WHEN NEW.rev = 0
BEGIN
    UPDATE events SET roster_rev = roster_rev + 1 WHERE id = NEW.event_id;
    UPDATE people SET rev = (SELECT roster_rev FROM events WHERE id = NEW.event_id)
    WHERE id = NEW.id;
END;
-- The guard skips the trigger's own stamping and rows stamped by the writer.
CREATE TRIGGER people_rev_update AFTER UPDATE ON people WHEN NEW.rev = OLD.rev
BEGIN
    UPDATE events SET roster_rev = roster_rev + 1 WHERE id = NEW.event_id;
    UPDATE people SET rev = (SELECT roster_rev FROM events WHERE id = NEW.event_id)
    WHERE id = NEW.id;
END;
CREATE TRIGGER people_rev_delete AFTER DELETE ON people
BEGIN
    UPDATE events SET roster_rev = roster_rev + 1 WHERE id = OLD.event_id;
END;
"#;

/// Version 3: a stored pledge text never changes; an edit is a new version
/// (a declaration keeps the hash of the words it signed).
const V3: &str = r#"
CREATE TRIGGER pledge_texts_no_update BEFORE UPDATE ON pledge_texts
BEGIN SELECT RAISE(ABORT, 'pledge_texts are versions; add a new one'); END;
CREATE TRIGGER pledge_texts_no_delete_signed BEFORE DELETE ON pledge_texts
WHEN EXISTS (SELECT 1 FROM declarations WHERE pledge_text_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a signed pledge text cannot be deleted'); END;
"#;

/// Recomputes stored name keys with the current rules (diacritic folding).
fn rekey_names(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM people")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare("UPDATE people SET name_key = ?2 WHERE id = ?1")?;
    for (id, name) in rows {
        update.execute(rusqlite::params![id, crate::person::name_key(&name)])?;
    }
    Ok(())
}

/// All migrations, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1).foreign_key_check(),
        M::up_with_hook(V2, rekey_names),
        M::up(V3),
    ])
}

/// The schema version this build knows.
pub fn latest_version() -> usize {
    3
}
