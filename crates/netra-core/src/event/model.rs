//! What an event is (kind, time zone, paper, speakers, the signing
//! official) and the rules of its form. No storage here: `db::events` maps
//! these types to rows and the parent module saves them.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, FieldError, Result};
use crate::indonesian_date;
use crate::roster::nip::Nip;

const MAX_TEXT: usize = 200;

/// What kind of gathering this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventKind {
    Sosialisasi,
    Deklarasi,
    SosialisasiDeklarasi,
}

impl EventKind {
    pub const ALL: [EventKind; 3] = [
        EventKind::Sosialisasi,
        EventKind::Deklarasi,
        EventKind::SosialisasiDeklarasi,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Sosialisasi => "sosialisasi",
            EventKind::Deklarasi => "deklarasi",
            EventKind::SosialisasiDeklarasi => "sosialisasi_deklarasi",
        }
    }

    /// How the kind is written on screen and paper.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Sosialisasi => "Sosialisasi",
            EventKind::Deklarasi => "Deklarasi",
            EventKind::SosialisasiDeklarasi => "Sosialisasi dan Deklarasi",
        }
    }

    /// Accepts the stored names and the ways people type them.
    pub fn parse(s: &str) -> Option<EventKind> {
        let k: String = s
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        match k.as_str() {
            "sosialisasi" => Some(EventKind::Sosialisasi),
            "deklarasi" | "ikrar" => Some(EventKind::Deklarasi),
            "sosialisasi_deklarasi" | "sosialisasi_dan_deklarasi" | "keduanya" | "both" => {
                Some(EventKind::SosialisasiDeklarasi)
            }
            _ => None,
        }
    }
}

/// Indonesia's three time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Zone {
    #[serde(rename = "WIB")]
    Wib,
    #[serde(rename = "WITA")]
    Wita,
    #[serde(rename = "WIT")]
    Wit,
}

impl Zone {
    pub const ALL: [Zone; 3] = [Zone::Wib, Zone::Wita, Zone::Wit];

    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Wib => "WIB",
            Zone::Wita => "WITA",
            Zone::Wit => "WIT",
        }
    }

    pub fn parse(s: &str) -> Option<Zone> {
        match s.trim().to_uppercase().as_str() {
            "WIB" | "UTC+7" | "+07:00" => Some(Zone::Wib),
            "WITA" | "UTC+8" | "+08:00" => Some(Zone::Wita),
            "WIT" | "UTC+9" | "+09:00" => Some(Zone::Wit),
            _ => None,
        }
    }

    pub fn offset(self) -> FixedOffset {
        let hours = match self {
            Zone::Wib => 7,
            Zone::Wita => 8,
            Zone::Wit => 9,
        };
        // Offsets of whole hours below 24 are always in range.
        FixedOffset::east_opt(hours * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap())
    }
}

/// Paper every document of the event is printed on unless chosen otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Paper {
    A4,
    F4,
}

impl Paper {
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::F4 => "F4",
        }
    }

    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_uppercase().as_str() {
            "A4" => Some(Paper::A4),
            "F4" | "FOLIO" => Some(Paper::F4),
            _ => None,
        }
    }

    /// Width and height in millimetres (portrait).
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::F4 => (215.0, 330.0),
        }
    }
}

/// A *narasumber*.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Speaker {
    pub name: String,
    /// Position or role, e.g. "Ketua Bawaslu Kabupaten Solok".
    pub title: String,
    pub institution: String,
}

/// The official who signs the event's documents.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Official {
    pub name: String,
    /// *Jabatan*.
    pub position: String,
    /// 18 digits without spaces, or empty (non-ASN officials).
    pub nip: String,
}

/// A stored event, with its dates already written in Indonesian.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Event {
    pub id: i64,
    pub title: String,
    pub kind: EventKind,
    pub organizer: String,
    pub place: String,
    /// Wall-clock start in `timezone`, "2024-01-09T09:00:00".
    pub starts_at: NaiveDateTime,
    pub timezone: Zone,
    pub speakers: Vec<Speaker>,
    pub official: Official,
    pub paper: Paper,
    pub archived_at: Option<DateTime<Utc>>,
    /// Closed: read-only (no arrivals, no signatures); documents still print.
    pub closed_at: Option<DateTime<Utc>>,
    /// The day its records may be erased; the app warns once it has passed.
    #[ts(type = "string | null")]
    pub retain_until: Option<chrono::NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// "Selasa, 9 Januari 2024".
    pub date_label: String,
    /// "09.00 WIB".
    pub time_label: String,
    /// People on the roster of this event.
    pub people_count: i64,
}

