//! Durability: a child process signs 1,000 scripted declarations while this
//! test kills it (`SIGKILL`) at random moments. After every kill the chain
//! must verify and every declaration the child reported as committed must
//! be there, with its strokes.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use netra_core::declaration::chain;
use netra_core::keys::{self, InstallationKey};
use netra_core::keys::{KeySource, TrustedKeys};

const PEOPLE: usize = 1_000;
const KILLS: usize = 30;

fn netra(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_netra"));
    cmd.arg("--db").arg(db).env_remove("NETRA_DB");
    cmd
}

/// A small xorshift so the kill moments differ per run but can be replayed.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn killing_the_signer_at_random_moments_loses_no_committed_declaration() {
    // On disk (not tmpfs), so commits really go through fsync.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("dir");
    let db = dir.path().join("netra.db");
    let status = netra(&db)
        .args(["demo", "--people", &PEOPLE.to_string()])
        .stdout(Stdio::null())
        .status()
        .expect("demo");
    assert!(status.success());

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 | 1)
        .unwrap_or(88_172_645_463_325_252);
    eprintln!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let mut reported: HashSet<String> = HashSet::new();
    let mut kills = 0;
    let started = Instant::now();
    loop {
        let mut child = netra(&db)
            .args(["declaration", "sign-script", "--event", "1", "--count"])
            .arg(PEOPLE.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("child starts");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("committed ").map(|r| r.to_string()))
                .filter_map(|r| r.split(' ').next().map(str::to_string))
                .collect::<Vec<_>>()
        });
        let finished = if kills < KILLS {
            // From "still opening the database" to "deep in a batch". Kept
            // short enough that 1,000 signers outlast 30 kills on a fast
            // machine (a CI run once signed everyone after 14 kills).
            std::thread::sleep(Duration::from_millis(5 + rng.below(200)));
            let done = child.try_wait().expect("try_wait").is_some();
            if !done {
                child.kill().expect("SIGKILL");
                kills += 1;
            }
            let status = child.wait().expect("wait");
            done && status.success()
        } else {
            let out = child.wait_with_output().expect("finish");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            true
        };
        reported.extend(reader.join().expect("reader"));
        check(&db, &reported, kills);
        if finished {
            break;
        }
    }
    let conn = netra_core::db::open(&db).expect("open");
    let total: i64 = conn
        .query_row("SELECT COUNT(*) FROM declarations", [], |r| r.get(0))
        .expect("count");
    assert_eq!(total, PEOPLE as i64, "everyone signed exactly once");
    assert!(kills >= KILLS / 2, "only {kills} kills landed");
    eprintln!(
        "{kills} kills, {} declarations reported committed, {total} stored, {:.1} s",
        reported.len(),
        started.elapsed().as_secs_f64()
    );
}

fn check(db: &Path, reported: &HashSet<String>, kills: usize) {
    let conn = netra_core::db::open(db).expect("reopen after kill");
    let key_path = keys::path_for(db);
    if !key_path.exists() {
        assert!(reported.is_empty(), "signed without a key file");
        return;
    }
    let key = InstallationKey::load(&key_path).expect("key survives");
    let report = chain::verify(
        &conn,
        1,
        &TrustedKeys::only(&[key.verifying_key()], KeySource::Given),
    )
    .expect("verify");
    assert!(report.ok(), "after kill {kills}: {:?}", report.findings);
    let stored: HashSet<String> = conn
        .prepare(
            "SELECT d.submission_id FROM declarations d
             JOIN signatures s ON s.declaration_id = d.id",
        )
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("ids");
    let lost: Vec<_> = reported.difference(&stored).collect();
    assert!(lost.is_empty(), "after kill {kills}: lost {lost:?}");
    let declarations: i64 = conn
        .query_row("SELECT COUNT(*) FROM declarations", [], |r| r.get(0))
        .expect("count");
    assert_eq!(declarations as usize, stored.len(), "half records");
}
