//! `netra`: the command line over netra-core. Same database, same rules as
//! the desktop app; no GTK or WebKit needed.
//!
//! Exit codes: 0 ok, 2 the user's input is wrong (flags, fields, files),
//! 3 `netra verify` found broken records or `netra verify-qr` a paper
//! that is not genuine and unchanged, 1 anything else. Errors go to stderr in Indonesian.

mod cmd;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{error::ErrorKind, CommandFactory, Parser, Subcommand};

/// Netra: sosialisasi dan deklarasi netralitas ASN.
#[derive(Debug, Parser)]
#[command(name = "netra", version, about, disable_help_subcommand = true)]
struct Cli {
    /// Berkas basis data SQLite (bawaan: folder data aplikasi, sama dengan aplikasi desktop)
    #[arg(long, global = true, env = "NETRA_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// Keluaran JSON untuk dibaca program lain
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Kelola acara (buat, lihat, ubah, arsipkan)
    #[command(subcommand)]
    Event(Box<cmd::event::EventCmd>),
    /// Daftar peserta acara (impor)
    #[command(subcommand)]
    Roster(cmd::roster::RosterCmd),
    /// Surat pernyataan yang ditandatangani (daftar, batalkan)
    #[command(subcommand)]
    Declaration(cmd::declaration::DeclarationCmd),
    /// Periksa keutuhan rantai surat pernyataan sebuah acara
    Verify(cmd::declaration::VerifyArgs),
    /// Buat acara contoh dengan 300 peserta ASN sintetis
    Demo(cmd::demo::DemoArgs),
    /// Cetak dokumen PDF: daftar-hadir, pernyataan, sertifikat, berita-acara
    Pdf(cmd::pdf::PdfArgs),
    /// Periksa keaslian dokumen cetak dari isi kode QR-nya
    VerifyQr(cmd::pdf::VerifyQrArgs),
    /// Periksa berkas PDF halaman demi halaman: kode QR-nya dan apakah halamannya menyebut isi kode itu
    VerifyPdf(cmd::pdf::VerifyPdfArgs),
    /// Kunci tanda tangan digital instalasi (tampilkan, impor milik instalasi lain)
    #[command(subcommand)]
    Key(cmd::pdf::KeyCmd),
    /// Kiosk tambahan: tablet dan ponsel menandatangani lewat jaringan lokal
    Hub(cmd::hub::HubArgs),
    /// Presentasi: periksa, impor, ekspor berkas Markdown; pilih untuk acara
    #[command(subcommand)]
    Deck(cmd::deck::DeckCmd),
    /// Cadangkan seluruh basis data ke satu berkas (aman saat kiosk berjalan)
    Backup(cmd::backup::BackupArgs),
    /// Pulihkan basis data dari berkas cadangan (yang sekarang disimpan di sebelahnya)
    Restore(cmd::backup::RestoreArgs),
    /// Catatan audit: siapa mengubah apa dan kapan (per acara, disaring)
    Audit(cmd::audit::AuditArgs),
    /// Arsip acara (.netra): ekspor bertanda tangan, periksa, impor dari instalasi lain
    #[command(subcommand)]
    Archive(cmd::archive::ArchiveCmd),
    /// Kop surat: diatur sekali, dipilih per acara
    #[command(subcommand)]
    Letterhead(cmd::papers::LetterheadCmd),
    /// Tanda pada dokumen acara: kop surat, logo sertifikat, tanda tangan dan stempel pejabat, meterai
    #[command(subcommand)]
    Papers(cmd::papers::PapersCmd),
    /// Buat pelengkap perintah shell atau halaman manual (untuk paket instalasi)
    Generate(cmd::generate::GenerateArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    let json = cli.json;
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(cmd::declaration::EXIT_BROKEN),
        Err(err) => output::report_error(&err, json),
    }
}

/// Ok(false): the command ran and found the data broken (`verify`).
fn run(cli: Cli) -> anyhow::Result<bool> {
    if let Command::Generate(args) = cli.command {
        // No database: a package build runs this.
        args.run(Cli::command())?;
        return Ok(true);
    }
    let ctx = cmd::Context::open(cli.db, cli.json)?;
    match cli.command {
        Command::Event(c) => c.run(ctx)?,
        Command::Roster(c) => c.run(ctx)?,
        Command::Declaration(c) => c.run(ctx)?,
        Command::Verify(args) => return args.run(ctx),
        Command::Demo(args) => args.run(ctx)?,
        Command::Pdf(args) => args.run(ctx)?,
        Command::VerifyQr(args) => return args.run(ctx),
        Command::VerifyPdf(args) => return args.run(ctx),
        Command::Key(c) => c.run(ctx)?,
        Command::Deck(c) => c.run(ctx)?,
        Command::Hub(args) => args.run(ctx)?,
        Command::Backup(args) => args.run(ctx)?,
        Command::Restore(args) => args.run(ctx)?,
        Command::Audit(args) => args.run(ctx)?,
        Command::Archive(c) => return c.run(ctx),
        Command::Letterhead(c) => c.run(ctx)?,
        Command::Papers(c) => c.run(ctx)?,
        Command::Generate(args) => args.run(Cli::command())?,
    }
    Ok(true)
}

/// clap's own messages are English; say in Indonesian what kind of mistake it
/// is, then show clap's detail and usage.
fn usage_error(err: clap::Error) -> ExitCode {
    let prefix = match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
        ErrorKind::InvalidSubcommand => "Perintah tidak dikenal",
        ErrorKind::UnknownArgument => "Argumen tidak dikenal",
        ErrorKind::MissingRequiredArgument => "Argumen wajib belum diberikan",
        ErrorKind::MissingSubcommand => "Perintah belum diberikan",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "Nilai argumen tidak valid",
        ErrorKind::ArgumentConflict => "Argumen saling bertentangan",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "Jumlah nilai argumen salah",
        _ => "Perintah tidak dapat dibaca",
    };
    eprintln!("Kesalahan: {prefix}. Lihat `netra --help`.");
    eprint!("{}", err.render());
    ExitCode::from(2)
}
