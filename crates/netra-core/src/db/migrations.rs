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

/// Version 4: kiosk signing.
///
/// - `declarations.signed_body` is the exact JSON whose SHA-256 is
///   `record_hash`, so `verify` can name the column that was edited.
/// - `submission_id` makes a double tap one declaration, not two.
/// - One live (not voided) declaration per person and event.
/// - A declaration is never deleted, and only its void columns may be set,
///   once; a signature row never changes. Tampering with SQLite by hand
///   means dropping these triggers, and `verify` still names the record.
/// - `chain_heads` holds each event's signed last link, so deleting the
///   newest declarations is detected too.
/// - `installation_keys` lists the public keys that signed records here;
///   `settings` holds installation-wide values (the kiosk PIN's argon2 hash).
const V4: &str = r#"
ALTER TABLE declarations ADD COLUMN signed_body TEXT NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN submission_id TEXT;
CREATE UNIQUE INDEX declarations_submission ON declarations(submission_id)
    WHERE submission_id IS NOT NULL;
CREATE UNIQUE INDEX declarations_live_person ON declarations(event_id, person_id)
    WHERE voided_at IS NULL;
CREATE INDEX declarations_person ON declarations(person_id);
CREATE TRIGGER declarations_no_delete BEFORE DELETE ON declarations
BEGIN SELECT RAISE(ABORT, 'declarations are kept; void one instead'); END;
CREATE TRIGGER declarations_void_only BEFORE UPDATE ON declarations
WHEN OLD.voided_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.event_id IS NOT OLD.event_id
  OR NEW.person_id IS NOT OLD.person_id OR NEW.pledge_text_id IS NOT OLD.pledge_text_id
  OR NEW.seq IS NOT OLD.seq OR NEW.snapshot IS NOT OLD.snapshot
  OR NEW.signed_at IS NOT OLD.signed_at OR NEW.prev_hash IS NOT OLD.prev_hash
  OR NEW.record_hash IS NOT OLD.record_hash OR NEW.key_id IS NOT OLD.key_id
  OR NEW.key_signature IS NOT OLD.key_signature OR NEW.signed_body IS NOT OLD.signed_body
  OR NEW.submission_id IS NOT OLD.submission_id
