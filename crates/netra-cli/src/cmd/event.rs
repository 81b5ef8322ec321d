//! `netra event create|list|show|edit|archive|restore|erase`.

use clap::{Args, Subcommand};
use netra_core::audit::Actor;
use netra_core::event::{self, Event, EventForm, Speaker};

use super::Context;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum EventCmd {
    /// Buat acara baru
    Create(EventFields),
    /// Daftar acara (terbaru dulu)
    List {
        /// Tampilkan juga acara yang diarsipkan
        #[arg(long)]
        all: bool,
    },
    /// Tampilkan satu acara
    Show { id: i64 },
    /// Ubah acara; isian yang tidak diberikan tetap seperti semula
    Edit {
        id: i64,
        #[command(flatten)]
        fields: EventFields,
    },
    /// Arsipkan acara (tidak menghapus apa pun)
    Archive { id: i64 },
    /// Pulihkan acara dari arsip
    Restore { id: i64 },
    /// Tutup acara: tidak ada lagi kehadiran atau tanda tangan (dokumen tetap dapat dicetak)
    Close { id: i64 },
    /// Buka lagi acara yang ditutup
    Reopen { id: i64 },
    /// Masa simpan data acara (UU PDP): sampai tanggal ini, atau kembali ke bawaan
    Retention {
        id: i64,
        /// Tanggal YYYY-MM-DD
        #[arg(long, conflicts_with = "default")]
        until: Option<String>,
        /// Pakai masa simpan bawaan (hari acara + bulan bawaan)
        #[arg(long)]
        default: bool,
    },
    /// Hapus acara beserta peserta, tanda tangan, dan surat pernyataannya untuk selamanya
    /// (tersisa satu catatan audit berisi jumlah dan ujung rantai)
    Erase {
        id: i64,
        /// Judul acara, persis, sebagai konfirmasi; tanpa ini hanya ditampilkan apa yang akan dihapus
        #[arg(long)]
        confirm: Option<String>,
    },
}

/// The event's fields as flags; each one left out keeps its current value
/// (edit) or the default (create).
#[derive(Debug, Args)]
pub struct EventFields {
    /// Judul acara
    #[arg(long, alias = "judul")]
    title: Option<String>,
    /// Jenis: sosialisasi, deklarasi, atau sosialisasi_deklarasi
    #[arg(long, alias = "jenis")]
    kind: Option<String>,
    /// Instansi penyelenggara, mis. "Bawaslu Kabupaten Solok"
    #[arg(long, alias = "penyelenggara")]
    organizer: Option<String>,
    /// Tempat acara
    #[arg(long, alias = "tempat")]
    place: Option<String>,
    /// Tanggal dan jam mulai, mis. "2024-01-09 09:00" atau "09/01/2024 09.00"
    #[arg(long, alias = "mulai")]
    start: Option<String>,
    /// Zona waktu: WIB, WITA, atau WIT
    #[arg(long, alias = "zona")]
    tz: Option<String>,
    /// Ukuran kertas dokumen: A4 atau F4
    #[arg(long, alias = "kertas")]
    paper: Option<String>,
    /// Narasumber "Nama|Jabatan|Instansi"; ulangi untuk beberapa orang (mengganti daftar lama)
    #[arg(
        long = "speaker",
        alias = "narasumber",
        value_name = "NAMA|JABATAN|INSTANSI"
    )]
    speakers: Vec<String>,
    /// Nama pejabat penandatangan dokumen
    #[arg(long)]
    official_name: Option<String>,
    /// Jabatan pejabat penandatangan
    #[arg(long)]
    official_position: Option<String>,
    /// NIP pejabat penandatangan (boleh dengan spasi)
    #[arg(long)]
    official_nip: Option<String>,
}

