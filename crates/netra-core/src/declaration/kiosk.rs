//! Kiosk mode: what an attendee at the touchscreen may see and do.
//!
//! Everything here returns one person at a time with the NIP masked; the
//! roster, full NIPs and exports are not reachable from the kiosk. The
//! organiser's PIN (argon2) guards leaving kiosk mode.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Actor};
use crate::db;
use crate::declaration;
use crate::declaration::pledge::{self, PledgeText};
use crate::declaration::strokes::SignatureRules;
use crate::error::{Error, FieldError, Result};
use crate::event::Event;
use crate::hall::Channel;
use crate::roster::person::Person;
use crate::roster::search::{RosterIndex, RosterQuery};
use crate::roster::{self, PersonForm};

/// Matches shown for one search: enough to find yourself, too few to
/// browse the roster.
pub const MAX_MATCHES: usize = 5;
/// Letters needed before names are shown.
pub const MIN_LETTERS: usize = 3;
/// A NIP search needs the whole number: a shorter prefix would let someone
/// type a colleague's birth date and then one digit at a time, watching the
/// name stay listed, until they had the digits the mask hides.
pub const NIP_DIGITS: usize = 18;
pub const DEFAULT_IDLE_SECONDS: u32 = 60;
pub const IDLE_RANGE: std::ops::RangeInclusive<u32> = 20..=600;
/// Wrong PINs in a row before the exit is locked for a while.
pub const PIN_ATTEMPTS: u32 = 5;
/// How many digits the organiser's exit PIN has.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=12;
/// The first lock; each further run of misses doubles it.
pub const PIN_LOCK_SECONDS: i64 = 30;
pub const PIN_LOCK_MAX_SECONDS: i64 = 15 * 60;
const PIN_MISSES_KEY: &str = "kiosk.pin_misses";
const PIN_LOCKED_UNTIL_KEY: &str = "kiosk.pin_locked_until";

const PIN_KEY: &str = "kiosk.pin";
const IDLE_KEY: &str = "kiosk.idle_seconds";

/// "1986•••• •••••• 1 001": birth year, gender digit and sequence stay, so
/// people can tell themselves apart; the rest is hidden from the queue.
pub fn mask_nip(nip: &str) -> String {
    let d: Vec<char> = nip.chars().filter(char::is_ascii_digit).collect();
    if d.len() != 18 {
        return "••••".into();
    }
    let s = |a: usize, b: usize| d[a..b].iter().collect::<String>();
    format!("{}•••• •••••• {} {}", s(0, 4), s(14, 15), s(15, 18))
}

/// One person as the kiosk shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KioskPerson {
    pub person_id: i64,
    pub name: String,
    pub nip_masked: Option<String>,
    pub category: String,
    pub rank: String,
    pub position: String,
    pub unit: String,
    /// "9 Januari 2024 pukul 09.12 WIB" when this person already signed.
    pub signed: Option<String>,
}

/// The answer to one kiosk search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KioskSearch {
    pub matches: Vec<KioskPerson>,
    /// More people matched than are shown: type more of the name.
    pub more: bool,
    /// Why nothing is shown yet, if so.
    pub hint: Option<String>,
}

fn card(conn: &Connection, event: &Event, p: &Person) -> Result<KioskPerson> {
    let signed = declaration::live_for_person(conn, event.id, p.id)?
        .map(|at| declaration::signed_label(event, at));
    Ok(KioskPerson {
        person_id: p.id,
        name: p.name.clone(),
        nip_masked: p.nip.as_deref().map(mask_nip),
        category: p.category.label().to_string(),
        rank: p.rank.clone(),
        position: p.position.clone(),
        unit: p.unit.clone(),
        signed,
    })
}

/// Finds attendees by name or NIP, at most [`MAX_MATCHES`], only once
/// enough is typed that the list cannot be used to page through the roster.
pub fn find(conn: &Connection, index: &RosterIndex, text: &str) -> Result<KioskSearch> {
    let event = db::events::get(conn, index.event_id())?;
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let enough = if letters == 0 && digits > 0 {
        digits == NIP_DIGITS
    } else {
        letters >= MIN_LETTERS
    };
    if !enough {
        let hint = if text.is_empty() {
            None
        } else if letters == 0 {
            Some(format!(
                "Ketik NIP lengkap ({NIP_DIGITS} angka), atau cari dengan nama"
            ))
        } else {
            Some(format!("Ketik paling sedikit {MIN_LETTERS} huruf nama"))
        };
        return Ok(KioskSearch {
            matches: Vec::new(),
            more: false,
            hint,
        });
    }
    let page = index.page(&RosterQuery {
        text: text.to_string(),
        limit: MAX_MATCHES as u32,
        ..RosterQuery::default()
    });
    let matches = page
        .people
        .iter()
        .map(|p| card(conn, &event, p))
        .collect::<Result<Vec<_>>>()?;
    let hint = matches.is_empty().then(|| {
        "Nama tidak ditemukan. Periksa ejaan, coba NIP, atau daftar sebagai peserta baru"
            .to_string()
    });
    Ok(KioskSearch {
        more: page.matched as usize > matches.len(),
        matches,
        hint,
    })
}