impl Event {
    /// The form that reproduces this event, as the edit screen starts.
    pub fn to_form(&self) -> EventForm {
        EventForm {
            title: self.title.clone(),
            kind: self.kind.as_str().into(),
            organizer: self.organizer.clone(),
            place: self.place.clone(),
            starts_at: self.starts_at.format("%Y-%m-%dT%H:%M").to_string(),
            timezone: self.timezone.as_str().into(),
            speakers: self.speakers.clone(),
            official: self.official.clone(),
            paper: self.paper.as_str().into(),
        }
    }

    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
    }
}

/// What the organiser typed: every field as text, checked by [`validate`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventForm {
    pub title: String,
    /// `sosialisasi`, `deklarasi` or `sosialisasi_deklarasi`.
    pub kind: String,
    pub organizer: String,
    pub place: String,
    /// "2024-01-09T09:00" (also "2024-01-09 09:00" or "09/01/2024 09:00").
    pub starts_at: String,
    /// `WIB`, `WITA` or `WIT`.
    pub timezone: String,
    pub speakers: Vec<Speaker>,
    pub official: Official,
    /// `A4` or `F4`.
    pub paper: String,
}

/// An event that passed validation, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidEvent {
    pub title: String,
    pub kind: EventKind,
    pub organizer: String,
    pub place: String,
    pub starts_at: NaiveDateTime,
    pub timezone: Zone,
    pub speakers: Vec<Speaker>,
    pub official: Official,
    pub paper: Paper,
}

impl ValidEvent {
    /// The start as an instant, for sorting across time zones.
    pub fn starts_at_utc(&self) -> DateTime<Utc> {
        starts_at_utc(self.starts_at, self.timezone)
    }
}

pub(crate) fn starts_at_utc(local: NaiveDateTime, zone: Zone) -> DateTime<Utc> {
    match zone.offset().from_local_datetime(&local).single() {
        Some(dt) => dt.with_timezone(&Utc),
        None => Utc.from_utc_datetime(&local),
    }
}

/// A saved event with the warnings the organiser should see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Saved {
    pub event: Event,
    /// Soft problems that did not block saving (e.g. a date long past).
    pub warnings: Vec<FieldError>,
}

/// Checks a form. `today` is the organiser's date (for the "long ago" warning).
/// Returns the event and its warnings, or every field error at once.
pub fn validate(form: &EventForm, today: NaiveDate) -> Result<(ValidEvent, Vec<FieldError>)> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    let title = required(&form.title, "title", "Judul acara", &mut errors);
    let organizer = required(
        &form.organizer,
        "organizer",
        "Instansi penyelenggara",
        &mut errors,
    );
    let place = required(&form.place, "place", "Tempat", &mut errors);

    let kind = EventKind::parse(&form.kind);
    if kind.is_none() {
        let msg = if form.kind.trim().is_empty() {
            "Jenis acara wajib dipilih".to_string()
        } else {
            format!(
                "Jenis acara '{}' tidak dikenal; pilih sosialisasi, deklarasi, atau sosialisasi_deklarasi",
                form.kind.trim()
            )
        };
        errors.push(FieldError::new("kind", msg));
    }

    let timezone = Zone::parse(&form.timezone);
    if timezone.is_none() {
        errors.push(FieldError::new(
            "timezone",
            format!(
                "Zona waktu '{}' tidak dikenal; pilih WIB, WITA, atau WIT",
                form.timezone.trim()
            ),
        ));
    }

    let paper = Paper::parse(&form.paper);
    if paper.is_none() {
        errors.push(FieldError::new(
            "paper",
            format!(
                "Ukuran kertas '{}' tidak dikenal; pilih A4 atau F4",
                form.paper.trim()
            ),
        ));
    }

    let starts_at = match parse_datetime(&form.starts_at) {
        Ok(dt) => {
            let date = dt.date();
            if date < today - Duration::days(365) {
                warnings.push(FieldError::new(
                    "starts_at",
                    format!(
                        "Tanggal {} lebih dari setahun yang lalu; pastikan benar (acara lampau tetap boleh dicatat)",
                        indonesian_date::date(date)
                    ),
                ));
            } else if date > today + Duration::days(2 * 365) {
                warnings.push(FieldError::new(
                    "starts_at",
                    format!(
                        "Tanggal {} lebih dari dua tahun ke depan; pastikan tahunnya benar",
                        indonesian_date::date(date)
                    ),
                ));
            }
            Some(dt)
        }
        Err(msg) => {
            errors.push(FieldError::new("starts_at", msg));
            None
        }
    };

    let speakers = validate_speakers(&form.speakers, &mut errors);
    let official = validate_official(&form.official, &mut errors);

    match (kind, timezone, paper, starts_at) {
        (Some(kind), Some(timezone), Some(paper), Some(starts_at)) if errors.is_empty() => Ok((
            ValidEvent {
                title,
                kind,
                organizer,
                place,
                starts_at,
                timezone,
                speakers,
                official,
                paper,
            },
            warnings,
        )),
        _ => Err(Error::Invalid(errors)),
    }
}

