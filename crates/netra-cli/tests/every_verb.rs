//! Every verb of `netra` once, in a working order, on one temporary
//! database, each with `--json` (its output must parse). The list of verbs
//! is read from `netra --help` itself, so a new verb without a line here
//! fails this test.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{netra, temp_db};

/// The leaf commands as `--help` lists them ("event create", "verify", …).
fn verbs(db: &Path, path: &[&str]) -> Vec<String> {
    let mut args: Vec<&str> = path.to_vec();
    args.push("--help");
    let help = netra(db, &args).stdout;
    let children: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    if children.is_empty() {
        return vec![path.join(" ")];
    }
    children
        .iter()
        .flat_map(|c| {
            let mut next = path.to_vec();
            next.push(c);
            verbs(db, &next)
        })
        .collect()
}

/// One JSON value, or JSON Lines (what a running `netra hub` reports).
fn parse(verb: &str, stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|whole| {
        let lines: Result<Vec<serde_json::Value>, _> = stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str)
            .collect();
        match lines {
            Ok(values) if !values.is_empty() => serde_json::Value::Array(values),
            _ => panic!("{verb}: not JSON ({whole}): {stdout}"),
        }
    })
}

#[test]
fn every_verb_runs_with_json_on_one_database() {
    let (dir, db) = temp_db();
    let d = |name: &str| dir.path().join(name).to_str().expect("path").to_string();
    let mut ran: BTreeSet<String> = BTreeSet::new();
    let mut json = |verb: &str, args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = netra(&db, &all);
        assert_eq!(out.code, 0, "{verb}: {}{}", out.stdout, out.stderr);
        ran.insert(verb.to_string());
        parse(verb, &out.stdout)
    };

    json("demo", &["demo", "--people", "12"]);
    let created = json(
        "event create",
        &[
            "event",
            "create",
            "--title",
            "Acara Kedua",
            "--kind",
            "sosialisasi",
            "--organizer",
            "Bawaslu Kota",
            "--place",
            "Aula",
            "--start",
            "2099-02-01 09:00",
        ],
    );
    let second = created["event"]["id"].as_i64().expect("id").to_string();
    json("event list", &["event", "list"]);
    json("event show", &["event", "show", "1"]);
    json(
        "event edit",
        &["event", "edit", &second, "--place", "Aula Utama"],
    );
    json("event archive", &["event", "archive", &second]);
    json("event restore", &["event", "restore", &second]);
    json("event close", &["event", "close", &second]);
    json("event reopen", &["event", "reopen", &second]);
    json(
        "event retention",
        &["event", "retention", &second, "--until", "2100-01-01"],
    );

    let roster = d("undangan.csv");
    std::fs::write(
        &roster,
        "No;NAMA LENGKAP;NIP/NI PPPK;Jabatan;OPD\r\n1;Siti Aminah;199001152022212003;Guru;Dinas Pendidikan\r\n",
    )
    .expect("write");
    json(
        "roster import",
        &["roster", "import", &roster, "--event", &second, "--yes"],
    );
    let people = json("roster list", &["roster", "list", "--event", "1"]);
    let person = people
        .as_array()
        .and_then(|p| p.first())
        .or_else(|| people["people"].as_array().and_then(|p| p.first()))
        .and_then(|p| p["id"].as_i64())
        .expect("a person id")
        .to_string();
    json("roster checkin", &["roster", "checkin", &person]);
    json(
        "roster export",
        &["roster", "export", "--event", "1", "-o", &d("hadir.csv")],
    );
    json(
        "event erase",
        &["event", "erase", &second, "--confirm", "Acara Kedua"],
    );

    let sign = netra(
        &db,
        &["declaration", "sign-script", "--event", "1", "--count", "4"],
    );
    assert_eq!(sign.code, 0, "{}", sign.stderr);
    let list = json("declaration list", &["declaration", "list", "--event", "1"]);
    let first = list
        .as_array()
        .and_then(|d| d.first())
        .or_else(|| list["declarations"].as_array().and_then(|d| d.first()))
        .and_then(|d| d["id"].as_i64())
        .expect("a declaration id")
        .to_string();
    json(
        "declaration void",
        &["declaration", "void", &first, "--reason", "Salah orang"],
    );
    json("verify", &["verify", "--event", "1"]);
    let printed = json(
        "pdf",
        &["pdf", "berita-acara", "--event", "1", "-o", &d("ba.pdf")],
    );
    let code = printed["codes"][0].as_str().expect("a QR code").to_string();
    json("verify-qr", &["verify-qr", &code]);
    json("verify-pdf", &["verify-pdf", &d("ba.pdf")]);

    let key = json("key show", &["key", "show"]);
    let other = {
        let (_o, other_db) = temp_db();
        let shown = netra(&other_db, &["--json", "key", "show"]);
        serde_json::from_str::<serde_json::Value>(&shown.stdout).expect("json")["public_key"]
            .as_str()
            .expect("key")
            .to_string()
    };
    assert_ne!(key["public_key"].as_str(), Some(other.as_str()));
    let imported = json(
        "key import",
        &["key", "import", &other, "--label", "Kabupaten lain"],
    );
    json("key list", &["key", "list"]);
    let key_id = imported["key_id"].as_str().expect("key id").to_string();
    json("key remove", &["key", "remove", &key_id]);

    json(
        "hub",
        &[
            "hub",
            "--event",
            "1",
            "--listen",
            "127.0.0.1:0",
            "--for",
            "1",
            "--grace",
            "0",
        ],
    );

    let deck = d("deck.md");
    std::fs::write(
        &deck,
        "---\ntitle: Uji\n---\n\n# Netralitas ASN\n\nSatu slide.\n",
    )
    .expect("write");
    json("deck check", &["deck", "check", &deck]);
    let stored = json("deck import", &["deck", "import", &deck]);
    let deck_id = stored["id"]
        .as_i64()
        .or_else(|| stored["deck"]["id"].as_i64())
        .expect("deck id")
        .to_string();
    json("deck list", &["deck", "list"]);
    json(
        "deck export",
        &["deck", "export", "--id", &deck_id, "-o", &d("keluar.md")],
    );
    json(
        "deck use",
        &["deck", "use", "--event", "1", "--id", &deck_id],
    );

    // The app icon: a PNG with a transparent ground, fit for every slot.
    let icon = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/icons/icon.png")
        .to_str()
        .expect("path")
        .to_string();
    let lh = json(
        "letterhead add",
        &[
            "letterhead",
            "add",
            "--line",
            "Badan Pengawas Pemilihan Umum",
            "--line",
            "Kabupaten Solok",
            "--address",
            "Jl. Raya Koto Baru No. 1",
            "--logo",
            &icon,
        ],
    );
    let lh_id = lh["id"].as_i64().expect("letterhead id").to_string();
    json("letterhead list", &["letterhead", "list"]);
    let set = json(
        "papers set",
        &[
            "papers",
            "set",
            "--event",
            "1",
            "--letterhead",
            &lh_id,
            "--logo-left",
            &icon,
            "--signature",
            &icon,
            "--stamp",
            &icon,
            "--materai",
            "on",
        ],
    );
    assert_eq!(set["materai"], true);
    let set = json(
        "papers set",
        &[
            "papers",
            "set",
            "--event",
            "1",
            "--design",
            "modern",
            "--layout",
            "judul=tidak,nama_y=80,ttd_y=140",
            "--detailed",
            "on",
        ],
    );
    assert_eq!(set["design"], "modern");
    assert_eq!(set["layout"]["name_y"], 80);
    assert_eq!(set["detailed"], true);
    json("papers show", &["papers", "show", "--event", "1"]);
    json(
        "papers set",
        &["papers", "set", "--event", "1", "--letterhead", "0"],
    );
    json("letterhead remove", &["letterhead", "remove", &lh_id]);

    json("backup", &["backup", "-o", &d("cadangan.db")]);
    json("restore", &["restore", &d("cadangan.db")]);
    json("audit", &["audit", "--event", "1"]);

    let archive = d("acara.netra");
    json(
        "archive export",
        &[
            "archive",
            "export",
            "--event",
            "1",
            "-o",
            &archive,
            "--with-pdf",
        ],
    );
    json("archive inspect", &["archive", "inspect", &archive]);
    // Imported where the event is not: after erasing it here.
    let title = json("event show", &["event", "show", "1"])["title"]
        .as_str()
        .expect("title")
        .to_string();
    json("event erase", &["event", "erase", "1", "--confirm", &title]);
    let done = json("archive import", &["archive", "import", &archive]);
    let import_id = done["id"].as_i64().expect("import id").to_string();
    let listed = json("archive list", &["archive", "list"]);
    json("archive verify", &["archive", "verify", &import_id]);
    let doc = listed[0]["documents"][0]
        .as_str()
        .expect("document")
        .to_string();
    json(
        "archive document",
        &["archive", "document", &import_id, &doc, "-o", &d("dok.pdf")],
    );
    json("archive remove", &["archive", "remove", &import_id]);

    // `generate` opens no database and writes files, not JSON.
    for (verb, args) in [
        (
            "generate completions",
            vec!["generate", "completions", "--shell", "bash"],
        ),
        ("generate man", vec!["generate", "man", "-o", &d("man")]),
    ] {
        let out = netra(&db, &args);
        assert_eq!(out.code, 0, "{verb}: {}", out.stderr);
        ran.insert(verb.to_string());
    }

    let all: BTreeSet<String> = verbs(&db, &[]).into_iter().collect();
    let missing: Vec<_> = all.difference(&ran).collect();
    assert!(missing.is_empty(), "verbs this test never ran: {missing:?}");
}