/// One attendee of `event_id`, for the confirm step. Someone from another
/// event is "not found": the kiosk cannot look past its own event.
pub fn person(conn: &Connection, event_id: i64, person_id: i64) -> Result<KioskPerson> {
    let event = db::events::get(conn, event_id)?;
    let p = db::people::get(conn, person_id)?
        .filter(|p| p.event_id == event_id)
        .ok_or(Error::PersonNotFound(person_id))?;
    card(conn, &event, &p)
}

/// A walk-in registering themselves. A NIP already on the roster is
/// refused without saying whose it is.
pub fn walk_in(
    conn: &mut Connection,
    event_id: i64,
    form: &PersonForm,
    now: DateTime<Utc>,
) -> Result<KioskPerson> {
    walk_in_as(conn, event_id, form, Actor::Kiosk, now)
}

fn walk_in_as(
    conn: &mut Connection,
    event_id: i64,
    form: &PersonForm,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<KioskPerson> {
    let nip = crate::roster::nip::normalise(&form.nip);
    if !nip.is_empty() {
        let taken: Option<i64> = conn
            .query_row(
                "SELECT id FROM people WHERE event_id = ?1 AND nip = ?2",
                params![event_id, nip],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(Error::Invalid(vec![FieldError::new(
                "nip",
                "NIP ini sudah ada di daftar peserta. Kembali ke pencarian dan cari nama Anda",
            )]));
        }
    }
    let saved = roster::register_walk_in(conn, event_id, form, actor, now)?;
    person(conn, event_id, saved.person.id)
}

/// One running kiosk: its event and the people its own searches (and its
/// walk-ins) showed. Only those may be opened or signed for, so nobody at
/// the kiosk can step through the roster by id.
#[derive(Debug)]
pub struct Run {
    event_id: i64,
    channel: Channel,
    shown: std::collections::HashSet<i64>,
}

impl Run {
    /// The laptop's own kiosk window.
    pub fn new(event_id: i64) -> Run {
        Run::through(event_id, Channel::Kiosk)
    }

    /// A kiosk on a paired device or an attendee's phone.
    pub fn through(event_id: i64, channel: Channel) -> Run {
        Run {
            event_id,
            channel,
            shown: Default::default(),
        }
    }

    pub fn channel(&self) -> Channel {
        self.channel
    }

    pub fn event_id(&self) -> i64 {
        self.event_id
    }

    /// [`find`], remembering who was shown.
    pub fn find(
        &mut self,
        conn: &Connection,
        index: &RosterIndex,
        text: &str,
    ) -> Result<KioskSearch> {
        if index.event_id() != self.event_id {
            return Err(Error::EventNotFound(index.event_id()));
        }
        let found = find(conn, index, text)?;
        self.shown.extend(found.matches.iter().map(|m| m.person_id));
        Ok(found)
    }

    /// Someone this kiosk showed; anyone else is "not found", whether or
    /// not they are on the roster.
    pub fn person(&self, conn: &Connection, person_id: i64) -> Result<KioskPerson> {
        self.check(person_id)?;
        person(conn, self.event_id, person_id)
    }

    /// [`walk_in`]; the new attendee may then sign.
    pub fn walk_in(
        &mut self,
        conn: &mut Connection,
        form: &PersonForm,
        now: DateTime<Utc>,
    ) -> Result<KioskPerson> {
        let card = walk_in_as(conn, self.event_id, form, self.channel.actor(), now)?;
        self.shown.insert(card.person_id);
        Ok(card)
    }

    /// A signature for someone this kiosk showed.
    pub fn submit(
        &self,
        conn: &mut Connection,
        key: &crate::keys::InstallationKey,
        submission: &declaration::Submission,
        now: DateTime<Utc>,
    ) -> Result<declaration::Receipt> {
        // A retry of what was already stored is answered even by a kiosk
        // that no longer remembers the search (the hub restarted).
        if let Some(receipt) = declaration::repeated(conn, self.event_id, submission, self.channel)?
        {
            return Ok(receipt);
        }
        if let Channel::Phone(phone) = self.channel {
            crate::hall::phones::check_unused(conn, self.event_id, phone)?;
        }
        self.check(submission.person_id)?;
        declaration::submit_through(
            conn,
            key,
            self.event_id,
            submission,
            self.channel,
            self.channel.actor(),
            now,
        )
    }

    fn check(&self, person_id: i64) -> Result<()> {
        match self.shown.contains(&person_id) {
            true => Ok(()),
            false => Err(Error::PersonNotFound(person_id)),
        }
    }
}

/// What the kiosk window needs when it opens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KioskSession {
    pub event_id: i64,
    pub event_title: String,
    pub place: String,
    pub date_label: String,
    pub pledge: PledgeText,
    pub idle_seconds: u32,
    /// For the walk-in form's category buttons.
    pub categories: Vec<crate::event::Choice>,
    pub limits: KioskLimits,
}