fn required(value: &str, field: &str, label: &str, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.push(FieldError::new(field, format!("{label} wajib diisi")));
    } else {
        check_length(v, field, label, errors);
    }
    v.to_string()
}

fn check_length(v: &str, field: &str, label: &str, errors: &mut Vec<FieldError>) {
    if let Some(problem) = crate::text::check(v) {
        errors.push(FieldError::new(field, format!("{label} {problem}")));
    }
    let n = v.chars().count();
    if n > MAX_TEXT {
        errors.push(FieldError::new(
            field,
            format!("{label} terlalu panjang ({n} karakter, paling banyak {MAX_TEXT})"),
        ));
    }
}

fn validate_speakers(speakers: &[Speaker], errors: &mut Vec<FieldError>) -> Vec<Speaker> {
    let mut out = Vec::new();
    for (i, s) in speakers.iter().enumerate() {
        let sp = Speaker {
            name: s.name.trim().to_string(),
            title: s.title.trim().to_string(),
            institution: s.institution.trim().to_string(),
        };
        // A row the organiser added but left blank carries no data.
        if sp.name.is_empty() && sp.title.is_empty() && sp.institution.is_empty() {
            continue;
        }
        let n = i + 1;
        if sp.name.is_empty() {
            errors.push(FieldError::new(
                format!("speakers.{i}.name"),
                format!("Nama narasumber ke-{n} wajib diisi"),
            ));
        }
        check_length(
            &sp.name,
            &format!("speakers.{i}.name"),
            "Nama narasumber",
            errors,
        );
        check_length(
            &sp.title,
            &format!("speakers.{i}.title"),
            "Jabatan narasumber",
            errors,
        );
        check_length(
            &sp.institution,
            &format!("speakers.{i}.institution"),
            "Instansi narasumber",
            errors,
        );
        out.push(sp);
    }
    out
}

fn validate_official(o: &Official, errors: &mut Vec<FieldError>) -> Official {
    let name = o.name.trim().to_string();
    let position = o.position.trim().to_string();
    let nip_raw = o.nip.trim();
    let mut nip = String::new();
    if !nip_raw.is_empty() {
        match Nip::parse(nip_raw) {
            Ok(n) => nip = n.as_str().to_string(),
            Err(msg) => errors.push(FieldError::new("official.nip", msg)),
        }
    }
    let any = !name.is_empty() || !position.is_empty() || !nip_raw.is_empty();
    if any && name.is_empty() {
        errors.push(FieldError::new(
            "official.name",
            "Nama pejabat penandatangan wajib diisi bila jabatan atau NIP diisi",
        ));
    }
    if any && position.is_empty() {
        errors.push(FieldError::new(
            "official.position",
            "Jabatan pejabat penandatangan wajib diisi",
        ));
    }
    check_length(&name, "official.name", "Nama pejabat", errors);
    check_length(&position, "official.position", "Jabatan pejabat", errors);
    Official {
        name,
        position,
        nip,
    }
}

