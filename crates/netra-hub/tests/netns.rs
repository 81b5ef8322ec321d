//! The hub across a real (if small) network: two network namespaces joined
//! by a veth pair, the hub in namespace A, tablets and phones in namespace
//! B, with packet loss and jitter on the link. Every signature must land
//! exactly once however often the clients had to retry.
//!
//! Needs root (it makes namespaces, links and firewall rules, and removes
//! them again on every way out). Without root, or where `ip netns add`
//! fails, the test FAILS and says so; `NETRA_SKIP_NETNS=1` skips it with a
//! loud notice.
//!
//! In-process: a thread that entered namespace A with `setns(2)` starts the
//! hub (its listener and its runtime's threads are made there); a thread in
//! namespace B runs a single-threaded tokio runtime with the clients, so
//! every client socket is made in B. Traffic goes only to the addresses of
//! the two namespaces this test makes, and to loopback inside B.
//!
//! Loss and delay: `tc ... netem loss 10% delay 100ms 200ms` on both ends
//! when the kernel has netem; otherwise nftables `numgen random mod 10 < 1
//! drop` on the input of each end (real loss, real TCP retransmits) plus
//! a TCP relay on B's loopback that holds each chunk 0–200 ms (order
//! kept), through which half of the clients connect.

mod common;

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{retrying, signature, Ack, Api, Failure, HallDb, PHONE_PAD, TABLET_PAD};
use netra_core::declaration::{Receipt, Submission};
use netra_core::ErrorCode;
use netra_hub::Hub;

const DEVICES: usize = 4;
const PER_DEVICE: usize = 20;
const PHONES: usize = 40;
/// Each call gives up after this; the client then retries (same
/// `submission_id` for a submit).
const CALL_TIMEOUT: Duration = Duration::from_secs(2);
/// Tries per call before the test gives up on it.
const ATTEMPTS: u32 = 40;
/// One accepted submit in this many is sent once more on purpose.
const RESEND_EVERY: usize = 8;
/// One submit in this many first goes where its answer is lost.
const LOSE_EVERY: usize = 6;
const PREFIX: &str = "ntrhub";