/// The session for an event: its current pledge text and the idle timeout.
pub fn session(conn: &mut Connection, event_id: i64, now: DateTime<Utc>) -> Result<KioskSession> {
    let event = db::events::get(conn, event_id)?;
    let pledge = pledge::current(conn, event_id, now)?;
    Ok(KioskSession {
        event_id,
        event_title: event.title,
        place: event.place,
        date_label: event.date_label,
        pledge,
        idle_seconds: idle_seconds(conn)?,
        categories: crate::event::category_choices(),
        limits: limits(),
    })
}

/// What the organiser fills in to start the kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KioskStart {
    pub event_id: i64,
    /// Required the first time; a new value replaces the PIN.
    pub new_pin: String,
    pub new_pin_again: String,
    pub idle_seconds: u32,
}

/// Kiosk settings the start dialog shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KioskSettings {
    pub pin_set: bool,
    pub idle_seconds: u32,
    pub limits: KioskLimits,
}

/// The kiosk's limits, for the start dialog and the kiosk page: the UI
/// shows and pre-checks them, the core enforces them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KioskLimits {
    pub pin_min_digits: u32,
    pub pin_max_digits: u32,
    pub idle_min_seconds: u32,
    pub idle_max_seconds: u32,
    /// A name search needs this many letters.
    pub min_letters: u32,
    /// A NIP search needs all of its digits.
    pub nip_digits: u32,
    pub signature: SignatureRules,
}

pub fn limits() -> KioskLimits {
    KioskLimits {
        pin_min_digits: *PIN_DIGITS.start() as u32,
        pin_max_digits: *PIN_DIGITS.end() as u32,
        idle_min_seconds: *IDLE_RANGE.start(),
        idle_max_seconds: *IDLE_RANGE.end(),
        min_letters: MIN_LETTERS as u32,
        nip_digits: NIP_DIGITS as u32,
        signature: crate::declaration::strokes::RULES,
    }
}

pub fn settings(conn: &Connection) -> Result<KioskSettings> {
    Ok(KioskSettings {
        pin_set: db::settings::get(conn, PIN_KEY)?.is_some(),
        idle_seconds: idle_seconds(conn)?,
        limits: limits(),
    })
}

/// "4–8 angka".
fn pin_rule() -> String {
    format!("{}–{} angka", PIN_DIGITS.start(), PIN_DIGITS.end())
}