/// Reads a start date-time in the formats organisers use.
pub fn parse_datetime(input: &str) -> std::result::Result<NaiveDateTime, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("Tanggal dan jam mulai wajib diisi".into());
    }
    const FORMATS: [&str; 8] = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H.%M",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %H.%M",
        "%d-%m-%Y %H:%M",
        "%d-%m-%Y %H.%M",
    ];
    for f in FORMATS {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            if !(2000..=2100).contains(&chrono::Datelike::year(&dt.date())) {
                return Err(format!(
                    "Tahun {} tidak masuk akal untuk sebuah acara",
                    chrono::Datelike::year(&dt.date())
                ));
            }
            return Ok(dt);
        }
    }
    // Distinguish "30 February" (a real-looking but impossible date) from noise.
    if let Some((y, m, d)) = split_date(s) {
        if NaiveDate::from_ymd_opt(y, m, d).is_none() {
            let month = if (1..=12).contains(&m) {
                indonesian_date::month_name(m).to_string()
            } else {
                format!("bulan ke-{m}")
            };
            return Err(format!("Tanggal {d} {month} {y} tidak ada di kalender"));
        }
        return Err("Jam mulai tidak dapat dibaca; tulis jam seperti 09:00".into());
    }
    Err(format!(
        "Tanggal dan jam '{s}' tidak dapat dibaca; gunakan format 2024-01-09 09:00"
    ))
}

/// Pulls year, month, day out of "2024-02-30..." or "30/02/2024...".
fn split_date(s: &str) -> Option<(i32, u32, u32)> {
    let date_part = s.split(['T', ' ']).next()?;
    let parts: Vec<&str> = date_part.split(['-', '/']).collect();
    if parts.len() != 3 {
        return None;
    }
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if nums.len() != 3 {
        return None;
    }
    if parts[0].len() == 4 {
        Some((nums[0] as i32, nums[1], nums[2]))
    } else if parts[2].len() == 4 {
        Some((nums[2] as i32, nums[1], nums[0]))
    } else {
        None
    }
}

/// One option of a select field: the stored value and its Indonesian label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The choices the event form offers, so the UI never types them twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FormOptions {
    pub kinds: Vec<Choice>,
    pub timezones: Vec<Choice>,
    pub papers: Vec<Choice>,
    /// Roster categories (PNS, PPPK, ...), for the person form and tables.
    pub categories: Vec<Choice>,
    /// The printed documents (daftar hadir, ...), with their names.
    pub record_kinds: Vec<Choice>,
    /// How a NIP is spaced when shown: digits per group, "19860926 201505 1 001".
    pub nip_groups: Vec<u32>,
    /// A new event's form, pre-filled with sensible defaults.
    pub blank: EventForm,
}

/// Roster categories as choices, for every form and filter that offers them.
pub fn category_choices() -> Vec<Choice> {
    crate::roster::person::Category::ALL
        .iter()
        .map(|c| Choice {
            value: c.as_str().into(),
            label: c.label().into(),
        })
        .collect()
}

