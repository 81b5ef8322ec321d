//! `netra letterhead …` (kop surat, set up once) and `netra papers …`
//! (what one event's papers carry: letterhead, certificate logos, the
//! official's signature and stamp, the materai box, the certificate design
//! and the detailed statement form).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use netra_core::audit::Actor;
use netra_core::papers::{self, images, Design, Layout, LetterheadInput, Slot};

use super::Context;
use crate::output;

/// `netra letterhead add|list|remove`.
#[derive(Debug, clap::Subcommand)]
pub enum LetterheadCmd {
    /// Simpan kop surat baru (1-3 baris nama, alamat, kontak, logo)
    Add {
        /// Baris nama instansi, dari atas (ulangi sampai 3 kali)
        #[arg(long = "line", alias = "baris", required = true)]
        lines: Vec<String>,
        #[arg(long, alias = "alamat", default_value = "")]
        address: String,
        /// Telepon, surel, laman
        #[arg(long, alias = "kontak", default_value = "")]
        contact: String,
        /// Nama untuk memilihnya (bawaan: baris terakhir)
        #[arg(long, default_value = "")]
        label: String,
        /// Logo di kiri (PNG atau JPEG, paling besar 4 MB)
        #[arg(long)]
        logo: Option<PathBuf>,
    },
    /// Daftar kop surat
    List,
    /// Hapus kop surat yang tidak dipakai acara mana pun
    Remove { id: i64 },
}

/// Reads an image file, refusing a huge one before reading it.
fn read_image(path: &Path) -> anyhow::Result<Vec<u8>> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("Berkas {} tidak terbaca", path.display()))?
        .len();
    // The core checks each use's own limit; this only avoids reading a
    // file no use accepts.
    if size > images::MAX_ANY_BYTES as u64 {
        return Err(netra_core::Error::field(
            "file",
            format!(
                "Berkas {} berukuran {:.1} MB, terlalu besar (paling besar {} MB)",
                path.display(),
                size as f64 / (1024.0 * 1024.0),
                images::MAX_ANY_BYTES / (1024 * 1024)
            ),
        )
        .into());
    }
    std::fs::read(path).with_context(|| format!("Berkas {} tidak terbaca", path.display()))
}

impl LetterheadCmd {
    pub fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        match self {
            LetterheadCmd::Add {
                lines,
                address,
                contact,
                label,
                logo,
            } => {
                let logo = logo.as_deref().map(read_image).transpose()?;
                let input = LetterheadInput {
                    label,
                    lines,
                    address,
                    contact,
                };
                let lh = papers::create_letterhead(
                    &mut ctx.conn,
                    &input,
                    logo.as_deref(),
                    Actor::Cli,
                    ctx.now,
                )?;
                if ctx.json {
                    return output::json(&lh);
                }
                println!("Kop surat {} \u{201c}{}\u{201d} disimpan.", lh.id, lh.label);
            }
            LetterheadCmd::List => {
                let list = papers::letterheads(&ctx.conn)?;
                if ctx.json {
                    return output::json(&list);
                }
                if list.is_empty() {
                    println!(
                        "Belum ada kop surat. Tambahkan dengan `netra letterhead add --line …`."
                    );
                }
                for lh in list {
                    println!(
                        "{:>4}  {:<30}  {}{}",
                        lh.id,
                        lh.label,
                        lh.lines.join(" / "),
                        if lh.logo_id.is_some() { "  [logo]" } else { "" }
                    );
                }
            }
            LetterheadCmd::Remove { id } => {
                papers::remove_letterhead(&mut ctx.conn, id, Actor::Cli, ctx.now)?;
                if ctx.json {
                    return output::json(&serde_json::json!({ "removed": id }));
                }
                println!("Kop surat {id} dihapus.");
            }
        }
        Ok(())
    }
}

/// `netra papers show|set`.
// Parsed once per run: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, clap::Subcommand)]
pub enum PapersCmd {
    /// Tampilkan kop surat, logo, tanda tangan, stempel dan meterai sebuah acara
    Show {
        #[arg(long, alias = "acara")]
        event: i64,
    },
    /// Ubah tanda pada dokumen acara (yang tidak disebut tetap)
    Set {
        #[arg(long, alias = "acara")]
        event: i64,
        /// Kop surat untuk daftar hadir dan berita acara (0: tanpa kop)
        #[arg(long, alias = "kop")]
        letterhead: Option<i64>,
        /// Logo kiri atas sertifikat (PNG atau JPEG)
        #[arg(long)]
        logo_left: Option<PathBuf>,
        /// Logo kanan atas sertifikat (PNG atau JPEG)
        #[arg(long)]
        logo_right: Option<PathBuf>,
        /// Tanda tangan pejabat hasil pindai (PNG berlatar transparan)
        #[arg(long)]
        signature: Option<PathBuf>,
        /// Stempel instansi (PNG berlatar transparan)
        #[arg(long)]
        stamp: Option<PathBuf>,
        /// Latar sertifikat sendiri, A4 lanskap (PNG atau JPEG, paling besar 8 MB); memilih desain latar
        #[arg(long, alias = "latar")]
        background: Option<PathBuf>,
        /// Kosongkan: logo-kiri, logo-kanan, tanda-tangan, stempel, latar (boleh diulang)
        #[arg(long, value_name = "TEMPAT")]
        clear: Vec<String>,
        /// Kotak meterai di surat pernyataan
        #[arg(long, value_name = "on|off")]
        materai: Option<String>,
        /// Desain sertifikat: klasik, modern, latar
        #[arg(long, alias = "desain")]
        design: Option<String>,
        /// Letak teks di latar sendiri, mm dari kiri atas A4 lanskap, mis. "judul=ya,judul_y=58,nama_y=92,ttd_y=142,tepi=30"
        #[arg(long, alias = "letak")]
        layout: Option<String>,
        /// Jejak audit surat pernyataan di halaman tersendiri
        #[arg(long, alias = "rinci", value_name = "on|off")]
        detailed: Option<String>,
    },
}

