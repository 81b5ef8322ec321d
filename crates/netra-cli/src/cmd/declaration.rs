//! `netra verify` and `netra declaration ...`: checking the signed chain,
//! listing and voiding declarations.

use std::io::Write;

use clap::Subcommand;
use netra_core::audit::Actor;
use netra_core::declaration;
use netra_core::declaration::chain;
use netra_core::event;
use netra_core::keys::{self, InstallationKey};

use super::Context;
use crate::output;

/// Exit code of `netra verify` when the chain has broken records.
pub const EXIT_BROKEN: u8 = 3;

#[derive(Debug, Subcommand)]
pub enum DeclarationCmd {
    /// Daftar surat pernyataan yang ditandatangani pada acara
    List {
        #[arg(long, alias = "acara")]
        event: i64,
    },
    /// Batalkan satu pernyataan (catatan asli tetap disimpan)
    Void {
        /// Nomor pernyataan (lihat `netra declaration list`)
        id: i64,
        /// Alasan pembatalan (wajib)
        #[arg(long, alias = "alasan")]
        reason: String,
    },
    /// Uji ketahanan: menandatangani peserta yang belum menandatangani
    /// dengan goresan contoh, mencetak "committed ID" setelah tiap commit
    #[command(hide = true)]
    SignScript {
        #[arg(long)]
        event: i64,
        #[arg(long)]
        count: usize,
    },
}

impl DeclarationCmd {
    pub fn run(self, ctx: Context) -> anyhow::Result<()> {
        match self {
            DeclarationCmd::List { event } => list(ctx, event),
            DeclarationCmd::Void { id, reason } => void(ctx, id, &reason),
            DeclarationCmd::SignScript { event, count } => sign_script(ctx, event, count),
        }
    }
}

fn list(ctx: Context, event_id: i64) -> anyhow::Result<()> {
    event::get(&ctx.conn, event_id)?;
    let all = declaration::list(&ctx.conn, event_id)?;
    if ctx.json {
        return output::json(&all);
    }
    let mut out = std::io::stdout().lock();
    for d in &all {
        let state = match &d.void_reason {
            Some(r) => format!("DIBATALKAN: {r}"),
            None => String::new(),
        };
        writeln!(
            out,
            "{:>5}  no. {:<5} {}  {:<40} {}",
            d.id,
            d.seq,
            d.signed_at.format("%Y-%m-%d %H:%M:%S UTC"),
            d.person.name,
            state
        )?;
    }
    let live = all.iter().filter(|d| d.voided_at.is_none()).count();
    writeln!(
        out,
        "{live} pernyataan sah, {} dibatalkan",
        all.len() - live
    )?;
    Ok(())
}

fn void(mut ctx: Context, id: i64, reason: &str) -> anyhow::Result<()> {
    let key = InstallationKey::open_for(&mut ctx.conn, &ctx.db_path, ctx.now)?;
    let d = declaration::void(&mut ctx.conn, &key, id, reason, Actor::Cli, ctx.now)?;
    if ctx.json {
        return output::json(&d);
    }
    println!(
        "Pernyataan no. {} atas nama {} dibatalkan; catatan aslinya tetap disimpan.",
        d.seq, d.person.name
    );
    Ok(())
}

fn sign_script(mut ctx: Context, event_id: i64, count: usize) -> anyhow::Result<()> {
    let key = InstallationKey::open_for(&mut ctx.conn, &ctx.db_path, ctx.now)?;
    let mut out = std::io::stdout().lock();
    netra_core::demo::sign(
        &mut ctx.conn,
        &key,
        event_id,
        count,
        chrono::Utc::now,
        &mut |id, seq| {
            writeln!(out, "committed {id} {seq}")?;
            out.flush()?;
            Ok(())
        },
    )?;
    Ok(())
}

/// `netra verify --event ID`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    #[arg(long, alias = "acara")]
    event: i64,
    /// Kunci publik tambahan yang dipercaya (hex, 64 digit), mis. kiosk lain
    #[arg(long = "public-key", value_name = "HEX")]
    public_keys: Vec<String>,
}

impl VerifyArgs {
    /// Returns whether the chain is whole.
    pub fn run(self, ctx: Context) -> anyhow::Result<bool> {
        let given = self
            .public_keys
            .iter()
            .map(|k| keys::parse_public(k))
            .collect::<netra_core::Result<Vec<_>>>()?;
        let report = chain::verify_event(&ctx.conn, &ctx.db_path, self.event, &given)?;
        if ctx.json {
            output::json(&report)?;
            return Ok(report.ok());
        }
        if let Some(note) = &report.note {
            eprintln!("Catatan: {note}");
        }
        if report.ok() {
            println!(
                "OK: {} pernyataan ({} dibatalkan) utuh, bersambung dan bertanda tangan kunci yang dipercaya.",
                report.records, report.voided
            );
        } else {
            println!(
                "RUSAK: {} masalah pada {} pernyataan:",
                report.findings.len(),
                report.records
            );
            for f in &report.findings {
                println!("  - {}", f.message);
            }
        }
        for k in &report.keys {
            println!(
                "  diperiksa dengan kunci {} ({}): {} pernyataan",
                k.key_id, k.source_label, k.records
            );
        }
        Ok(report.ok())
    }
}
