//! Printed records benchmark. Run: `make bench-pdf` (installs the
//! peers) or `cargo bench -p netra-core --bench pdf`.
//!
//! 1,000 personalised A4-landscape certificates (name, NIP, unit, the
//! attendee's vector signature, a signed QR code) in one PDF, then a
//! 1,000-row daftar hadir with signatures. The same 1,000 certificates go
//! to the peers in the same run when they are installed: headless Chromium
//! printing equivalent HTML (inline SVG signature and QR), and Typst (the
//! `typst` package from PyPI) compiling an equivalent `.typ` file. Prints
//! medians, sizes, peak memory and ratios. Asserts nothing.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use netra_core::audit::Actor;
use netra_core::declaration::strokes::Strokes;
use netra_core::papers::{self, Slot};
use netra_core::pdf::register::{self, RecordKind};
use netra_core::pdf::{self, data, marks, PrintRequest, Scope};
use netra_core::{db, demo, indonesian_date};

mod common;

const PEOPLE: usize = 1_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let common::Bench {
        dir,
        mut conn,
        event,
        key,
        now,
    } = common::demo_event(PEOPLE);
    demo::sign(&mut conn, &key, event, PEOPLE, || now, &mut |_, _| Ok(())).expect("sign");
    // Two logos, the official's signature and stamp, as an office would
    // give them; the peers get the same files.
    let images = [
        ("logo-kiri.png", Slot::LogoLeft, mark(600, 600, Shape::Disc)),
        (
            "logo-kanan.png",
            Slot::LogoRight,
            mark(600, 600, Shape::Disc),
        ),
        ("ttd.png", Slot::Signature, mark(1000, 350, Shape::Scribble)),
        ("cap.png", Slot::Stamp, mark(800, 800, Shape::Ring)),
    ];
    for (file, slot, png) in &images {
        std::fs::write(dir.path().join(file), png).expect("image file");
        papers::set_image(&mut conn, event, *slot, Some(png), Actor::Cli, now).expect("image");
    }
    let kop = papers::create_letterhead(
        &mut conn,
        &papers::LetterheadInput {
            label: "Bawaslu".into(),
            lines: vec![
                "Badan Pengawas Pemilihan Umum".into(),
                "Kabupaten Solok".into(),
            ],
            address: "Jl. Raya Koto Baru No. 1, Arosuka, Kabupaten Solok 27361".into(),
            contact: "Telp. (0755) 123456".into(),
        },
        Some(&images[0].2),
        Actor::Cli,
        now,
    )
    .expect("letterhead");
    papers::set_letterhead(&mut conn, event, Some(kop.id), Actor::Cli, now).expect("pick");
    let rss_before = peak_rss_mb();

    let req = |kind, scope| PrintRequest {
        event_id: event,
        kind,
        paper: "A4".into(),
        scope,
        person_ids: Vec::new(),
    };
    let certificates = req(RecordKind::Sertifikat, Scope::Attended);
    let mut run = |r: &PrintRequest| {
        let t = Instant::now();
        let doc = pdf::render(&mut conn, &key, r, now, &mut |_, _| {}).expect("render");
        (t.elapsed(), doc)
    };
    let (first, doc) = run(&certificates);
    let pages = doc.pages;
    let size = doc.bytes.len();
    std::fs::write(dir.path().join("netra.pdf"), &doc.bytes).expect("write");
    // NETRA_BENCH_KEEP=DIR keeps the certificates to look at.
    if let Some(keep) = std::env::var_os("NETRA_BENCH_KEEP") {
        std::fs::write(Path::new(&keep).join("sertifikat-1000.pdf"), &doc.bytes).expect("keep");
    }
    drop(doc);
    let netra = median((0..5).map(|_| run(&certificates).0).collect());
    let roster = req(RecordKind::DaftarHadir, Scope::Attended);
    let (_, dh) = run(&roster);
    let dh_pages = dh.pages;
    let dh_size = dh.bytes.len();
    drop(dh);
    let daftar = median((0..5).map(|_| run(&roster).0).collect());
    // The other two designs, on the same 1,000 certificates; the organiser's
    // background is an opaque A4 landscape image (2,400 px wide once stored).
    let mut designs = Vec::new();
    papers::set_design(&mut conn, event, papers::Design::Modern, Actor::Cli, now).expect("modern");
    let background = mark(2400, 1697, Shape::Frame);
    papers::set_image(
        &mut conn,
        event,
        Slot::Background,
        Some(&background),
        Actor::Cli,
        now,
    )
    .expect("background");
    for design in [papers::Design::Modern, papers::Design::Latar] {
        papers::set_design(&mut conn, event, design, Actor::Cli, now).expect("design");
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let doc =
                pdf::render(&mut conn, &key, &certificates, now, &mut |_, _| {}).expect("render");
            times.push(t.elapsed());
            size = doc.bytes.len();
        }
        designs.push((design, median(times), size));
    }
    // The Dokumen screen's preview: one certificate, nothing registered.
    let previews: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            pdf::preview(&mut conn, &key, &certificates, now).expect("preview");
            t.elapsed()
        })
        .collect();
    let preview = median(previews);
    papers::set_design(&mut conn, event, papers::Design::Klasik, Actor::Cli, now).expect("klasik");
    let peak = peak_rss_mb();

    println!("Netra, {PEOPLE} certificates (A4 landscape, two logos, the official's signature and stamp, vector signature, signed QR), one PDF:");
    println!(
        "  first run (registers {PEOPLE} records): {:.0} ms",
        ms(first)
    );
    println!(
        "  median of 5 warm runs: {:.0} ms; {pages} pages, {} KB, {:.2} KB/page",
        ms(netra),
        size / 1024,
        size as f64 / 1024.0 / pages as f64
    );
    println!("Netra, daftar hadir of {PEOPLE} rows with signatures and the letterhead: median of 5 {:.0} ms; {dh_pages} pages, {} KB", ms(daftar), dh_size / 1024);
    for (design, t, size) in &designs {
        println!(
            "Netra, the same {PEOPLE} certificates in the {} design: median of 5 {:.0} ms, {:.2} KB/page",
            design.as_str(),
            ms(*t),
            *size as f64 / 1024.0 / pages as f64
        );
    }
    println!("Netra, preview of one certificate (latar design, nothing registered): median of 20 {:.1} ms", ms(preview));
    println!("Peak memory of the bench process: {peak:.0} MB (after setup: {rss_before:.0} MB)");

    // The peers get the same people, signatures and QR payloads.
    let event_row = db::events::get(&conn, event).expect("event");
    let entries = data::entries(&conn, event).expect("entries");
    let certs: Vec<Cert> = entries
        .iter()
        .filter(|e| e.attended())
        .map(|e| {
            let facts = data::sertifikat_facts(&event_row, e);
            let issued = register::issue(&conn, &key, RecordKind::Sertifikat, event, &facts, now)
                .expect("issue");
            let strokes = e
                .strokes
                .as_deref()
                .and_then(|s| Strokes::from_canonical(s).ok());
            Cert {
                name: e.person.name.clone(),
                nip: data::nip_text(e.person.nip.as_deref()),
                unit: e.person.unit.clone(),
                signature: strokes
                    .map(|s| marks::signature_lines(&s, 0.0, 0.0, 50.0, 15.0))
                    .unwrap_or_default(),
                qr: qr_runs(&issued.payload),
            }
        })
        .collect();
    let title = &event_row.title;
    let date = indonesian_date::day_and_date(event_row.starts_at.date());
    let mut ratios = Vec::new();
    match chromium(dir.path(), &certs, title, &date) {
        Some((t, kb)) => {
            println!("Chromium --print-to-pdf, same {PEOPLE} certificates: median of 3 warm runs {:.0} ms, {kb:.2} KB/page", ms(t));
            ratios.push(format!(
                "{:.1}x faster than Chromium",
                t.as_secs_f64() / netra.as_secs_f64()
            ));
        }
        None => println!("Chromium: not installed (apt install chromium), skipped"),
    }
    match typst(dir.path(), &certs, title, &date) {
        Some((t, kb)) => {
            println!("Typst (PyPI typst, whole process), same {PEOPLE} certificates: median of 5 {:.0} ms, {kb:.2} KB/page", ms(t));
            ratios.push(format!(
                "{:.1}x faster than Typst",
                t.as_secs_f64() / netra.as_secs_f64()
            ));
        }
        None => println!("Typst: not installed (pip install typst), skipped"),
    }
    if !ratios.is_empty() {
        println!("Netra is {}", ratios.join(", "));
    }
}