fn on_off(field: &str, text: &str) -> anyhow::Result<bool> {
    match text {
        "on" | "ya" => Ok(true),
        "off" | "tidak" => Ok(false),
        _ => Err(netra_core::Error::field(
            field,
            format!("\u{201c}{text}\u{201d}: tulis on atau off"),
        )
        .into()),
    }
}

/// "judul=ya,nama_y=92" over `base`: only the places named change.
fn parse_layout(text: &str, base: Layout) -> anyhow::Result<Layout> {
    let mut layout = base;
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || {
            netra_core::Error::field(
                "layout",
                format!("\u{201c}{part}\u{201d} tidak dikenal; tulis judul=ya|tidak, judul_y=, nama_y=, ttd_y= atau tepi= dengan angka mm"),
            )
        };
        let (key, value) = part.split_once('=').ok_or_else(bad)?;
        let mm = || value.trim().parse::<u16>().map_err(|_| bad());
        match key.trim() {
            "judul" | "title" => layout.title = on_off("layout", value.trim())?,
            "judul_y" | "title_y" => layout.title_y = mm()?,
            "nama_y" | "name_y" => layout.name_y = mm()?,
            "ttd_y" | "sign_y" => layout.sign_y = mm()?,
            "tepi" | "side" => layout.side = mm()?,
            _ => return Err(bad().into()),
        }
    }
    Ok(layout)
}

impl PapersCmd {
    pub fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        let papers = match self {
            PapersCmd::Show { event } => papers::event_papers(&ctx.conn, event)?,
            PapersCmd::Set {
                event,
                letterhead,
                logo_left,
                logo_right,
                signature,
                stamp,
                background,
                clear,
                materai,
                design,
                layout,
                detailed,
            } => {
                let mut now = papers::event_papers(&ctx.conn, event)?;
                if let Some(id) = letterhead {
                    let id = (id != 0).then_some(id);
                    now = papers::set_letterhead(&mut ctx.conn, event, id, Actor::Cli, ctx.now)?;
                }
                for (slot, file) in [
                    (Slot::LogoLeft, logo_left),
                    (Slot::LogoRight, logo_right),
                    (Slot::Signature, signature),
                    (Slot::Stamp, stamp),
                    (Slot::Background, background),
                ] {
                    if let Some(file) = file {
                        let bytes = read_image(&file)?;
                        now = papers::set_image(
                            &mut ctx.conn,
                            event,
                            slot,
                            Some(&bytes),
                            Actor::Cli,
                            ctx.now,
                        )?;
                    }
                }
                for name in clear {
                    let slot = Slot::parse(&name).ok_or_else(|| {
                        netra_core::Error::field(
                            "clear",
                            format!("\u{201c}{name}\u{201d} tidak dikenal; pilih logo-kiri, logo-kanan, tanda-tangan, stempel atau latar"),
                        )
                    })?;
                    now = papers::set_image(&mut ctx.conn, event, slot, None, Actor::Cli, ctx.now)?;
                }
                if let Some(m) = materai {
                    let on = on_off("materai", &m)?;
                    now = papers::set_materai(&mut ctx.conn, event, on, Actor::Cli, ctx.now)?;
                }
                if let Some(text) = layout {
                    let layout = parse_layout(&text, now.layout)?;
                    now = papers::set_layout(&mut ctx.conn, event, layout, Actor::Cli, ctx.now)?;
                }
                if let Some(d) = design {
                    let d = Design::parse(&d).ok_or_else(|| {
                        netra_core::Error::field(
                            "design",
                            format!("Desain \u{201c}{d}\u{201d} tidak dikenal; pilih klasik, modern atau latar"),
                        )
                    })?;
                    now = papers::set_design(&mut ctx.conn, event, d, Actor::Cli, ctx.now)?;
                }
                if let Some(text) = detailed {
                    let on = on_off("detailed", &text)?;
                    now = papers::set_detailed(&mut ctx.conn, event, on, Actor::Cli, ctx.now)?;
                }
                now
            }
        };
        if ctx.json {
            return output::json(&papers);
        }
        let yes = |v: Option<i64>| if v.is_some() { "ada" } else { "-" };
        let lh = match papers.letterhead_id {
            Some(id) => papers::letterhead(&ctx.conn, id)?.label,
            None => "-".into(),
        };
        println!("Kop surat (daftar hadir, berita acara): {lh}");
        println!(
            "Sertifikat: logo kiri {}, logo kanan {}, tanda tangan pejabat {}, stempel {}",
            yes(papers.logo_left_id),
            yes(papers.logo_right_id),
            yes(papers.signature_id),
            yes(papers.stamp_id)
        );
        let l = papers.layout;
        match papers.design {
            Design::Latar => println!(
                "Desain sertifikat: {} (judul {}, judul {} mm, nama {} mm, tanda tangan {} mm, tepi {} mm)",
                papers.design.label(),
                if l.title { "dicetak" } else { "dari latar" },
                l.title_y,
                l.name_y,
                l.sign_y,
                l.side
            ),
            d => println!("Desain sertifikat: {}", d.label()),
        }
        println!(
            "Kotak meterai di surat pernyataan: {}",
            if papers.materai { "ya" } else { "tidak" }
        );
        println!(
            "Jejak audit surat pernyataan: {}",
            if papers.detailed {
                "halaman tersendiri (formulir rinci)"
            } else {
                "di bawah tanda tangan"
            }
        );
        Ok(())
    }
}