impl EventFields {
    fn apply(self, mut form: EventForm) -> EventForm {
        let set = |slot: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(&mut form.title, self.title);
        set(&mut form.kind, self.kind);
        set(&mut form.organizer, self.organizer);
        set(&mut form.place, self.place);
        set(&mut form.starts_at, self.start);
        set(&mut form.timezone, self.tz);
        set(&mut form.paper, self.paper);
        set(&mut form.official.name, self.official_name);
        set(&mut form.official.position, self.official_position);
        set(&mut form.official.nip, self.official_nip);
        if !self.speakers.is_empty() {
            form.speakers = self.speakers.iter().map(|s| parse_speaker(s)).collect();
        }
        form
    }
}

fn parse_speaker(s: &str) -> Speaker {
    let mut parts = s.splitn(3, '|').map(|p| p.trim().to_string());
    Speaker {
        name: parts.next().unwrap_or_default(),
        title: parts.next().unwrap_or_default(),
        institution: parts.next().unwrap_or_default(),
    }
}

impl EventCmd {
    pub fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        match self {
            EventCmd::Create(fields) => {
                // Unlike the UI, the CLI starts from an empty start time so a
                // forgotten --start is reported, not silently set to today.
                let blank = EventForm {
                    starts_at: String::new(),
                    ..event::form_options(ctx.today).blank
                };
                let form = fields.apply(blank);
                let saved = event::create(&mut ctx.conn, &form, Actor::Cli, ctx.now, ctx.today)?;
                output::warnings(&saved.warnings);
                if ctx.json {
                    return output::json(&saved);
                }
                println!("Acara {} tersimpan: {}", saved.event.id, saved.event.title);
                Ok(())
            }
            EventCmd::List { all } => {
                let events = event::list(&ctx.conn, all)?;
                if ctx.json {
                    return output::json(&events);
                }
                print_table(&events);
                Ok(())
            }
            EventCmd::Show { id } => {
                let ev = event::get(&ctx.conn, id)?;
                if ctx.json {
                    return output::json(&ev);
                }
                print_event(&ev);
                Ok(())
            }
            EventCmd::Edit { id, fields } => {
                let current = event::get(&ctx.conn, id)?.to_form();
                let form = fields.apply(current);
                let saved =
                    event::update(&mut ctx.conn, id, &form, Actor::Cli, ctx.now, ctx.today)?;
                output::warnings(&saved.warnings);
                if ctx.json {
                    return output::json(&saved);
                }
                println!("Acara {} diperbarui: {}", saved.event.id, saved.event.title);
                Ok(())
            }
            EventCmd::Archive { id } | EventCmd::Restore { id } => {
                let archive = matches!(self, EventCmd::Archive { .. });
                let ev = event::set_archived(&mut ctx.conn, id, archive, Actor::Cli, ctx.now)?;
                if ctx.json {
                    return output::json(&ev);
                }
                let what = if archive {
                    "diarsipkan"
                } else {
                    "dipulihkan dari arsip"
                };
                println!("Acara {} {what}: {}", ev.id, ev.title);
                Ok(())
            }
            EventCmd::Close { id } | EventCmd::Reopen { id } => {
                let close = matches!(self, EventCmd::Close { .. });
                let ev = event::set_closed(&mut ctx.conn, id, close, Actor::Cli, ctx.now)?;
                if ctx.json {
                    return output::json(&ev);
                }
                let what = if close { "ditutup" } else { "dibuka lagi" };
                println!("Acara {} {what}: {}", ev.id, ev.title);
                Ok(())
            }
            EventCmd::Retention { id, until, default } => {
                let until = match (until, default) {
                    (Some(text), _) => Some(
                        chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(
                            |_| {
                                netra_core::Error::field(
                                    "until",
                                    format!("Tanggal \"{text}\" tidak terbaca; tulis YYYY-MM-DD"),
                                )
                            },
                        )?,
                    ),
                    (None, true) => None,
                    (None, false) => {
                        let ev = event::get(&ctx.conn, id)?;
                        let ends = event::retention_ends(&ctx.conn, &ev)?;
                        if ctx.json {
                            return output::json(
                                &serde_json::json!({ "event_id": id, "retain_until": ends }),
                            );
                        }
                        let passed = event::retention_passed(&ctx.conn, &ev, ctx.today)?;
                        println!(
                            "Data acara {} disimpan sampai {}{}",
                            ev.id,
                            netra_core::indonesian_date::day_and_date(ends),
                            if passed {
                                " — masa simpan sudah lewat; hapus dengan `netra event erase`"
                            } else {
                                ""
                            }
                        );
                        return Ok(());
                    }
                };
                let ev = event::set_retention(&mut ctx.conn, id, until, Actor::Cli, ctx.now)?;
                if ctx.json {
                    return output::json(&ev);
                }
                let ends = event::retention_ends(&ctx.conn, &ev)?;
                println!(
                    "Data acara {} disimpan sampai {}",
                    ev.id,
                    netra_core::indonesian_date::day_and_date(ends)
                );
                Ok(())
            }
            EventCmd::Erase { id, confirm } => {
                let Some(confirm) = confirm else {
                    let plan = event::erase::plan(&ctx.conn, id)?;
                    anyhow::bail!(netra_core::Error::field(
                        "confirm",
                        format!(
                            "Acara \"{}\" akan dihapus selamanya: {} peserta, {} surat pernyataan, {} catatan dokumen cetak. Ulangi dengan --confirm \"{}\"",
                            plan.title, plan.people, plan.declarations, plan.printed_records, plan.confirm_with
                        )
                    ));
                };
                let done = event::erase::erase(
                    &mut ctx.conn,
                    &ctx.db_path,
                    id,
                    &confirm,
                    Actor::Cli,
                    ctx.now,
                )?;
                if ctx.json {
                    return output::json(&done);
                }
                println!(
                    "Acara {} dihapus: {} peserta, {} surat pernyataan. Ujung rantai tercatat di log audit.",
                    done.plan.title, done.plan.people, done.plan.declarations
                );
                for w in &done.warnings {
                    println!("Catatan: {w}");
                }
                Ok(())
            }
        }
    }
}

