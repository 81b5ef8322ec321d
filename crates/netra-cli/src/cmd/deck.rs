//! `netra deck`: check, import, list and export slide decks, and choose
//! the deck an event presents.

use std::path::PathBuf;

use clap::Subcommand;
use netra_core::presentation::{self, decks, SettingsForm};

use super::Context;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum DeckCmd {
    /// Daftar presentasi (bawaan dan yang diimpor/diubah)
    List,
    /// Periksa berkas Markdown tanpa menyimpannya
    Check {
        /// Berkas .md
        file: PathBuf,
        /// Isi penanda {{event.*}} dari acara ini
        #[arg(long)]
        event: Option<i64>,
    },
    /// Impor berkas Markdown beserta gambar di foldernya
    Import {
        file: PathBuf,
        /// Langsung pakai untuk acara ini
        #[arg(long)]
        event: Option<i64>,
    },
    /// Simpan presentasi (tanpa --id: bawaan) ke berkas Markdown, gambar di sebelahnya
    Export {
        #[arg(long)]
        id: Option<i64>,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Pilih presentasi dan hotline untuk sebuah acara
    Use {
        #[arg(long)]
        event: i64,
        /// Nomor presentasi; tanpa --id: bawaan
        #[arg(long)]
        id: Option<i64>,
        /// Hotline pengaduan Bawaslu untuk slide "Cara melapor"
        #[arg(long, default_value = "")]
        hotline: String,
    },
}

impl DeckCmd {
    pub fn run(self, ctx: Context) -> anyhow::Result<()> {
        match self {
            DeckCmd::List => {
                let all = decks::list(&ctx.conn)?;
                if ctx.json {
                    return output::json(&all);
                }
                for d in all {
                    let id = d.id.map_or("bawaan".to_string(), |i| i.to_string());
                    println!("{id:>7}  {:>3} slide  {}", d.slide_count, d.title);
                }
            }
            DeckCmd::Check { file, event } => {
                let read = decks::read_file(&file)?;
                let deck = presentation::preview(&ctx.conn, event, None, &read.markdown)?;
                let mut warnings = read.warnings.clone();
                for p in &deck.unknown_placeholders {
                    warnings.push(format!(
                        "Penanda {{{{{p}}}}} tidak dikenal; tetap terlihat di slide"
                    ));
                }
                if ctx.json {
                    return output::json(&serde_json::json!({
                        "title": deck.title,
                        "slides": deck.slides.len(),
                        "warnings": warnings,
                    }));
                }
                println!(
                    "{}: {} slide, dapat dipakai.",
                    deck.title,
                    deck.slides.len()
                );
                for w in warnings {
                    eprintln!("Peringatan: {w}");
                }
            }
            DeckCmd::Import { file, event } => {
                let read = decks::read_file(&file)?;
                let mut conn = ctx.conn;
                let stored = decks::create(&mut conn, &read, ctx.now)?;
                if let Some(event) = event {
                    let hotline = presentation::settings(&conn, event)?.hotline;
                    let form = SettingsForm {
                        deck_id: stored.id,
                        hotline,
                    };
                    presentation::save_settings(&conn, event, &form, ctx.now)?;
                }
                if ctx.json {
                    return output::json(&serde_json::json!({
                        "deck": stored,
                        "warnings": read.warnings,
                    }));
                }
                println!(
                    "Presentasi {} \u{201c}{}\u{201d} diimpor ({} gambar).",
                    stored.id.unwrap_or_default(),
                    stored.title,
                    stored.images.len()
                );
                for w in read.warnings {
                    eprintln!("Peringatan: {w}");
                }
            }
            DeckCmd::Export { id, output } => {
                let written = decks::export(&ctx.conn, id, &output)?;
                if ctx.json {
                    return output::json(&serde_json::json!({ "files": written }));
                }
                for path in written {
                    println!("{}", path.display());
                }
            }
            DeckCmd::Use { event, id, hotline } => {
                let form = SettingsForm {
                    deck_id: id,
                    hotline,
                };
                let saved = presentation::save_settings(&ctx.conn, event, &form, ctx.now)?;
                if ctx.json {
                    return output::json(&saved);
                }
                println!(
                    "Acara {event} memakai presentasi {}.",
                    id.map_or("bawaan".into(), |i| i.to_string())
                );
            }
        }
        Ok(())
    }
}