enum Shape {
    Disc,
    Ring,
    Scribble,
    /// An opaque certificate background: a pale ground with a frame.
    Frame,
}

/// A PNG with a transparent ground and a coloured mark with soft edges.
fn mark(w: u32, h: u32, shape: Shape) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let r = ((fx - 0.5).powi(2) + (fy - 0.5).powi(2)).sqrt();
        let ink = match shape {
            Shape::Disc => r < 0.45,
            Shape::Ring => (0.36..0.45).contains(&r) || (0.22..0.26).contains(&r),
            Shape::Scribble => ((fx * 18.0).sin() * 0.3 + 0.5 - fy).abs() < 0.04,
            Shape::Frame => {
                let edge = fx.min(fy).min(1.0 - fx).min(1.0 - fy);
                if !(0.03..0.05).contains(&edge) {
                    let t = 240.0 - 30.0 * fy;
                    return image::Rgba([t as u8, (t - 8.0) as u8, (t - 30.0) as u8, 255]);
                }
                true
            }
        };
        if ink {
            image::Rgba([
                (40.0 + 150.0 * fx) as u8,
                40,
                (160.0 - 90.0 * fy) as u8,
                255,
            ])
        } else {
            image::Rgba([255, 255, 255, 0])
        }
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

struct Cert {
    name: String,
    nip: String,
    unit: String,
    /// Polylines in mm inside a 50 x 15 mm box.
    signature: Vec<Vec<(f32, f32)>>,
    /// Dark runs (column, row, length) with the quiet zone, and the code width.
    qr: (Vec<(usize, usize, usize)>, usize),
}