fn print_table(events: &[Event]) {
    if events.is_empty() {
        println!("Belum ada acara. Buat dengan `netra event create` atau `netra demo`.");
        return;
    }
    println!(
        "{:>4}  {:<26} {:<26} {:>7}  JUDUL",
        "ID", "TANGGAL", "JENIS", "PESERTA"
    );
    for e in events {
        let archived = if e.archived_at.is_some() {
            " [arsip]"
        } else {
            ""
        };
        println!(
            "{:>4}  {:<26} {:<26} {:>7}  {}{archived}",
            e.id,
            e.date_label,
            e.kind_label(),
            e.people_count,
            e.title
        );
    }
}

fn print_event(e: &Event) {
    println!("Acara #{}", e.id);
    println!("  Judul         : {}", e.title);
    println!("  Jenis         : {}", e.kind_label());
    println!("  Penyelenggara : {}", e.organizer);
    println!("  Tempat        : {}", e.place);
    println!("  Waktu         : {}, pukul {}", e.date_label, e.time_label);
    println!("  Kertas        : {}", e.paper.as_str());
    println!("  Peserta       : {}", e.people_count);
    if e.speakers.is_empty() {
        println!("  Narasumber    : -");
    }
    for (i, s) in e.speakers.iter().enumerate() {
        let label = if i == 0 {
            "Narasumber    :"
        } else {
            "               "
        };
        let extra: Vec<&str> = [s.title.as_str(), s.institution.as_str()]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect();
        if extra.is_empty() {
            println!("  {label} {}", s.name);
        } else {
            println!("  {label} {} ({})", s.name, extra.join(", "));
        }
    }
    if e.official.name.is_empty() {
        println!("  Penandatangan : -");
    } else {
        let nip = netra_core::roster::nip::Nip::parse(&e.official.nip)
            .map(|n| format!(", NIP {}", n.formatted()))
            .unwrap_or_default();
        println!(
            "  Penandatangan : {} ({}{nip})",
            e.official.name, e.official.position
        );
    }
    if let Some(at) = e.archived_at {
        println!("  Diarsipkan    : {}", at.format("%Y-%m-%d %H:%M UTC"));
    }
}
