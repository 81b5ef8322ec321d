//! `netra pdf …`, `netra verify-qr`, `netra key …`: printed records.

use std::path::PathBuf;

use netra_core::keys::{self, InstallationKey};
use netra_core::pdf::register::{QrStatus, RecordKind};
use netra_core::pdf::{self, PrintRequest, Scope};

use super::Context;
use crate::output;

/// Which document.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    /// Daftar hadir dengan tanda tangan (zig-zag)
    DaftarHadir,
    /// Surat pernyataan netralitas, satu halaman per orang
    Pernyataan,
    /// Sertifikat peserta (lanskap), satu halaman per orang
    Sertifikat,
    /// Berita acara kegiatan
    BeritaAcara,
}

impl From<Kind> for RecordKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::DaftarHadir => RecordKind::DaftarHadir,
            Kind::Pernyataan => RecordKind::Pernyataan,
            Kind::Sertifikat => RecordKind::Sertifikat,
            Kind::BeritaAcara => RecordKind::BeritaAcara,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ScopeArg {
    /// Hanya yang hadir atau menandatangani
    Hadir,
    /// Seluruh daftar peserta (untuk ditandatangani di kertas)
    Semua,
}

/// `netra pdf KIND --event ID -o FILE`.
#[derive(Debug, clap::Args)]
pub struct PdfArgs {
    #[arg(value_enum)]
    kind: Kind,
    #[arg(long, alias = "acara")]
    event: i64,
    /// Hanya peserta ini (boleh diulang); bawaan: semua
    #[arg(long = "person", alias = "peserta", value_name = "ID")]
    people: Vec<i64>,
    /// a4 atau f4; bawaan: kertas acara
    #[arg(long, alias = "kertas", value_name = "a4|f4")]
    paper: Option<String>,
    /// Untuk daftar hadir: hadir (bawaan) atau semua
    #[arg(long, value_enum, default_value = "hadir")]
    scope: ScopeArg,
    /// Berkas PDF yang ditulis; bawaan: folder dokumen aplikasi (seperti menu Dokumen)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

impl PdfArgs {
    pub fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        let key = InstallationKey::open_for(&mut ctx.conn, &ctx.db_path, ctx.now)?;
        let req = PrintRequest {
            event_id: self.event,
            kind: self.kind.into(),
            paper: self.paper.unwrap_or_default(),
            scope: match self.scope {
                ScopeArg::Hadir => Scope::Attended,
                ScopeArg::Semua => Scope::Roster,
            },
            person_ids: self.people,
        };
        let (output, doc) = match self.output {
            Some(path) => {
                let doc = pdf::render(&mut ctx.conn, &key, &req, ctx.now, &mut |_, _| {})?;
                netra_core::files::write(&path, &doc.bytes)?;
                (path, doc)
            }
            None => {
                let dir = pdf::documents_dir(&ctx.db_path);
                let printed =
                    pdf::print_into(&mut ctx.conn, &key, &req, &dir, ctx.now, &mut |_| {})?;
                (printed.path, printed.document)
            }
        };
        for w in &doc.warnings {
            eprintln!("Peringatan: {w}");
        }
        if ctx.json {
            output::json(&serde_json::json!({
                "output": output,
                "pages": doc.pages,
                "bytes": doc.bytes.len(),
                "records": doc.records,
                "codes": doc.codes,
                "warnings": doc.warnings,
            }))?;
        } else {
            println!(
                "{} ditulis ke {} ({} halaman, {} KB).",
                req.kind.label(),
                output.display(),
                doc.pages,
                doc.bytes.len().div_ceil(1024)
            );
        }
        Ok(())
    }
}

/// `netra verify-pdf FILE`.
#[derive(Debug, clap::Args)]
pub struct VerifyPdfArgs {
    /// Berkas PDF yang diperiksa (misalnya kiriman WhatsApp)
    file: std::path::PathBuf,
}

impl VerifyPdfArgs {
    /// Returns whether every page is genuine and shows what its code says.
    pub fn run(self, ctx: Context) -> anyhow::Result<bool> {
        let checked = pdf::verify_pdf(&ctx.conn, &ctx.db_path, &self.file)?;
        if ctx.json {
            output::json(&checked)?;
            return Ok(checked.ok);
        }
        println!("{} ({} halaman)", checked.file, checked.pages);
        for page in &checked.results {
            println!("Halaman {}:", page.page);
            for check in &page.checks {
                println!("  {}", check.headline);
                for c in &check.claims {
                    println!("    {}: {}", c.label, c.value);
                }
                for d in &check.details {
                    println!("    - {d}");
                }
            }
            for p in &page.problems {
                println!("  ! {p}");
            }
        }
        println!(
            "{}",
            if checked.ok {
                "Semua halaman asli dan sesuai dengan kode QR-nya."
            } else {
                "Ada halaman yang tidak dapat dipastikan asli: lihat tanda ! dan keterangan di atas."
            }
        );
        Ok(checked.ok)
    }
}

/// `netra verify-qr "NETRA3.…"`.
#[derive(Debug, clap::Args)]
pub struct VerifyQrArgs {
    /// Isi kode QR (hasil pindai), diawali NETRA3, NETRA2 atau NETRA1
    payload: String,
}

