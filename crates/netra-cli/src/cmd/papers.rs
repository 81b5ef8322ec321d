//! `netra letterhead …` (kop surat, set up once) and `netra papers …`
//! (what one event's papers carry: letterhead, certificate logos, the
//! official's signature and stamp, the materai box).

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use netra_core::audit::Actor;
use netra_core::papers::{self, images, LetterheadInput, Slot};

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
    if size > images::MAX_FILE_BYTES as u64 {
        return Err(netra_core::Error::field(
            "file",
            format!(
                "Berkas {} berukuran {:.1} MB, terlalu besar (paling besar {} MB)",
                path.display(),
                size as f64 / (1024.0 * 1024.0),
                images::MAX_FILE_BYTES / (1024 * 1024)
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
        /// Kosongkan: logo-kiri, logo-kanan, tanda-tangan, stempel (boleh diulang)
        #[arg(long, value_name = "TEMPAT")]
        clear: Vec<String>,
        /// Kotak meterai di surat pernyataan
        #[arg(long, value_name = "on|off")]
        materai: Option<String>,
    },
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
                clear,
                materai,
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
                            format!("\u{201c}{name}\u{201d} tidak dikenal; pilih logo-kiri, logo-kanan, tanda-tangan atau stempel"),
                        )
                    })?;
                    now = papers::set_image(&mut ctx.conn, event, slot, None, Actor::Cli, ctx.now)?;
                }
                if let Some(m) = materai {
                    let on = match m.as_str() {
                        "on" | "ya" => true,
                        "off" | "tidak" => false,
                        _ => {
                            return Err(netra_core::Error::field(
                                "materai",
                                format!("\u{201c}{m}\u{201d}: tulis on atau off"),
                            )
                            .into())
                        }
                    };
                    now = papers::set_materai(&mut ctx.conn, event, on, Actor::Cli, ctx.now)?;
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
        println!(
            "Kotak meterai di surat pernyataan: {}",
            if papers.materai { "ya" } else { "tidak" }
        );
        Ok(())
    }
}