BEGIN SELECT RAISE(ABORT, 'a declaration can only be voided, once'); END;
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures never change'); END;
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are kept'); END;
-- A person who signed stays on the roster (the record names them).
CREATE TRIGGER people_no_delete_signed BEFORE DELETE ON people
WHEN EXISTS (SELECT 1 FROM declarations WHERE person_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a person who signed cannot be removed'); END;

CREATE TABLE chain_heads (
    event_id      INTEGER PRIMARY KEY REFERENCES events(id),
    seq           INTEGER NOT NULL,
    record_hash   TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    key_signature TEXT NOT NULL             -- Ed25519 over "head:<event>:<seq>:<hash>"
) STRICT;

CREATE TABLE installation_keys (
    key_id     TEXT PRIMARY KEY,            -- first 16 hex of SHA-256(public key)
    public_key TEXT NOT NULL,               -- 32 bytes, hex
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
"#;

/// Version 5: printed records.
///
/// - `printed_records` is the register of every document printed with a QR
///   code: the facts it showed (canonical JSON), their SHA-256 and the
///   installation key's signature over that hash. Printing the same facts
///   again finds the same record. Rows are never changed or deleted.
/// - `trusted_keys` holds public keys imported from other installations,
///   so their QR codes can be checked here.
const V5: &str = r#"
CREATE TABLE printed_records (
    id           INTEGER PRIMARY KEY,
    key_id       TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('daftar_hadir', 'pernyataan', 'sertifikat', 'berita_acara')),
    event_id     INTEGER NOT NULL REFERENCES events(id),
    content      TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    signature    TEXT NOT NULL,             -- Ed25519 over "netra-record:v1:<content_hash>"
    created_at   TEXT NOT NULL,
    UNIQUE (key_id, content_hash)
) STRICT;
CREATE INDEX printed_records_event ON printed_records(event_id);
CREATE TRIGGER printed_records_no_update BEFORE UPDATE ON printed_records
BEGIN SELECT RAISE(ABORT, 'printed records never change'); END;
CREATE TRIGGER printed_records_no_delete BEFORE DELETE ON printed_records
BEGIN SELECT RAISE(ABORT, 'printed records are kept'); END;

CREATE TABLE trusted_keys (
    key_id      TEXT PRIMARY KEY,
    public_key  TEXT NOT NULL,
    label       TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;
"#;

/// Version 6: slide decks organisers imported or edited (the shipped deck is
/// not stored: an event without a deck presents it), their images, and each
/// event's presentation settings (deck, hotline, logo).
const V6: &str = r#"
CREATE TABLE decks (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    markdown    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE deck_images (
    deck_id     INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,              -- as the Markdown names it, "peta.png"
    mime        TEXT NOT NULL CHECK (mime IN ('image/png','image/jpeg','image/gif','image/webp','image/svg+xml')),
    bytes       BLOB NOT NULL,
    PRIMARY KEY (deck_id, name)
) STRICT;

CREATE TABLE event_presentation (
    event_id    INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    deck_id     INTEGER REFERENCES decks(id) ON DELETE SET NULL,
    hotline     TEXT NOT NULL DEFAULT '',
    logo_mime   TEXT CHECK (logo_mime IN ('image/png','image/jpeg')),
    logo        BLOB,
    updated_at  TEXT NOT NULL
) STRICT;
"#;

/// Version 7: what verification could not see before.
///
/// - `trusted_keys` rows carry the key's full fingerprint, who imported it
///   and an endorsement: this installation key's signature over the row, so
///   a key written into the table by hand is not trusted.
/// - A void is signed (`void_key_id`, `void_signature`) and the chain head
///   (`version` 2) covers the set of voids, so voiding or un-voiding outside
///   Netra is caught.
/// - `events.chain_seq` remembers how long each event's chain is, so
///   deleting a whole chain together with its head is caught.
/// - `pledge_texts.hash_version` 2 hashes title and body length-prefixed
///   (version 1 could not tell where the title ended).
/// - `printed_records.sig_version` 2 signatures cover the key and record id
///   too, not only the content hash (QR payload `NETRA2`).
const V7: &str = r#"
ALTER TABLE trusted_keys ADD COLUMN fingerprint TEXT;
ALTER TABLE trusted_keys ADD COLUMN imported_by TEXT;
ALTER TABLE trusted_keys ADD COLUMN endorsed_by TEXT;
ALTER TABLE trusted_keys ADD COLUMN endorsement TEXT;

ALTER TABLE declarations ADD COLUMN void_key_id TEXT;
ALTER TABLE declarations ADD COLUMN void_signature TEXT;
-- As in version 4, but a void made before version 7 may be signed once.
DROP TRIGGER declarations_void_only;
CREATE TRIGGER declarations_void_only BEFORE UPDATE ON declarations
WHEN (OLD.voided_at IS NOT NULL AND (
        NEW.voided_at IS NOT OLD.voided_at OR NEW.void_reason IS NOT OLD.void_reason
        OR OLD.void_signature IS NOT NULL))
  OR NEW.id IS NOT OLD.id OR NEW.event_id IS NOT OLD.event_id
  OR NEW.person_id IS NOT OLD.person_id OR NEW.pledge_text_id IS NOT OLD.pledge_text_id
  OR NEW.seq IS NOT OLD.seq OR NEW.snapshot IS NOT OLD.snapshot
  OR NEW.signed_at IS NOT OLD.signed_at OR NEW.prev_hash IS NOT OLD.prev_hash
  OR NEW.record_hash IS NOT OLD.record_hash OR NEW.key_id IS NOT OLD.key_id
  OR NEW.key_signature IS NOT OLD.key_signature OR NEW.signed_body IS NOT OLD.signed_body
  OR NEW.submission_id IS NOT OLD.submission_id
BEGIN SELECT RAISE(ABORT, 'a declaration can only be voided, once'); END;
ALTER TABLE chain_heads ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

ALTER TABLE events ADD COLUMN chain_seq INTEGER NOT NULL DEFAULT 0;
UPDATE events SET chain_seq =
    (SELECT COALESCE(MAX(seq), 0) FROM declarations WHERE event_id = events.id);

ALTER TABLE pledge_texts ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE printed_records ADD COLUMN sig_version INTEGER NOT NULL DEFAULT 1;
"#;

/// Version 8: the hall hub. Tablets paired as kiosks and phone sessions of
/// an event (tokens only as SHA-256 hashes), and the way each declaration
/// came in, counted in the berita acara.
const V8: &str = r#"
CREATE TABLE hub_devices (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,      -- SHA-256 hex of the device token, never the token
    paired_at    TEXT NOT NULL,
    last_seen_at TEXT,
    last_address TEXT,                      -- the tablet's address on the hall network
    revoked_at   TEXT
) STRICT;

CREATE TABLE hub_phones (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id),
    token_hash     TEXT NOT NULL UNIQUE,
    opened_at      TEXT NOT NULL,
    declaration_id INTEGER UNIQUE REFERENCES declarations(id)   -- the one signature it made
) STRICT;

ALTER TABLE declarations ADD COLUMN channel TEXT NOT NULL DEFAULT 'kiosk'
    CHECK (channel IN ('kiosk', 'device', 'phone'));
ALTER TABLE declarations ADD COLUMN device_id INTEGER REFERENCES hub_devices(id);

-- As in version 7, and the way a declaration came in is as fixed as the rest.
DROP TRIGGER declarations_void_only;
CREATE TRIGGER declarations_void_only BEFORE UPDATE ON declarations
WHEN (OLD.voided_at IS NOT NULL AND (
        NEW.voided_at IS NOT OLD.voided_at OR NEW.void_reason IS NOT OLD.void_reason
        OR OLD.void_signature IS NOT NULL))
  OR NEW.id IS NOT OLD.id OR NEW.event_id IS NOT OLD.event_id
  OR NEW.person_id IS NOT OLD.person_id OR NEW.pledge_text_id IS NOT OLD.pledge_text_id
  OR NEW.seq IS NOT OLD.seq OR NEW.snapshot IS NOT OLD.snapshot
  OR NEW.signed_at IS NOT OLD.signed_at OR NEW.prev_hash IS NOT OLD.prev_hash
  OR NEW.record_hash IS NOT OLD.record_hash OR NEW.key_id IS NOT OLD.key_id
  OR NEW.key_signature IS NOT OLD.key_signature OR NEW.signed_body IS NOT OLD.signed_body
  OR NEW.submission_id IS NOT OLD.submission_id
  OR NEW.channel IS NOT OLD.channel OR NEW.device_id IS NOT OLD.device_id
BEGIN SELECT RAISE(ABORT, 'a declaration can only be voided, once'); END;

-- A phone session's signature, once made, stays.
CREATE TRIGGER hub_phones_once BEFORE UPDATE ON hub_phones
WHEN OLD.declaration_id IS NOT NULL OR NEW.token_hash IS NOT OLD.token_hash
  OR NEW.event_id IS NOT OLD.event_id
BEGIN SELECT RAISE(ABORT, 'a phone session signs once'); END;
"#;

/// Version 9: each audit entry names its event, so the log can be read
/// and exported per event (and what a deleted event leaves is findable).
/// Older entries get it from the row they name; the append-only trigger is
/// lifted for that one backfill.
///
/// And an event can be erased when its retention ends (UU PDP): the
/// keep-forever triggers let rows go only for an event listed in
/// `event_erasures`, a marker `event::erase` writes and removes inside its
/// one transaction, so no other path can delete a signed record.
const V9: &str = r#"
ALTER TABLE audit_log ADD COLUMN event_id INTEGER;
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET event_id = COALESCE(CASE entity
    WHEN 'event' THEN entity_id
    WHEN 'person' THEN (SELECT event_id FROM people WHERE id = audit_log.entity_id)
    WHEN 'declaration' THEN (SELECT event_id FROM declarations WHERE id = audit_log.entity_id)
    WHEN 'hub_device' THEN (SELECT event_id FROM hub_devices WHERE id = audit_log.entity_id)
    WHEN 'pledge_text' THEN (SELECT event_id FROM pledge_texts WHERE id = audit_log.entity_id)
    END, json_extract(details, '$.event_id'));
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE INDEX audit_log_by_event ON audit_log (event_id, id);

CREATE TABLE event_erasures (event_id INTEGER PRIMARY KEY) STRICT;

-- A closed event is read-only: no signature, no arrival, no new person.
-- The core says so first, in Indonesian; these make sure of it.
ALTER TABLE events ADD COLUMN closed_at TEXT;
-- The day its records may be erased (UU PDP); NULL: not set.
ALTER TABLE events ADD COLUMN retain_until TEXT;
CREATE TRIGGER declarations_event_closed BEFORE INSERT ON declarations
WHEN (SELECT closed_at FROM events WHERE id = NEW.event_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the event is closed'); END;
CREATE TRIGGER people_event_closed_insert BEFORE INSERT ON people
WHEN (SELECT closed_at FROM events WHERE id = NEW.event_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the event is closed'); END;
CREATE TRIGGER people_event_closed_arrival BEFORE UPDATE OF checked_in_at ON people
WHEN (SELECT closed_at FROM events WHERE id = NEW.event_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the event is closed'); END;

DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.event_id IS NULL
  OR NOT EXISTS (SELECT 1 FROM event_erasures WHERE event_id = OLD.event_id)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

DROP TRIGGER declarations_no_delete;
CREATE TRIGGER declarations_no_delete BEFORE DELETE ON declarations
WHEN NOT EXISTS (SELECT 1 FROM event_erasures WHERE event_id = OLD.event_id)
BEGIN SELECT RAISE(ABORT, 'declarations are kept; void one instead'); END;

DROP TRIGGER signatures_no_delete;
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
WHEN NOT EXISTS (SELECT 1 FROM event_erasures e JOIN declarations d ON d.event_id = e.event_id
                 WHERE d.id = OLD.declaration_id)
BEGIN SELECT RAISE(ABORT, 'signatures are kept'); END;

DROP TRIGGER printed_records_no_delete;
CREATE TRIGGER printed_records_no_delete BEFORE DELETE ON printed_records
WHEN NOT EXISTS (SELECT 1 FROM event_erasures WHERE event_id = OLD.event_id)
BEGIN SELECT RAISE(ABORT, 'printed records are kept'); END;
"#;

/// Version 10: events imported from `.netra` archives of other
/// installations. Each lives in its own SQLite file beside this database
/// (`arsip-impor/`), with its original ids, so its chain and its printed
/// QR codes verify as they did where they were made; this table is the
/// register of those files.
const V10: &str = r#"
CREATE TABLE imported_archives (
    id              INTEGER PRIMARY KEY,
    origin_key_id   TEXT NOT NULL,          -- the installation that signed the archive
    origin_event_id INTEGER NOT NULL,       -- the event's id there
    title           TEXT NOT NULL,
    starts_at       TEXT NOT NULL,
    store_file      TEXT NOT NULL UNIQUE,   -- file name inside arsip-impor/
    archive_sha256  TEXT NOT NULL,          -- of the .netra file as imported (before decryption: of the plain archive)
    manifest        TEXT NOT NULL,          -- the archive's manifest.json, verbatim
    people          INTEGER NOT NULL,
    declarations    INTEGER NOT NULL,
    documents       INTEGER NOT NULL,
    imported_at     TEXT NOT NULL,
    imported_by     TEXT NOT NULL,
    UNIQUE (origin_key_id, origin_event_id)
) STRICT;
"#;

/// Version 11: a printed record also signs what its QR code says about the
/// paper (kind, name, NIP, event title and date; see `pdf::claims`), so a
/// verifier can compare code and paper with the public key alone.
/// `claims_signature` is Ed25519 over
/// `netra-record:v3:<key_id>:<id>:<claims>`; older records have neither.
const V11: &str = r#"
ALTER TABLE printed_records ADD COLUMN claims TEXT;
ALTER TABLE printed_records ADD COLUMN claims_signature TEXT;
"#;

/// Version 12: what official papers carry besides the record (see
/// `papers`). Images are stored once, as checked PNG, and named by their
/// hash; a letterhead (kop surat) is set up once and picked per event;
/// each event may add two certificate logos, the official's scanned
/// signature and stamp, and a materai box on its statements.
const V12: &str = r#"
CREATE TABLE images (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL UNIQUE,   -- of the stored PNG
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    png        BLOB NOT NULL,
    -- The pixels as a PDF takes them, compressed once here rather than
    -- on every print: zlib of the RGB samples, and of the alpha channel
    -- (NULL when the image is opaque).
    pdf_rgb    BLOB NOT NULL,
    pdf_alpha  BLOB,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE letterheads (
    id         INTEGER PRIMARY KEY,
    label      TEXT NOT NULL,
    logo_id    INTEGER REFERENCES images(id),
    line1      TEXT NOT NULL,
    line2      TEXT NOT NULL DEFAULT '',
    line3      TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE event_papers (
    event_id      INTEGER PRIMARY KEY REFERENCES events(id),
    letterhead_id INTEGER REFERENCES letterheads(id),
    logo_left_id  INTEGER REFERENCES images(id),
    logo_right_id INTEGER REFERENCES images(id),
    signature_id  INTEGER REFERENCES images(id),
    stamp_id      INTEGER REFERENCES images(id),
    materai       INTEGER NOT NULL DEFAULT 0
) STRICT;
"#;

/// Version 13: certificate designs. `design` is `klasik`, `modern` or
/// `latar` (the organiser's own A4 landscape background, `background_id`,
/// with the text positions of `layout`, JSON of `papers::Layout`);
/// `detailed` puts a statement's audit trail on a page of its own.
const V13: &str = r#"
ALTER TABLE event_papers ADD COLUMN design TEXT NOT NULL DEFAULT 'klasik';
ALTER TABLE event_papers ADD COLUMN background_id INTEGER REFERENCES images(id);
ALTER TABLE event_papers ADD COLUMN layout TEXT NOT NULL DEFAULT '';
ALTER TABLE event_papers ADD COLUMN detailed INTEGER NOT NULL DEFAULT 0;
"#;

/// All migrations, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1).foreign_key_check(),
        // Version 2 once re-keyed names here; `db::people::refold_names` now does
        // it after every migration, whenever the folding rules change.
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up(V9),
        M::up(V10),
        M::up(V11),
        M::up(V12),
        M::up(V13),
    ])
}

/// The schema version this build knows.
pub fn latest_version() -> usize {
    13
}
