//! `netra hub`: the hall hub without the desktop app, for a headless
//! laptop, scripts and the benchmark. It prints the addresses to show as
//! QR codes and takes commands on standard input (`pair`, `phones on`,
//! `phones off`, `stop`).

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;
use netra_core::hall::wire::HubQr;
use netra_core::keys::InstallationKey;
use netra_hub::{AccessLog, Config, DirAssets, Hub};

use super::Context;

#[derive(Debug, Args)]
pub struct HubArgs {
    /// Nomor acara yang ditandatangani lewat kiosk tambahan
    #[arg(long, value_name = "ID")]
    event: i64,
    /// Alamat dan port untuk didengarkan, misalnya 192.168.1.10:8080 (port 0: pilih sendiri)
    #[arg(long, value_name = "ADDR:PORT")]
    listen: SocketAddr,
    /// Folder halaman kiosk yang sudah dibangun (ui/dist); bawaan: NETRA_WEB_DIR atau bawaan instalasi
    #[arg(long, value_name = "DIR", env = "NETRA_WEB_DIR")]
    web: Option<PathBuf>,
    /// Buka penandatanganan lewat ponsel peserta sejak awal
    #[arg(long)]
    phones: bool,
    /// Berapa kode pemasangan tablet yang dicetak saat mulai
    #[arg(long, default_value_t = 1, value_name = "N")]
    pairings: u32,
    /// Berhenti sendiri setelah sekian detik (untuk uji dan skrip)
    #[arg(long = "for", value_name = "DETIK")]
    run_for: Option<u64>,
    /// Lama perangkat diberi tahu "dihentikan" sebelum port ditutup, dalam detik
    #[arg(long, default_value_t = 8, value_name = "DETIK")]
    grace: u64,
    /// Berkas log akses (tanpa data pribadi)
    #[arg(long, value_name = "FILE")]
    access_log: Option<PathBuf>,
}

/// Where the built kiosk page is when no folder is given: beside an
/// installed binary, else the source tree this binary was built from.
fn default_web() -> PathBuf {
    let installed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("../share/netra/web")));
    match installed {
        Some(dir) if dir.join(netra_hub::assets::PAGE).is_file() => dir,
        _ => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/dist")),
    }
}

enum Command {
    Pair,
    Phones(bool),
    Stop,
}

fn read_commands(tx: mpsc::Sender<Command>) {
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { return };
        let cmd = match line.trim() {
            "pair" => Command::Pair,
            "phones on" => Command::Phones(true),
            "phones off" => Command::Phones(false),
            "stop" => Command::Stop,
            "" => continue,
            other => {
                eprintln!("Perintah tidak dikenal: {other} (pair, phones on, phones off, stop)");
                continue;
            }
        };
        if tx.send(cmd).is_err() {
            return;
        }
    }
}

struct Out {
    json: bool,
}

impl Out {
    fn qr(&self, what: &str, qr: &HubQr) {
        if self.json {
            println!(
                "{}",
                serde_json::json!({ "event": what, "url": qr.url, "until": qr.until })
            );
        } else {
            let label = if what == "pairing" {
                "Kode pemasangan tablet (2 menit, sekali pakai)"
            } else {
                "Kode ponsel peserta (berganti tiap 30 detik)"
            };
            println!("{label}: {}", qr.url);
        }
    }

    fn say(&self, what: &str, text: &str, url: &str) {
        if self.json {
            println!("{}", serde_json::json!({ "event": what, "url": url }));
        } else {
            println!("{text}");
        }
    }
}

impl HubArgs {
    pub fn run(self, mut ctx: Context) -> anyhow::Result<()> {
        let key = Arc::new(InstallationKey::open_for(
            &mut ctx.conn,
            &ctx.db_path,
            ctx.now,
        )?);
        let web = self.web.unwrap_or_else(default_web);
        let assets = DirAssets::new(&web);
        if !assets.has_page() {
            eprintln!(
                "Peringatan: halaman kiosk tidak ada di {} (bangun dengan `npm run build` di ui/, atau beri --web DIR); hanya API yang dilayani",
                web.display()
            );
        }
        let access_log = match &self.access_log {
            Some(p) => AccessLog::to_file(p)?,
            None => AccessLog::none(),
        };
        let hub = Hub::start(Config {
            db_path: ctx.db_path.clone(),
            event_id: self.event,
            listen: self.listen,
            public_host: None,
            key,
            assets: Arc::new(assets),
            phones_open: self.phones,
            access_log,
            stop_grace: Duration::from_secs(self.grace),
        })?;
        let out = Out { json: ctx.json };
        out.say(
            "started",
            &format!(
                "Kiosk tambahan berjalan di {} (acara {})",
                hub.base_url(),
                self.event
            ),
            hub.base_url(),
        );
        for _ in 0..self.pairings {
            out.qr("pairing", &hub.pairing());
        }
        let (tx, rx) = mpsc::channel();
        let stop_tx = tx.clone();
        ctrlc::set_handler(move || {
            let _ = stop_tx.send(Command::Stop);
        })?;
        std::thread::spawn(move || read_commands(tx));
        let deadline = self
            .run_for
            .map(|s| Instant::now() + Duration::from_secs(s));
        let mut shown_phone: Option<String> = None;
        loop {
            if let Some(qr) = hub.phone_code() {
                if shown_phone.as_deref() != Some(qr.url.as_str()) {
                    out.qr("phone", &qr);
                    shown_phone = Some(qr.url);
                }
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
            match rx.recv_timeout(Duration::from_millis(500)) {
                Ok(Command::Pair) => out.qr("pairing", &hub.pairing()),
                Ok(Command::Phones(open)) => {
                    hub.set_phones(open);
                    shown_phone = None;
                    let text = if open {
                        "Ponsel dibuka"
                    } else {
                        "Ponsel ditutup"
                    };
                    out.say(
                        if open { "phones_on" } else { "phones_off" },
                        text,
                        hub.base_url(),
                    );
                }
                Ok(Command::Stop) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        let url = hub.base_url().to_string();
        out.say("stopping", "Menghentikan kiosk tambahan…", &url);
        hub.stop();
        out.say("stopped", "Kiosk tambahan berhenti", &url);
        Ok(())
    }
}
