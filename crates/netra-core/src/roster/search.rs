//! Roster search: by name ignoring titles, punctuation, case and
//! diacritics, by NIP prefix with or without spaces, by unit.
//!
//! An event's roster is held in memory as folded keys in name order and
//! scanned per keystroke: a scan of 50,000 short strings is a few
//! milliseconds, well under the 10 ms budget, and needs no second copy of
//! the data on disk. The index follows the database through the roster
//! revision that SQLite triggers keep (migration 2): after a change only
//! the rows stamped with a newer revision are read again, whoever wrote
//! them (the window, the CLI, the kiosk).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db;
use crate::error::{Error, Result};
use crate::roster::names::{fold, is_title, name_key};
use crate::roster::person::{Category, Person};

/// Who to show: everyone, those who arrived, those still expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Presence {
    #[default]
    All,
    Present,
    Absent,
}

/// One request from the Peserta table: the search box, the filters and the
/// window of rows the table is about to draw.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RosterQuery {
    pub text: String,
    pub category: Option<Category>,
    pub presence: Presence,
    pub offset: u32,
    pub limit: u32,
}

/// A window of matching people, best match first, and the counts the table
/// needs to size its scroll area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RosterPage {
    /// Everyone on the roster.
    pub total: u32,
    /// Everyone matching the query and filters.
    pub matched: u32,
    pub offset: u32,
    pub people: Vec<Person>,
}

/// Most rows one request returns; the table asks for what it can show.
pub const MAX_PAGE: u32 = 500;

/// One event's roster, ready to search.
#[derive(Debug)]
pub struct RosterIndex {
    event_id: i64,
    rev: i64,
    people: Vec<Person>,
    by_id: HashMap<i64, u32>,
    /// What a query compares, one per person, in name order: scanned
    /// front to back, so kept small and contiguous.
    keys: Vec<Key>,
    /// Position in `keys` of each person in `people`.
    key_of: Vec<u32>,
    /// Distinct units as folded words (" dinas pendidikan"); a roster has
    /// dozens, so a query matches each unit once, not once per person.
    units: Vec<String>,
    unit_ids: HashMap<String, u32>,
}

#[derive(Debug, Clone)]
struct Key {
    /// " ahmad fauzi": a leading space so " fau" finds a word start.
    name: Box<str>,
    /// Digits only, empty for non-ASN.
    nip: Box<str>,
    unit: u32,
    category: Category,
    present: bool,
    /// Position in `people`.
    person: u32,
}

/// Lower case, no diacritics, punctuation as word breaks.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

impl RosterIndex {
    /// Reads an event's whole roster.
    pub fn load(conn: &Connection, event_id: i64) -> Result<RosterIndex> {
        let tx = conn.unchecked_transaction()?;
        let rev = roster_rev(&tx, event_id)?;
        let people = db::people::list(&tx, event_id)?;
        tx.finish()?;
        let mut index = RosterIndex {
            event_id,
            rev,
            people: Vec::with_capacity(people.len()),
            by_id: HashMap::with_capacity(people.len()),
            keys: Vec::with_capacity(people.len()),
            key_of: Vec::with_capacity(people.len()),
            units: Vec::new(),
            unit_ids: HashMap::new(),
        };
        for p in people {
            index.upsert(p);
        }
        index.sort();
        Ok(index)
    }

    /// Brings the index up to date with the database: nothing to do when
    /// the revision is unchanged, only the changed rows otherwise, and a
    /// full reload after a removal.
    pub fn refresh(&mut self, conn: &Connection) -> Result<()> {
        // One read snapshot, so no change slips between revision and rows.
        let tx = conn.unchecked_transaction()?;
        let rev = roster_rev(&tx, self.event_id)?;
        if rev == self.rev {
            return Ok(());
        }
        let changed = db::people::changed_since(&tx, self.event_id, self.rev)?;
        let count: i64 = tx.query_row(
            "SELECT COUNT(*) FROM people WHERE event_id = ?1",
            [self.event_id],
            |r| r.get(0),
        )?;
        tx.finish()?;
        let mut reorder = false;
        for p in changed {
            reorder |= self.upsert(p);
        }
        if self.people.len() as i64 != count {
            *self = RosterIndex::load(conn, self.event_id)?;
            return Ok(());
        }
        if reorder {
            self.sort();
        }
        self.rev = rev;
        Ok(())
    }