fn run(cmd: &[&str], stdin: Option<&str>) -> Result<(), String> {
    let mut child = Command::new(cmd[0])
        .args(&cmd[1..])
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("`{}` could not run: {e}", cmd.join(" ")))?;
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        use std::io::Write;
        pipe.write_all(text.as_bytes())
            .map_err(|e| format!("`{}`: {e}", cmd.join(" ")))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("`{}`: {e}", cmd.join(" ")))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{}` failed ({}): {}",
            cmd.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Two namespaces and the veth pair between them; removed on drop
/// (deleting a namespace removes its end of the pair and its rules).
struct Net {
    a: String,
    b: String,
    veth_a: String,
    veth_b: String,
    addr_a: Ipv4Addr,
    addr_b: Ipv4Addr,
}

impl Net {
    fn create() -> Result<Net, String> {
        let pid = std::process::id();
        let x = (pid % 250 + 1) as u8;
        let net = Net {
            a: format!("{PREFIX}-a-{pid}"),
            b: format!("{PREFIX}-b-{pid}"),
            veth_a: format!("nra{pid}"),
            veth_b: format!("nrb{pid}"),
            addr_a: Ipv4Addr::new(10, 200, x, 1),
            addr_b: Ipv4Addr::new(10, 200, x, 2),
        };
        // From here on, Drop cleans up whatever part was made.
        run(&["ip", "netns", "add", &net.a], None)?;
        run(&["ip", "netns", "add", &net.b], None)?;
        run(
            &[
                "ip",
                "link",
                "add",
                &net.veth_a,
                "netns",
                &net.a,
                "type",
                "veth",
                "peer",
                "name",
                &net.veth_b,
                "netns",
                &net.b,
            ],
            None,
        )?;
        for (ns, dev, addr) in [
            (&net.a, &net.veth_a, net.addr_a),
            (&net.b, &net.veth_b, net.addr_b),
        ] {
            run(
                &[
                    "ip",
                    "-n",
                    ns,
                    "addr",
                    "add",
                    &format!("{addr}/24"),
                    "dev",
                    dev,
                ],
                None,
            )?;
            run(&["ip", "-n", ns, "link", "set", dev, "up"], None)?;
            run(&["ip", "-n", ns, "link", "set", "lo", "up"], None)?;
        }
        Ok(net)
    }

    fn ends(&self) -> [(&str, &str); 2] {
        [(&self.a, &self.veth_a), (&self.b, &self.veth_b)]
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        for ns in [&self.a, &self.b] {
            let _ = run(&["ip", "netns", "del", ns], None);
        }
    }
}

/// Namespaces left by an earlier run of this test that was killed
/// (SIGKILL runs no Drop): those whose process is gone.
fn remove_stale() {
    let Ok(out) = Command::new("ip").args(["netns", "list"]).output() else {
        return;
    };
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        let Some(pid) = name
            .strip_prefix(&format!("{PREFIX}-a-"))
            .or_else(|| name.strip_prefix(&format!("{PREFIX}-b-")))
        else {
            continue;
        };
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = run(&["ip", "netns", "del", name], None);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Impairment {
    /// netem on both ends: loss and delay in the kernel.
    Netem,
    /// nftables drops + a jitter relay in namespace B.
    NftAndRelay,
}

fn impair(net: &Net) -> Result<Impairment, String> {
    let netem = net.ends().iter().try_for_each(|(ns, dev)| {
        run(
            &[
                "ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", dev, "root", "netem",
                "loss", "10%", "delay", "100ms", "200ms",
            ],
            None,
        )
    });
    match netem {
        Ok(()) => return Ok(Impairment::Netem),
        Err(why) => {
            eprintln!("netns: netem not available ({why}); using nftables loss + a jitter relay")
        }
    }
    for (ns, dev) in net.ends() {
        let _ = run(
            &[
                "ip", "netns", "exec", ns, "tc", "qdisc", "del", "dev", dev, "root",
            ],
            None,
        );
        let rules = format!(
            "table inet netra_loss {{\n  chain input {{\n    type filter hook input priority 0; policy accept;\n    iifname \"{dev}\" numgen random mod 10 < 1 counter drop\n  }}\n}}\n"
        );
        run(&["ip", "netns", "exec", ns, "nft", "-f", "-"], Some(&rules))?;
    }
    Ok(Impairment::NftAndRelay)
}

/// Packets the loss rules dropped so far, per end.
fn dropped(net: &Net) -> Vec<u64> {
    net.ends()
        .iter()
        .map(|(ns, _)| {
            let out = Command::new("ip")
                .args([
                    "netns",
                    "exec",
                    ns,
                    "nft",
                    "list",
                    "table",
                    "inet",
                    "netra_loss",
                ])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            out.split_once("packets ")
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        })
        .collect()
}

/// Moves the calling thread into the named network namespace.
fn enter(ns: &str) {
    use std::os::fd::AsRawFd;
    let file = std::fs::File::open(format!("/run/netns/{ns}"))
        .unwrap_or_else(|e| panic!("open /run/netns/{ns}: {e}"));
    // SAFETY: setns on a valid namespace fd affects only this thread.
    let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
    assert_eq!(rc, 0, "setns({ns}): {}", std::io::Error::last_os_error());
}

/// TCP relays on B's loopback towards the hub: one that delivers each
/// chunk 0–200 ms late (order kept), and one that passes the request on
/// but loses the answer (closes on the client as the answer starts: the
/// signature is committed, the tablet never hears so).
mod relay {
    use std::net::SocketAddr;
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::time::Instant;

    pub const MAX_DELAY_MS: u64 = 200;

    #[derive(Clone, Copy)]
    pub enum Mode {
        /// Each chunk held 0–`MAX_DELAY_MS`, both ways.
        Jitter,
        /// Requests pass; the first byte of an answer closes the connection.
        LoseAnswers,
    }

    pub async fn run(listener: TcpListener, upstream: SocketAddr, mode: Mode) {
        let mut seed = 1;
        while let Ok((inbound, _)) = listener.accept().await {
            seed += 2;
            tokio::spawn(async move {
                let Ok(outbound) = TcpStream::connect(upstream).await else {
                    return;
                };
                let _ = outbound.set_nodelay(true);
                let _ = inbound.set_nodelay(true);
                let (ri, wi) = inbound.into_split();
                let (ro, wo) = outbound.into_split();
                match mode {
                    Mode::Jitter => {
                        tokio::join!(pump(ri, wo, seed), pump(ro, wi, seed + 1));
                    }
                    Mode::LoseAnswers => {
                        let up = pump_now(ri, wo);
                        let down = async move {
                            let mut ro = ro;
                            let mut byte = [0u8; 1];
                            // The answer exists: the work is done. Drop it
                            // and the client's connection with it.
                            let _ = ro.read(&mut byte).await;
                            drop(wi);
                        };
                        tokio::select! { _ = up => {}, _ = down => {} }
                    }
                }
            });
        }
    }

    async fn pump_now(mut from: OwnedReadHalf, mut to: OwnedWriteHalf) {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n) = from.read(&mut buf).await {
            if n == 0 || to.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    }

    async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, seed: u64) {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
        let reader = async move {
            let mut rng = fastrand::Rng::with_seed(seed);
            let mut last = Instant::now();
            let mut buf = vec![0u8; 16 * 1024];
            loop {
                match from.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let delay = Duration::from_millis(rng.u64(..=MAX_DELAY_MS));
                        let at = (Instant::now() + delay).max(last);
                        last = at;
                        if tx.send((at, buf[..n].to_vec())).is_err() {
                            break;
                        }
                    }
                }
            }
        };
        let writer = async move {
            while let Some((at, data)) = rx.recv().await {
                tokio::time::sleep_until(at).await;
                if to.write_all(&data).await.is_err() {
                    return;
                }
            }
            let _ = to.shutdown().await;
        };
        tokio::join!(reader, writer);
    }
}

/// What the clients saw.
#[derive(Default)]
struct Seen {
    /// Every receipt per submission, in the order they came.
    receipts: HashMap<String, (Submission, Vec<Receipt>)>,
    retries: u32,
    timeouts: u32,
    resent: u32,
    /// First sends whose answer was lost on purpose.
    lost_answers: u32,
    errors: Vec<String>,
}

impl Seen {
    fn add(&mut self, other: Seen) {
        for (k, (sub, mut r)) in other.receipts {
            self.receipts
                .entry(k)
                .or_insert_with(|| (sub, Vec::new()))
                .1
                .append(&mut r);
        }
        self.retries += other.retries;
        self.timeouts += other.timeouts;
        self.resent += other.resent;
        self.lost_answers += other.lost_answers;
        self.errors.extend(other.errors);
    }

    /// Retries `f` (network failures, `busy`) and counts what happened.
    async fn call<T, F, Fut>(&mut self, what: &str, f: F) -> Option<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, Failure>>,
    {
        let counting = CountTimeouts::default();
        let c = &counting;
        let mut f = f;
        let (result, retries) = retrying(ATTEMPTS, || {
            let fut = f();
            async move {
                let r = fut.await;
                if let Err(Failure::Network { timeout: true, .. }) = &r {
                    c.0.set(c.0.get() + 1);
                }
                r
            }
        })
        .await;
        self.retries += retries;
        self.timeouts += counting.0.get();
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(format!("{what}: {e}"));
                None
            }
        }
    }

    /// Submits until a receipt comes (same id every time), then, now and
    /// then, once more on purpose. With `lose_first`, the first send goes
    /// through the relay that loses answers: committed, but unheard.
    async fn sign(&mut self, api: &Api, sub: Submission, resend: bool, lose_first: Option<&str>) {
        if let Some(base) = lose_first {
            // Long enough to wait for the answer the relay then loses.
            let mut lossy = Api::new(base, Duration::from_secs(20));
            lossy.token = api.token.clone();
            self.lost_answers += 1;
            match lossy.submit(&sub).await {
                Err(Failure::Network { .. }) => {}
                other => self.errors.push(format!(
                    "{}: the answer should have been lost, got {other:?}",
                    sub.submission_id
                )),
            }
        }
        let Some(receipt) = self.call(&sub.submission_id, || api.submit(&sub)).await else {
            return;
        };
        let mut got = vec![receipt];
        if resend {
            self.resent += 1;
            if let Some(again) = self.call(&sub.submission_id, || api.submit(&sub)).await {
                got.push(again);
            }
        }
        self.receipts.insert(sub.submission_id.clone(), (sub, got));
    }
}

#[derive(Default)]
struct CountTimeouts(std::cell::Cell<u32>);

/// Finds `person` (name, then NIP) and opens their card; whether it worked.
async fn find(seen: &mut Seen, api: &Api, person: &netra_core::roster::person::Person) -> bool {
    let typed = common::typed_name(&person.name);
    let mut shown = match seen.call("find", || api.find(&typed)).await {
        Some(s) => s.matches.iter().any(|m| m.person_id == person.id),
        None => return false,
    };
    if !shown {
        if let Some(nip) = &person.nip {
            shown = seen
                .call("find nip", || api.find(nip))
                .await
                .is_some_and(|s| s.matches.iter().any(|m| m.person_id == person.id));
        }
    }
    if !shown {
        seen.errors
            .push(format!("person {} not found by search", person.id));
        return false;
    }
    seen.call("person", || api.person(person.id))
        .await
        .is_some()
}

async fn device(
    hub: &Hub,
    (base, lossy): (String, String),
    n: usize,
    people: Vec<netra_core::roster::person::Person>,
    pledge: String,
) -> Seen {
    let mut seen = Seen::default();
    let mut api = Api::new(&base, CALL_TIMEOUT);
    // A pairing token is good once: after an answer that never came, the
    // pairing may have happened; the organiser shows a new code.
    let mut paired = false;
    for _ in 0..ATTEMPTS {
        let token = common::fragment_token(&hub.pairing().url, "pair").expect("pairing token");
        match api.pair(&token, &format!("Tablet {n}")).await {
            Ok(_) => {
                paired = true;
                break;
            }
            Err(e) if e.retryable() => {
                seen.retries += 1;
                tokio::time::sleep(e.wait()).await;
            }
            Err(e) => {
                seen.errors.push(format!("device {n} pair: {e}"));
                break;
            }
        }
    }
    if !paired {
        seen.errors.push(format!("device {n} never paired"));
        return seen;
    }
    for (i, person) in people.iter().enumerate() {
        if !find(&mut seen, &api, person).await {
            continue;
        }
        let sig = signature(person.id as u64, TABLET_PAD);
        let sub = Submission {
            submission_id: format!("netns-d{n}-{i:03}-{}", person.id),
            person_id: person.id,
            pledge_hash: pledge.clone(),
            strokes: sig.strokes,
            png: Some(sig.png),
        };
        let lose = (i % LOSE_EVERY == 1).then_some(lossy.as_str());
        seen.sign(&api, sub, i % RESEND_EVERY == 3, lose).await;
    }
    seen
}

async fn phone(
    hub: &Hub,
    (base, lossy): (String, String),
    n: usize,
    person: netra_core::roster::person::Person,
) -> Seen {
    let mut seen = Seen::default();
    let mut api = Api::new(&base, CALL_TIMEOUT);
    // A lost answer leaves a session nobody uses: scan again.
    let mut opened = false;
    for _ in 0..ATTEMPTS {
        let code = hub.phone_code().expect("phones open").url;
        let token = common::fragment_token(&code, "phone").expect("phone token");
        match api.phone(&token).await {
            Ok(_) => {
                opened = true;
                break;
            }
            Err(e) if e.retryable() || e.code() == Some(ErrorCode::Unauthorized) => {
                seen.retries += 1;
                tokio::time::sleep(e.wait()).await;
            }
            Err(e) => {
                seen.errors.push(format!("phone {n} open: {e}"));
                break;
            }
        }
    }
    if !opened {
        seen.errors.push(format!("phone {n} never opened"));
        return seen;
    }
    let Some(session) = seen.call("session", || api.session()).await else {
        return seen;
    };
    if !find(&mut seen, &api, &person).await {
        return seen;
    }
    let sig = signature(person.id as u64, PHONE_PAD);
    let sub = Submission {
        submission_id: format!("netns-p{n:03}-{}", person.id),
        person_id: person.id,
        pledge_hash: session.session.pledge.content_hash,
        strokes: sig.strokes,
        png: Some(sig.png),
    };
    let lose = (n % LOSE_EVERY == 2).then_some(lossy.as_str());
    seen.sign(&api, sub, n % RESEND_EVERY == 5, lose).await;
    seen
}

#[test]
fn every_signature_lands_once_across_a_lossy_jittery_link() {
    if std::env::var("NETRA_SKIP_NETNS").is_ok_and(|v| v == "1") {
        eprintln!();
        eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        eprintln!("!!! NETRA_SKIP_NETNS=1: the network-namespace test did NOT run.     !!!");
        eprintln!("!!! The hub was not tested across a lossy link. Run it as root.     !!!");
        eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        return;
    }
    // SAFETY: geteuid has no preconditions.
    let euid = unsafe { libc::geteuid() };
    assert_eq!(
        euid, 0,
        "tests/netns.rs needs root to make network namespaces (euid is {euid}); \
         run the tests as root, or set NETRA_SKIP_NETNS=1 to skip it knowingly"
    );
    let began = Instant::now();
    remove_stale();
    let net = Net::create().unwrap_or_else(|e| {
        panic!("could not build the test network (ip netns / veth): {e}; set NETRA_SKIP_NETNS=1 to skip it knowingly")
    });
    let method = impair(&net).unwrap_or_else(|e| panic!("could not add loss to the link: {e}"));
    eprintln!(
        "netns: hub in {} ({}), clients in {} ({}), impairment: {}",
        net.a,
        net.addr_a,
        net.b,
        net.addr_b,
        match method {
            Impairment::Netem => "tc netem loss 10% delay 100ms 200ms on both ends".to_string(),
            Impairment::NftAndRelay => format!(
                "nftables numgen random mod 10 < 1 drop on both ends' input (10% loss each way) + userspace relay in {} delaying each chunk 0-{} ms (half of the clients)",
                net.b,
                relay::MAX_DELAY_MS
            ),
        }
    );

    let signers = DEVICES * PER_DEVICE + PHONES;
    let db = HallDb::new(300);
    let pledge = db.pledge_hash();
    let people = db.people();
    let (hub_ns, client_ns) = (net.a.clone(), net.b.clone());
    let listen = SocketAddr::from((net.addr_a, 0));

    let hub = std::thread::scope(|s| {
        s.spawn(|| {
            enter(&hub_ns);
            db.start_hub(listen, true)
        })
        .join()
        .expect("hub thread")
    });
    let direct = hub.base_url().to_string();
    assert!(direct.contains(&net.addr_a.to_string()), "hub at {direct}");

    let seen = std::thread::scope(|s| {
        let hub = &hub;
        let people = &people;
        let pledge = &pledge;
        s.spawn(move || {
            enter(&client_ns);
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("client runtime");
            rt.block_on(async move {
                let relay = |mode| async move {
                    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                        .await
                        .expect("relay listens");
                    let at = listener.local_addr().expect("relay address");
                    tokio::spawn(relay::run(listener, hub.address(), mode));
                    format!("http://{at}")
                };
                let jitter = match method {
                    Impairment::Netem => None,
                    Impairment::NftAndRelay => Some(relay(relay::Mode::Jitter).await),
                };
                let lossy = relay(relay::Mode::LoseAnswers).await;
                let base = |i: usize| match (&jitter, i % 2) {
                    (Some(r), 0) => (r.clone(), lossy.clone()),
                    _ => (direct.clone(), lossy.clone()),
                };
                let mut devices = Vec::new();
                for d in 0..DEVICES {
                    let mine = people[d * PER_DEVICE..(d + 1) * PER_DEVICE].to_vec();
                    devices.push(device(hub, base(d), d, mine, pledge.clone()));
                }
                let mut phones = Vec::new();
                for p in 0..PHONES {
                    let person = people[DEVICES * PER_DEVICE + p].clone();
                    phones.push(phone(hub, base(p), p, person));
                }
                let (a, b) = tokio::join!(futures_join_all(devices), futures_join_all(phones));
                let mut seen = Seen::default();
                for s in a.into_iter().chain(b) {
                    seen.add(s);
                }
                seen
            })
        })
        .join()
        .expect("client thread")
    });
    let took = began.elapsed();
    hub.stop();

    let recovered = seen
        .receipts
        .values()
        .filter(|(_, r)| r.first().is_some_and(|r| r.repeated))
        .count();
    eprintln!(
        "netns: {} submissions answered in {:.1} s; {} retries ({} timeouts); {} answers lost on purpose, {} retries of a committed submit came back repeated; {} resent on purpose",
        seen.receipts.len(),
        took.as_secs_f64(),
        seen.retries,
        seen.timeouts,
        seen.lost_answers,
        recovered,
        seen.resent
    );
    if method == Impairment::NftAndRelay {
        eprintln!(
            "netns: packets dropped by the loss rules (input of A, input of B): {:?}",
            dropped(&net)
        );
    }
    assert!(seen.errors.is_empty(), "client errors: {:#?}", seen.errors);
    assert_eq!(seen.receipts.len(), signers, "every signer got a receipt");
    // The relay closes as the answer starts, so each of those was committed
    // and its retry must have been told so.
    assert!(
        recovered >= seen.lost_answers as usize,
        "{recovered} retries came back repeated, {} answers were lost",
        seen.lost_answers
    );

    // Every answer for one submission names the same record; the first
    // answer that came is the signature unless a lost answer was retried.
    let mut acks = common::Acks::new();
    for (sid, (sub, receipts)) in &seen.receipts {
        let first = Ack::of(sub, &receipts[0]);
        for r in &receipts[1..] {
            assert!(
                r.repeated,
                "{sid}: a resend came back as a new signature: {r:?}"
            );
            assert!(first.same_record(r), "{sid}: receipts differ: {receipts:?}");
        }
        acks.insert(sid.clone(), first);
    }
    let audit = db.audit(&acks);
    assert!(audit.exact(), "audit: {audit:#?}");
    assert_eq!(audit.stored, signers, "declarations == people signed");
    let people_signed: std::collections::HashSet<i64> =
        db.declarations().iter().map(|(_, p, _, _)| *p).collect();
    assert_eq!(people_signed.len(), signers, "each person once");
    eprintln!(
        "netns: {} declarations, each submission once, chain verified ({} records); {:.1} s in all",
        audit.stored,
        audit.chain_records,
        began.elapsed().as_secs_f64()
    );
    drop(net);
}

/// Runs futures side by side on this task (no `futures` crate needed).
async fn futures_join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (f, slot) in futures.iter_mut().zip(out.iter_mut()) {
            if slot.is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => *slot = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(|v| v.expect("done")).collect()
}