fn qr_runs(payload: &str) -> (Vec<(usize, usize, usize)>, usize) {
    let code = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M)
        .expect("qr");
    let n = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for r in 0..n {
        let mut c = 0;
        while c < n {
            if colors[r * n + c] == qrcode::Color::Dark {
                let s = c;
                while c < n && colors[r * n + c] == qrcode::Color::Dark {
                    c += 1;
                }
                runs.push((s + 4, r + 4, c - s));
            } else {
                c += 1;
            }
        }
    }
    (runs, n + 8)
}

fn svg_signature(c: &Cert) -> String {
    let mut d = String::new();
    for line in &c.signature {
        for (i, (x, y)) in line.iter().enumerate() {
            d.push_str(&format!("{}{x:.2} {y:.2}", if i == 0 { "M" } else { "L" }));
        }
    }
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 15" width="50mm" height="15mm"><path d="{d}" fill="none" stroke="black" stroke-width="0.4" stroke-linecap="round" stroke-linejoin="round"/></svg>"#
    )
}

fn svg_qr(c: &Cert) -> String {
    let (runs, n) = &c.qr;
    let d: String = runs
        .iter()
        .map(|(x, y, w)| format!("M{x} {y}h{w}v1h-{w}z"))
        .collect();
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="28mm" height="28mm" shape-rendering="crispEdges"><path d="{d}"/></svg>"#
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn chromium(dir: &Path, certs: &[Cert], title: &str, date: &str) -> Option<(Duration, f64)> {
    let bin = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| which(b))?;
    let mut html = String::from(
        r#"<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4 landscape; margin: 0 }
body { margin: 0; font-family: "DejaVu Sans", sans-serif }
.page { width: 297mm; height: 210mm; box-sizing: border-box; padding: 18mm 20mm; border: 2.2pt solid #444; page-break-after: always; position: relative; text-align: center }
h1 { font-family: "DejaVu Serif", serif; font-size: 36pt; margin: 12mm 0 4mm }
.name { font-family: "DejaVu Serif", serif; font-weight: bold; font-size: 24pt; margin: 6mm 0 2mm }
.qr { position: absolute; left: 18mm; bottom: 15mm } .sig { position: absolute; left: 123mm; bottom: 20mm }
.logo { position: absolute; top: 18mm; width: 24mm; height: 24mm } .l { left: 20mm } .r { right: 20mm }
.ttd { position: absolute; right: 40mm; bottom: 40mm; width: 48mm } .cap { position: absolute; right: 75mm; bottom: 38mm; width: 24mm }
</style></head><body>"#,
    );
    for c in certs {
        html.push_str(&format!(
            r#"<div class="page"><h1>SERTIFIKAT</h1><div>diberikan kepada</div><div class="name">{}</div><div>NIP. {}</div><div>{}</div><p>atas partisipasinya sebagai peserta Sosialisasi dan Deklarasi Netralitas Aparatur Sipil Negara dengan tema &ldquo;{}&rdquo; pada {}.</p><div class="sig">{}</div><div class="qr">{}</div><img class="logo l" src="logo-kiri.png"><img class="logo r" src="logo-kanan.png"><img class="ttd" src="ttd.png"><img class="cap" src="cap.png"></div>"#,
            escape(&c.name), c.nip, escape(&c.unit), escape(title), date, svg_signature(c), svg_qr(c)
        ));
    }
    html.push_str("</body></html>");
    let input = dir.join("certs.html");
    std::fs::write(&input, html).ok()?;
    let output = dir.join("chromium.pdf");
    let once = || -> Option<Duration> {
        let t = Instant::now();
        let status = Command::new(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--print-to-pdf={}", output.display()))
            .arg(format!("file://{}", input.display()))
            .stderr(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| t.elapsed())
    };
    once()?; // cold run, not counted
    let t = median((0..3).map(|_| once()).collect::<Option<Vec<_>>>()?);
    let kb = std::fs::metadata(&output).ok()?.len() as f64 / 1024.0 / certs.len() as f64;
    Some((t, kb))
}

fn typst(dir: &Path, certs: &[Cert], title: &str, date: &str) -> Option<(Duration, f64)> {
    let ok = Command::new("python3")
        .args(["-c", "import typst"])
        .status()
        .ok()?
        .success();
    if !ok {
        return None;
    }
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut typ = String::from(
        "#set page(paper: \"a4\", flipped: true, margin: (x: 20mm, y: 18mm))\n#set text(font: \"DejaVu Sans\", size: 11pt, lang: \"id\")\n#set align(center)\n",
    );
    for (i, c) in certs.iter().enumerate() {
        if i > 0 {
            typ.push_str("#pagebreak()\n");
        }
        typ.push_str(&format!(
            "#rect(width: 100%, height: 100%, stroke: 2.2pt + luma(60))[\n#v(10mm)\n#text(font: \"DejaVu Serif\", size: 36pt, weight: \"bold\")[SERTIFIKAT]\n\ndiberikan kepada\n\n#text(font: \"DejaVu Serif\", size: 24pt, weight: \"bold\")[{}]\n\nNIP. {}\n\n{}\n\natas partisipasinya sebagai peserta Sosialisasi dan Deklarasi Netralitas Aparatur Sipil Negara dengan tema \"{}\" pada {}.\n#place(bottom + center, image(bytes(\"{}\"), format: \"svg\", width: 50mm))\n#place(bottom + left, image(bytes(\"{}\"), format: \"svg\", width: 28mm))\n#place(top + left, image(\"logo-kiri.png\", width: 24mm))\n#place(top + right, image(\"logo-kanan.png\", width: 24mm))\n#place(bottom + right, dx: -20mm, dy: -20mm, image(\"ttd.png\", width: 48mm))\n#place(bottom + right, dx: -55mm, dy: -18mm, image(\"cap.png\", width: 24mm))\n]\n",
            q(&c.name).replace('#', "\\#"), c.nip, q(&c.unit).replace('#', "\\#"), q(title), date, q(&svg_signature(c)), q(&svg_qr(c))
        ));
    }
    let input = dir.join("certs.typ");
    std::fs::write(&input, typ).ok()?;
    let output = dir.join("typst.pdf");
    let once = || -> Option<Duration> {
        let t = Instant::now();
        let out = Command::new("python3")
            .args([
                "-c",
                "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])",
            ])
            .arg(&input)
            .arg(&output)
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!("typst: {}", String::from_utf8_lossy(&out.stderr));
            return None;
        }
        Some(t.elapsed())
    };
    let t = median((0..5).map(|_| once()).collect::<Option<Vec<_>>>()?);
    let kb = std::fs::metadata(&output).ok()?.len() as f64 / 1024.0 / certs.len() as f64;
    Some((t, kb))
}

fn which(bin: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {bin} >/dev/null")])
        .status()
        .is_ok_and(|s| s.success())
}