    /// Adds or replaces one person; true when the key order must be rebuilt.
    fn upsert(&mut self, person: Person) -> bool {
        let key = self.key(&person, self.people.len() as u32);
        match self.by_id.get(&person.id) {
            Some(&i) => {
                let slot = &mut self.keys[self.key_of[i as usize] as usize];
                let renamed = slot.name != key.name;
                *slot = Key { person: i, ..key };
                self.people[i as usize] = person;
                renamed
            }
            None => {
                self.by_id.insert(person.id, self.people.len() as u32);
                self.people.push(person);
                self.key_of.push(self.keys.len() as u32);
                self.keys.push(key);
                true
            }
        }
    }

    fn key(&mut self, p: &Person, at: u32) -> Key {
        let unit = match self.unit_ids.get(&p.unit) {
            Some(&u) => u,
            None => {
                let u = self.units.len() as u32;
                self.units.push(format!(" {}", words(&p.unit).join(" ")));
                self.unit_ids.insert(p.unit.clone(), u);
                u
            }
        };
        Key {
            name: format!(" {}", name_key(&p.name)).into(),
            nip: p.nip.as_deref().unwrap_or("").into(),
            unit,
            category: p.category,
            present: p.checked_in_at.is_some(),
            person: at,
        }
    }

    fn sort(&mut self) {
        let people = &self.people;
        self.keys.sort_by(|a, b| {
            a.name.cmp(&b.name).then(
                people[a.person as usize]
                    .id
                    .cmp(&people[b.person as usize].id),
            )
        });
        for (pos, k) in self.keys.iter().enumerate() {
            self.key_of[k.person as usize] = pos as u32;
        }
    }