impl VerifyQrArgs {
    /// Returns whether the paper is genuine and unchanged.
    pub fn run(self, ctx: Context) -> anyhow::Result<bool> {
        let check = pdf::check_qr(&ctx.conn, &ctx.db_path, &self.payload)?;
        if ctx.json {
            output::json(&check)?;
            return Ok(check.ok());
        }
        println!("{}", check.headline);
        if !check.claims.is_empty() {
            println!("Pastikan kertas ini menyebut:");
            let width = check
                .claims
                .iter()
                .map(|c| c.label.chars().count())
                .max()
                .unwrap_or(0);
            for c in &check.claims {
                println!("  {:<width$}  {}", c.label, c.value);
            }
        }
        if let (Some(label), Some(printed)) = (&check.kind_label, check.printed_at) {
            println!(
                "  {label}, acara no. {}, dicetak {}",
                check.event_id.unwrap_or(0),
                printed.format("%Y-%m-%d %H:%M UTC")
            );
        }
        for d in &check.details {
            println!("  - {d}");
        }
        if check.status == QrStatus::Invalid {
            return Err(netra_core::Error::field("payload", check.headline).into());
        }
        Ok(check.ok())
    }
}

/// `netra key show|import|list|remove`.
#[derive(Debug, clap::Subcommand)]
pub enum KeyCmd {
    /// Tampilkan kunci publik instalasi ini (untuk diimpor instalasi lain)
    Show,
    /// Percayai kunci publik instalasi lain untuk memeriksa kode QR-nya
    Import {
        /// 64 digit heksadesimal
        public_key: String,
        /// Nama pengenal, mis. "Kiosk Bawaslu Kab. Solok"
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Daftar kunci tepercaya: kunci instalasi ini dan kunci yang diimpor, dengan statusnya
    List,
    /// Berhenti memercayai kunci yang diimpor (kode QR-nya tidak lagi dikenali)
    Remove {
        /// Kode kunci (16 digit), seperti di `netra key list`
        key_id: String,
    },
}

impl KeyCmd {
    pub fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        match self {
            KeyCmd::Show => {
                let key = InstallationKey::open_for(&mut ctx.conn, &ctx.db_path, ctx.now)?;
                let public = hex::encode(key.verifying_key().to_bytes());
                if ctx.json {
                    output::json(
                        &serde_json::json!({"key_id": key.key_id(), "public_key": public}),
                    )?;
                } else {
                    println!("{public}");
                    eprintln!("(kode kunci {})", key.key_id());
                }
            }
            KeyCmd::Import { public_key, label } => {
                let own = InstallationKey::open_for(&mut ctx.conn, &ctx.db_path, ctx.now)?;
                let imported = keys::import_public(
                    &ctx.conn,
                    &own,
                    &public_key,
                    &label,
                    netra_core::audit::Actor::Cli,
                    ctx.now,
                )?;
                if ctx.json {
                    return output::json(&imported);
                }
                println!(
                    "Kunci {} dipercaya untuk pemeriksaan (sidik lengkap {}), disahkan oleh kunci instalasi ini {}.",
                    imported.key_id,
                    imported.fingerprint,
                    own.key_id()
                );
            }
            KeyCmd::List => {
                let list = keys::list_trusted(&ctx.conn, &keys::path_for(&ctx.db_path))?;
                if ctx.json {
                    return output::json(&list);
                }
                print_keys(&list);
            }
            KeyCmd::Remove { key_id } => {
                // Read, never made: a missing key file just means there is no
                // own key to protect. A damaged one must not block removing
                // someone else's key.
                let path = keys::path_for(&ctx.db_path);
                let own = path
                    .exists()
                    .then(|| InstallationKey::load(&path).ok())
                    .flatten()
                    .map(|k| k.key_id());
                let removed = keys::remove_trusted(
                    &mut ctx.conn,
                    &key_id,
                    own.as_deref(),
                    netra_core::audit::Actor::Cli,
                    ctx.now,
                )?;
                if ctx.json {
                    return output::json(&removed);
                }
                println!(
                    "Kunci {}{} tidak lagi dipercaya; kode QR yang ditandatanganinya kini tidak dikenali di sini.",
                    removed.key_id,
                    if removed.label.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", removed.label)
                    }
                );
            }
        }
        Ok(())
    }
}

fn print_keys(list: &[keys::KeyEntry]) {
    println!(
        "{:<16}  {:<13}  {:<28}  {:<40}  STATUS",
        "KODE", "SUMBER", "NAMA", "DIIMPOR OLEH / PADA"
    );
    for k in list {
        let source = match k.source {
            keys::KeySource::KeyFile => "instalasi ini",
            keys::KeySource::Imported => "diimpor",
            keys::KeySource::Given => "diberikan",
        };
        let by = match (&k.imported_by, &k.imported_at) {
            (Some(by), Some(at)) => format!("{by}, {at}"),
            (None, Some(at)) => format!("-, {at}"),
            _ => "-".into(),
        };
        let status = match &k.problem {
            None if k.trusted => "dipercaya".to_string(),
            Some(why) => format!("tidak dipercaya: {why}"),
            None => "tidak dipercaya".into(),
        };
        println!(
            "{:<16}  {:<13}  {:<28}  {:<40}  {status}",
            k.key_id,
            source,
            if k.label.is_empty() { "-" } else { &k.label },
            by
        );
        println!("  sidik jari {}", k.fingerprint);
    }
}