/// Checks and saves the start dialog; the caller then opens the kiosk.
pub fn prepare_start(
    conn: &mut Connection,
    start: &KioskStart,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<KioskSession> {
    let event = db::events::get(conn, start.event_id)?;
    let mut errors = Vec::new();
    if event.archived_at.is_some() {
        errors.push(FieldError::new(
            "event_id",
            "acara sudah diarsipkan; pulihkan dulu untuk membuka kiosk",
        ));
    }
    let pin_set = db::settings::get(conn, PIN_KEY)?.is_some();
    let pin = start.new_pin.trim();
    if pin.is_empty() {
        if !pin_set {
            errors.push(FieldError::new(
                "new_pin",
                format!(
                    "buat PIN penyelenggara ({}) untuk keluar dari kiosk",
                    pin_rule()
                ),
            ));
        }
    } else if !PIN_DIGITS.contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(FieldError::new(
            "new_pin",
            format!("PIN harus {}", pin_rule()),
        ));
    } else if pin != start.new_pin_again.trim() {
        errors.push(FieldError::new("new_pin_again", "PIN ulangan tidak sama"));
    }
    if !IDLE_RANGE.contains(&start.idle_seconds) {
        errors.push(FieldError::new(
            "idle_seconds",
            format!(
                "batas diam harus {}–{} detik",
                IDLE_RANGE.start(),
                IDLE_RANGE.end()
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if !pin.is_empty() {
        let hash = hash_pin(pin)?;
        db::settings::set(&tx, PIN_KEY, &hash)?;
        // A new PIN starts with a clean slate: misses counted against the
        // old one say nothing about it.
        db::settings::set(&tx, PIN_MISSES_KEY, "0")?;
        db::settings::set(&tx, PIN_LOCKED_UNTIL_KEY, "")?;
        audit::append(
            &tx,
            now,
            actor,
            "kiosk.pin_set",
            "settings",
            None,
            &serde_json::json!({}),
        )?;
    }
    db::settings::set(&tx, IDLE_KEY, &start.idle_seconds.to_string())?;
    audit::append(
        &tx,
        now,
        actor,
        "kiosk.start",
        "event",
        Some(start.event_id),
        &serde_json::json!({ "idle_seconds": start.idle_seconds }),
    )?;
    tx.commit()?;
    session(conn, start.event_id, now)
}

fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand_core::OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Environment(format!("PIN tidak dapat disimpan: {e}")))
}

/// Whether `pin` is the organiser's PIN. No PIN stored means no exit by PIN.
pub fn check_pin(conn: &Connection, pin: &str) -> Result<bool> {
    let Some(stored) = db::settings::get(conn, PIN_KEY)? else {
        return Ok(false);
    };
    let Ok(hash) = PasswordHash::new(&stored) else {
        return Ok(false);
    };
    Ok(Argon2::default()
        .verify_password(pin.trim().as_bytes(), &hash)
        .is_ok())
}

/// How long the exit stays locked after the `round`-th run of
/// [`PIN_ATTEMPTS`] wrong PINs in a row: 30 s, then doubling, at most
/// [`PIN_LOCK_MAX_SECONDS`]. Guessing a 4-digit PIN this way takes weeks,
/// while an organiser who mistypes twice waits half a minute.
pub fn lock_seconds(round: u32) -> i64 {
    let doubled = PIN_LOCK_SECONDS.saturating_mul(1_i64 << round.saturating_sub(1).min(20));
    doubled.min(PIN_LOCK_MAX_SECONDS)
}

/// Checks a PIN typed to leave the kiosk. Err says why not (wrong, locked
/// for N seconds). Misses and the lock are kept in the database, so
/// restarting the app does not reset them; a right PIN clears them.
pub fn try_exit(conn: &Connection, pin: &str, now: DateTime<Utc>) -> Result<()> {
    let locked_until = db::settings::get(conn, PIN_LOCKED_UNTIL_KEY)?
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc));
    if let Some(until) = locked_until.filter(|u| now < *u) {
        let secs = (until - now).num_seconds().max(1);
        return Err(Error::field(
            "pin",
            format!("Terlalu banyak PIN salah; coba lagi dalam {secs} detik"),
        ));
    }
    if check_pin(conn, pin)? {
        db::settings::set(conn, PIN_MISSES_KEY, "0")?;
        db::settings::set(conn, PIN_LOCKED_UNTIL_KEY, "")?;
        return Ok(());
    }
    let misses: u32 = db::settings::get(conn, PIN_MISSES_KEY)?
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0)
        .saturating_add(1);
    db::settings::set(conn, PIN_MISSES_KEY, &misses.to_string())?;
    if misses.is_multiple_of(PIN_ATTEMPTS) {
        let secs = lock_seconds(misses / PIN_ATTEMPTS);
        db::settings::set(
            conn,
            PIN_LOCKED_UNTIL_KEY,
            &db::to_text(now + Duration::seconds(secs)),
        )?;
        return Err(Error::field(
            "pin",
            format!("PIN salah {PIN_ATTEMPTS} kali; kiosk terkunci {secs} detik"),
        ));
    }
    Err(Error::field("pin", "PIN salah"))
}

fn idle_seconds(conn: &Connection) -> Result<u32> {
    Ok(db::settings::get(conn, IDLE_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|v| IDLE_RANGE.contains(v))
        .unwrap_or(DEFAULT_IDLE_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nip_is_masked_like_the_issue_says() {
        assert_eq!(mask_nip("198605122010011001"), "1986•••• •••••• 1 001");
        assert_eq!(mask_nip("123"), "••••");
    }
}