    /// How many people are on the roster.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// The event this index holds.
    pub fn event_id(&self) -> i64 {
        self.event_id
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The matching people, best first: names that start with what was
    /// typed, then names that contain every word, then matches through the
    /// unit; alphabetical within each group.
    pub fn page(&self, query: &RosterQuery) -> RosterPage {
        let ranked = self.ranked(query);
        let limit = query.limit.min(MAX_PAGE) as usize;
        RosterPage {
            total: self.people.len() as u32,
            matched: ranked.len() as u32,
            offset: query.offset,
            people: ranked
                .iter()
                .skip(query.offset as usize)
                .take(limit)
                .map(|&i| self.people[i as usize].clone())
                .collect(),
        }
    }

    /// Every match of the text and filters, best first (offset and limit
    /// ignored): for the command line and exports of a filtered list.
    pub fn matching(&self, query: &RosterQuery) -> Vec<&Person> {
        self.ranked(query)
            .into_iter()
            .map(|i| &self.people[i as usize])
            .collect()
    }

    /// Positions in `people` of the matches, best first.
    fn ranked(&self, query: &RosterQuery) -> Vec<u32> {
        let matcher = Matcher::new(&query.text, &self.units);
        let mut tiers: [Vec<u32>; 3] = Default::default();
        for k in &self.keys {
            if query.category.is_some_and(|c| c != k.category) {
                continue;
            }
            match query.presence {
                Presence::Present if !k.present => continue,
                Presence::Absent if k.present => continue,
                _ => {}
            }
            if let Some(tier) = matcher.tier(k) {
                tiers[tier].push(k.person);
            }
        }
        let [mut first, second, third] = tiers;
        first.extend(second);
        first.extend(third);
        first
    }
}

fn roster_rev(conn: &Connection, event_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT roster_rev FROM events WHERE id = ?1",
        [event_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::EventNotFound(event_id))
}

/// What the search box asks for.
enum Matcher {
    All,
    /// Digits typed: a NIP prefix ("1986 05" finds 198605...).
    Nip(String),
    Words {
        /// " ahmad f": the name starts with what was typed.
        whole: String,
        /// " ahmad", " f": each starts a word of the name or unit.
        tokens: Vec<String>,
        /// Token positions, longest token first.
        check_order: Vec<usize>,
        /// Per unit, the tokens it contains, as bits.
        unit_bits: Vec<u64>,
    },
}

/// Words of a query that count; more are ignored (nobody types 64 words).
const MAX_WORDS: usize = 64;

impl Matcher {
    fn new(text: &str, units: &[String]) -> Matcher {
        let text = text.trim();
        if text.is_empty() {
            return Matcher::All;
        }
        if text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '.' | '-'))
        {
            return Matcher::Nip(text.chars().filter(char::is_ascii_digit).collect());
        }
        let mut typed = words(text);
        // "dr. ahmad" means Ahmad; a lone "ir" may be the start of "Irwan".
        let Some(last) = typed.pop() else {
            return Matcher::All;
        };
        typed.retain(|w| !is_title(w));
        typed.push(last);
        typed.truncate(MAX_WORDS);
        let tokens: Vec<String> = typed.iter().map(|w| format!(" {w}")).collect();
        let unit_bits = units.iter().map(|u| bits(&tokens, u)).collect();
        let mut check_order: Vec<usize> = (0..tokens.len()).collect();
        check_order.sort_by_key(|&i| std::cmp::Reverse(tokens[i].len()));
        Matcher::Words {
            whole: format!(" {}", typed.join(" ")),
            tokens,
            check_order,
            unit_bits,
        }
    }

    fn tier(&self, k: &Key) -> Option<usize> {
        match self {
            Matcher::All => Some(0),
            Matcher::Nip(digits) => k.nip.starts_with(digits.as_str()).then_some(0),
            Matcher::Words {
                whole,
                tokens,
                check_order,
                unit_bits,
            } => {
                if k.name.starts_with(whole.as_str()) {
                    return Some(0);
                }
                let in_unit = unit_bits[k.unit as usize];
                let mut tier = 1;
                // Longest words first: they rule most people out soonest.
                for &i in check_order {
                    if !k.name.contains(tokens[i].as_str()) {
                        if in_unit & 1 << i == 0 {
                            return None;
                        }
                        tier = 2;
                    }
                }
                Some(tier)
            }
        }
    }
}

/// Bit i is set when `haystack` has a word starting with token i.
fn bits(tokens: &[String], haystack: &str) -> u64 {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| haystack.contains(t.as_str()))
        .fold(0, |acc, (i, _)| acc | 1 << i)
}

/// The indexes of the events the window has looked at, kept fresh.
#[derive(Debug, Default)]
pub struct SearchCache {
    indexes: HashMap<i64, RosterIndex>,
}

/// Rosters kept in memory at once; an organiser works on one or two.
const CACHED_EVENTS: usize = 4;

impl SearchCache {
    /// One page of an event's roster, from an index brought up to date first.
    pub fn page(
        &mut self,
        conn: &Connection,
        event_id: i64,
        query: &RosterQuery,
    ) -> Result<RosterPage> {
        Ok(self.index(conn, event_id)?.page(query))
    }

    /// The event's index, loaded or refreshed.
    pub fn index(&mut self, conn: &Connection, event_id: i64) -> Result<&RosterIndex> {
        if !self.indexes.contains_key(&event_id) {
            if self.indexes.len() >= CACHED_EVENTS {
                self.indexes.clear();
            }
            let index = RosterIndex::load(conn, event_id)?;
            return Ok(self.indexes.entry(event_id).or_insert(index));
        }
        let index = self
            .indexes
            .get_mut(&event_id)
            .ok_or(Error::EventNotFound(event_id))?;
        index.refresh(conn)?;
        Ok(index)
    }
}