/// Options and defaults for the event form; `today` dates the blank form.
pub fn form_options(today: NaiveDate) -> FormOptions {
    let choice = |value: &str, label: &str| Choice {
        value: value.into(),
        label: label.into(),
    };
    FormOptions {
        kinds: EventKind::ALL
            .iter()
            .map(|k| choice(k.as_str(), k.label()))
            .collect(),
        timezones: vec![
            choice("WIB", "WIB — Waktu Indonesia Barat (UTC+7)"),
            choice("WITA", "WITA — Waktu Indonesia Tengah (UTC+8)"),
            choice("WIT", "WIT — Waktu Indonesia Timur (UTC+9)"),
        ],
        papers: vec![
            choice("A4", "A4 (210 × 297 mm)"),
            choice("F4", "F4 / Folio (215 × 330 mm)"),
        ],
        categories: category_choices(),
        record_kinds: crate::pdf::register::RecordKind::ALL
            .iter()
            .map(|k| choice(k.as_str(), k.label()))
            .collect(),
        nip_groups: crate::roster::nip::GROUPS
            .iter()
            .map(|g| *g as u32)
            .collect(),
        blank: EventForm {
            kind: EventKind::SosialisasiDeklarasi.as_str().into(),
            starts_at: format!("{}T09:00", today.format("%Y-%m-%d")),
            timezone: Zone::Wib.as_str().into(),
            paper: Paper::A4.as_str().into(),
            ..EventForm::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 2).expect("valid date")
    }

    fn solok() -> EventForm {
        EventForm {
            title: "Sosialisasi Netralitas dan Profesionalisme ASN".into(),
            kind: "sosialisasi".into(),
            organizer: "Bawaslu Kabupaten Solok".into(),
            place: "Aula Kantor Bupati, Arosuka".into(),
            starts_at: "2024-01-09T09:00".into(),
            timezone: "WIB".into(),
            speakers: vec![Speaker {
                name: "Titony Tanjung".into(),
                title: "Ketua".into(),
                institution: "Bawaslu Kabupaten Solok".into(),
            }],
            official: Official {
                name: "Medison".into(),
                position: "Sekretaris Daerah Kabupaten Solok".into(),
                nip: "19680512 199303 1 004".into(),
            },
            paper: "F4".into(),
        }
    }

    fn fields(err: Error) -> Vec<String> {
        match err {
            Error::Invalid(f) => f.into_iter().map(|f| f.field).collect(),
            other => panic!("expected a validation error, got {other}"),
        }
    }

    #[test]
    fn a_complete_form_is_valid_and_the_nip_is_stored_without_spaces() {
        let (ev, warnings) = validate(&solok(), today()).expect("valid");
        assert!(warnings.is_empty());
        assert_eq!(ev.official.nip, "196805121993031004");
        assert_eq!(ev.kind, EventKind::Sosialisasi);
        assert_eq!(ev.paper, Paper::F4);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut f = solok();
        f.title = "   ".into();
        f.kind = "rapat".into();
        f.timezone = "GMT".into();
        f.paper = "Letter".into();
        f.starts_at = "besok pagi".into();
        let got = fields(validate(&f, today()).expect_err("invalid"));
        for field in ["title", "kind", "timezone", "paper", "starts_at"] {
            assert!(got.iter().any(|g| g == field), "{field} missing in {got:?}");
        }
    }

    #[test]
    fn an_impossible_date_is_named_in_indonesian() {
        let mut f = solok();
        f.starts_at = "2024-02-30 09:00".into();
        match validate(&f, today()) {
            Err(Error::Invalid(e)) => {
                assert_eq!(
                    e[0].message,
                    "Tanggal 30 Februari 2024 tidak ada di kalender"
                )
            }
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_date_more_than_a_year_back_is_a_warning_not_an_error() {
        let mut f = solok();
        f.starts_at = "09/01/2022 09.00".into();
        let (_, warnings) = validate(&f, today()).expect("past events may be recorded");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].field, "starts_at");
    }

    #[test]
    fn an_official_needs_a_name_and_position_and_a_real_nip() {
        let mut f = solok();
        f.official.name = String::new();
        f.official.nip = "1234".into();
        let got = fields(validate(&f, today()).expect_err("invalid"));
        assert!(got.contains(&"official.name".to_string()));
        assert!(got.contains(&"official.nip".to_string()));
    }

    #[test]
    fn blank_speaker_rows_are_ignored_but_a_speaker_without_a_name_is_not() {
        let mut f = solok();
        f.speakers.push(Speaker::default());
        let (ev, _) = validate(&f, today()).expect("blank row is fine");
        assert_eq!(ev.speakers.len(), 1);
        f.speakers.push(Speaker {
            name: String::new(),
            title: "Anggota".into(),
            institution: String::new(),
        });
        let got = fields(validate(&f, today()).expect_err("invalid"));
        assert_eq!(got, vec!["speakers.2.name".to_string()]);
    }

    #[test]
    fn kinds_are_read_the_way_people_type_them() {
        assert_eq!(
            EventKind::parse("Sosialisasi dan Deklarasi"),
            Some(EventKind::SosialisasiDeklarasi)
        );
        assert_eq!(EventKind::parse("DEKLARASI"), Some(EventKind::Deklarasi));
        assert_eq!(EventKind::parse("rapat"), None);
    }

    #[test]
    fn start_times_in_wita_sort_before_the_same_clock_time_in_wib() {
        let mut f = solok();
        f.timezone = "WITA".into();
        let (wita, _) = validate(&f, today()).expect("valid");
        let (wib, _) = validate(&solok(), today()).expect("valid");
        assert!(wita.starts_at_utc() < wib.starts_at_utc());
    }
}
