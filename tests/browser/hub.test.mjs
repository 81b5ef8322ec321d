// The hall hub's kiosk page in Debian's headless Chromium, the way tablets
// and phones use it: a tablet pairs and signs attendees in turn with touch,
// a phone signs once and is refused a second time, and a submit that loses
// its answer and then the network is retried with the same submission_id
// until a receipt comes back, saving exactly one declaration.
//
// Only 127.0.0.1 is contacted: the hub listens there, and Chromium is
// started with every other host unresolvable and its background services
// off. Run through run.sh (it builds what is missing).
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import {
  byId,
  drawWithTouch,
  launchChromium,
  newDevicePage,
  sleep,
  tap,
  typeInto,
  waitStep as waitStepIn,
} from "./chromium.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const shots = path.join(here, "screenshots");
mkdirSync(shots, { recursive: true });

const targetDir =
  process.env.CARGO_TARGET_DIR ??
  path.join(os.homedir(), ".cache/netra-target");
const NETRA = process.env.NETRA_BIN ?? path.join(targetDir, "debug/netra");
const WEB = process.env.NETRA_WEB ?? path.join(root, "ui/dist");

let dir;
let db;
let hub;
let hubExited;
let browser;
const events = [];
const waiters = [];
const offHost = [];

function cli(args) {
  return execFileSync(NETRA, ["--db", db, ...args], {
    encoding: "utf8",
    timeout: 30000,
  });
}

/** The next (or an already printed) JSON line of the hub matching `pred`. */
function hubEvent(pred, timeoutMs = 15000, from = 0) {
  const seen = events.slice(from).find(pred);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const t = setTimeout(
      () => reject(new Error("the hub printed no such event in time")),
      timeoutMs,
    );
    waiters.push((e) => {
      if (!pred(e)) return false;
      clearTimeout(t);
      resolve(e);
      return true;
    });
  });
}

const latest = (kind) => [...events].reverse().find((e) => e.event === kind);

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

const waitStep = (page, step, timeout) =>
  waitStepIn(page, step, timeout, shots);

/** Nothing wider than the screen: no sideways scrolling on a phone. */
async function fitsWidth(page, where) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(
    scroll <= width,
    `${where}: the page is ${scroll} px wide on a ${width} px screen`,
  );
}

/** Finds `person` by typing (part of) their name and opens the confirm step. */
async function findPerson(page, person) {
  await typeInto(page, "kiosk-search", person.query);
  await page.waitForFunction(
    (name) =>
      [
        ...document.querySelectorAll('[data-testid="kiosk-match"] .k-name'),
      ].some((e) => e.textContent === name),
    { timeout: 10000 },
    person.name,
  );
  const buttons = await page.$$(byId("kiosk-match"));
  for (const b of buttons) {
    const name = await b.$eval(".k-name", (e) => e.textContent);
    if (name === person.name) {
      await b.evaluate((e) =>
        e.setAttribute("data-testid", "kiosk-match-chosen"),
      );
      break;
    }
  }
  const masked = await page.$eval(byId("kiosk-matches"), (e) => e.textContent);
  assert.ok(!masked.includes(person.nip), "the full NIP is never shown");
}

async function confirmReadTick(page, prefix) {
  await tap(page, "kiosk-match-chosen");
  await waitStep(page, "confirm");
  await shot(page, `${prefix}-confirm`);
  await tap(page, "confirm-yes");
  await waitStep(page, "read");
  assert.equal(await page.$eval(byId("to-sign"), (e) => e.disabled), true);
  await tap(page, "agree");
  await shot(page, `${prefix}-read`);
  await tap(page, "to-sign");
  await waitStep(page, "sign");
}

function declarations() {
  const out = JSON.parse(
    cli(["--json", "declaration", "list", "--event", "1"]),
  );
  return Array.isArray(out) ? out : (out.declarations ?? []);
}

/** Attendees with a NIP whose name, without titles, is typed to find them among few. */
function attendees() {
  const out = JSON.parse(cli(["--json", "roster", "list", "--event", "1"]));
  const people = out.people ?? out;
  const core = (name) =>
    name
      .split(",")[0]
      .replace(/^((Dr|dr|drg|Drs|Dra|H|Hj|Ir|Prof)\.\s*)+/, "")
      .trim();
  return people
    .filter((p) => p.nip)
    .map((p) => ({ ...p, query: core(p.name) }))
    .filter(
      (p) =>
        p.query.length >= 3 &&
        people.filter((q) =>
          q.name.toLowerCase().includes(p.query.toLowerCase()),
        ).length <= 3,
    );
}

const newPage = (viewport) => newDevicePage(browser, viewport, offHost);

describe("the hub's kiosk page in a browser", { timeout: 240000 }, () => {
  let base;
  let people;
  let tablet;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "netra-browser-"));
    db = path.join(dir, "d.db");
    cli(["demo"]);
    people = attendees();
    assert.ok(people.length >= 3, "the demo roster has attendees to find");
    hub = spawn(
      NETRA,
      [
        "--db",
        db,
        "--json",
        "hub",
        "--event",
        "1",
        "--listen",
        "127.0.0.1:0",
        "--phones",
        "--pairings",
        "2",
        "--grace",
        "1",
        "--for",
        "600",
        "--web",
        WEB,
        "--access-log",
        path.join(dir, "access.log"),
      ],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    hubExited = new Promise((resolve) => hub.once("exit", resolve));
    hub.stderr.on("data", (d) => process.stderr.write(`[hub] ${d}`));
    readline.createInterface({ input: hub.stdout }).on("line", (line) => {
      let e;
      try {
        e = JSON.parse(line);
      } catch {
        return;
      }
      events.push(e);
      for (let i = waiters.length - 1; i >= 0; i--)
        if (waiters[i](e)) waiters.splice(i, 1);
    });
    const started = await hubEvent((e) => e.event === "started");
    base = started.url;
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    await hubEvent((e) => e.event === "phone");
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    if (hub && hub.exitCode === null) {
      hub.stdin.write("stop\n");
      const done = await Promise.race([
        hubExited.then(() => true),
        sleep(10000).then(() => false),
      ]);
      if (!done) hub.kill("SIGKILL");
    }
    if (dir && !process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  });

  test("(a) a tablet pairs, signs an attendee by touch, thanks, resets", async () => {
    const pairing = await hubEvent((e) => e.event === "pairing");
    assert.ok(pairing.url.startsWith(`${base}/#pair=`), pairing.url);
    tablet = await newPage({
      width: 1280,
      height: 800,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 1,
    });
    const { page } = tablet;
    await page.goto(pairing.url, { waitUntil: "load" });
    await page.waitForSelector(byId("hub-device-name"), { visible: true });
    assert.equal(
      await page.evaluate(() => location.hash),
      "",
      "the token left the address bar",
    );
    await shot(page, "a1-tablet-name");
    await tap(page, "hub-pair");
    assert.match(
      await page.$eval(byId("hub-name-error"), (e) => e.textContent),
      /nama/i,
    );
    await typeInto(page, "hub-device-name", "Tablet pintu kiri");
    await tap(page, "hub-pair");
    await page.waitForFunction(() => document.body.dataset.ready === "1", {
      timeout: 15000,
    });
    await waitStep(page, "find");
    const login = await page.evaluate(() =>
      JSON.parse(localStorage.getItem("netra.hub.login")),
    );
    assert.equal(login.mode, "device");
    assert.match(login.token, /^device\.[A-Za-z0-9_-]{43}$/);
    assert.match(
      await page.$eval(byId("kiosk-device"), (e) => e.textContent),
      /Tablet pintu kiri/,
    );
    assert.ok(await page.$(byId("kiosk-walkin")), "a tablet takes walk-ins");
    assert.ok(
      await page.$(byId("kiosk-exit-open")),
      "a tablet leaves with the PIN",
    );
    await shot(page, "a2-tablet-find");

    const person = people[0];
    await findPerson(page, person);
    await shot(page, "a3-tablet-matches");
    await confirmReadTick(page, "a4-tablet");
    const pad = await drawWithTouch(page);
    assert.equal(
      Math.round(pad.width),
      766,
      "the tablet keeps the 760 × 300 pad (plus border)",
    );
    await shot(page, "a5-tablet-signed");
    await tap(page, "submit-signature");
    await waitStep(page, "thanks");
    assert.match(
      await page.$eval(byId("step-thanks"), (e) => e.textContent),
      /Terima kasih/,
    );
    await shot(page, "a6-tablet-thanks");
    // Back to the search by itself, for the next attendee.
    await waitStep(page, "find", 12000);
    assert.equal(await page.$eval(byId("kiosk-search"), (e) => e.value), "");
    await shot(page, "a7-tablet-reset");
    assert.equal(declarations().length, 1);
    // The tablet said it is alive (every 5 s).
    const log = readFileSync(path.join(dir, "access.log"), "utf8");
    assert.match(log, /GET \/api\/ping 200 .*device#\d+/);
    assert.ok(!log.includes(person.name), "the access log holds no names");
    assert.deepEqual(tablet.problems, []);
  });

  test("(b) a phone signs once, then is refused a second signature", async () => {
    const phoneCode = latest("phone");
    const { page, problems } = await newPage({
      width: 360,
      height: 640,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 3,
    });
    await page.goto(phoneCode.url, { waitUntil: "load" });
    await page.waitForFunction(() => document.body.dataset.ready === "1", {
      timeout: 15000,
    });
    await waitStep(page, "find");
    assert.equal(await page.evaluate(() => location.hash), "");
    assert.equal(
      await page.$(byId("kiosk-walkin")),
      null,
      "no walk-in on a phone",
    );
    assert.equal(
      await page.$(byId("kiosk-exit-open")),
      null,
      "no PIN on a phone",
    );
    assert.match(
      await page.$eval(byId("kiosk-no-walkin"), (e) => e.textContent),
      /Tidak ada di daftar\? Silakan ke meja panitia/,
    );
    await fitsWidth(page, "phone find");
    await shot(page, "b1-phone-find");

    const person = people[1];
    await findPerson(page, person);
    await fitsWidth(page, "phone matches");
    await shot(page, "b2-phone-matches");
    await confirmReadTick(page, "b3-phone");
    const pad = await drawWithTouch(page);
    assert.ok(
      pad.x >= 0 && pad.x + pad.width <= 360,
      `the pad fits the phone: ${JSON.stringify(pad)}`,
    );
    await fitsWidth(page, "phone sign");
    await shot(page, "b4-phone-signed");
    await tap(page, "submit-signature");
    await waitStep(page, "thanks");
    assert.match(
      await page.$eval(byId("step-thanks"), (e) => e.textContent),
      /Terima kasih/,
    );
    await shot(page, "b5-phone-thanks");
    // The thank-you is the last screen: no reset to the search.
    await sleep(7000);
    assert.equal(
      await page.evaluate(() => document.body.dataset.step),
      "thanks",
    );

    await page.reload({ waitUntil: "load" });
    await waitStep(page, "done");
    assert.equal(await page.$(byId("kiosk-search")), null);
    await fitsWidth(page, "phone done");
    await shot(page, "b6-phone-after-reload");
    const status = await page.evaluate(async () => {
      const { token } = JSON.parse(localStorage.getItem("netra.hub.login"));
      const res = await fetch("/api/find", {
        method: "POST",
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ text: "abc" }),
      });
      return { status: res.status, body: await res.json() };
    });
    assert.equal(status.status, 409, JSON.stringify(status));
    assert.equal(status.body.code, "conflict");
    assert.equal(declarations().length, 2);

    // Phones switched off: the phone's page says so and stops.
    hub.stdin.write("phones off\n");
    await hubEvent((e) => e.event === "phones_off");
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector(byId("hub-closed"), {
      visible: true,
      timeout: 15000,
    });
    assert.match(
      await page.$eval(byId("hub-closed"), (e) => e.textContent),
      /ditutup/,
    );
    await shot(page, "b7-phone-closed");
    assert.deepEqual(problems, []);
    await page.browserContext().close();
  });

  test("(c) a lost answer, then no network: one declaration, thanks only after the receipt", async () => {
    const { page } = tablet;
    // The tablet's tab is in front again (a tab behind gets no frames, and no taps).
    await page.bringToFront();
    await waitStep(page, "find");
    const person = people[2];
    await findPerson(page, person);
    await confirmReadTick(page, "c1-tablet");
    await drawWithTouch(page);

    // The first submit reaches the hub and is saved, but its answer is
    // lost; then the Wi-Fi goes.
    const cdp = await page.createCDPSession();
    let lost = 0;
    cdp.on("Fetch.requestPaused", async ({ requestId }) => {
      // A retry may get here too before the network is gone: its answer
      // (the same receipt, repeated) is lost as well.
      lost += 1;
      if (lost === 1) await page.setOfflineMode(true);
      await cdp.send("Fetch.failRequest", {
        requestId,
        errorReason: "ConnectionReset",
      });
    });
    await cdp.send("Fetch.enable", {
      patterns: [{ urlPattern: "*/api/submit", requestStage: "Response" }],
    });
    await tap(page, "submit-signature");
    await page.waitForSelector(byId("sign-waiting"), {
      visible: true,
      timeout: 10000,
    });
    assert.ok(lost >= 1, "the hub's answer to the first submit was lost");
    assert.match(
      await page.$eval(byId("sign-waiting"), (e) => e.textContent),
      /Menunggu jaringan…/,
    );
    await shot(page, "c2-tablet-waiting");
    await sleep(6000);
    assert.equal(
      await page.evaluate(() => document.body.dataset.step),
      "sign",
      "no thanks without a receipt",
    );
    await page.waitForSelector(byId("hub-offline"), {
      visible: true,
      timeout: 8000,
    });
    await shot(page, "c3-tablet-offline");
    // Saved once already, by the attempt whose answer was lost.
    assert.equal(declarations().length, 3);

    await cdp.send("Fetch.disable");
    await cdp.detach();
    await page.setOfflineMode(false);
    await waitStep(page, "thanks", 20000);
    assert.match(
      await page.$eval(byId("step-thanks"), (e) => e.textContent),
      new RegExp(`Terima kasih`),
    );
    await shot(page, "c4-tablet-thanks-after-retry");
    const list = declarations();
    assert.equal(
      list.length,
      3,
      "exactly one declaration for the retried submit",
    );
    const mine = list.filter(
      (d) => d.person_id === person.id || d.name === person.name,
    );
    assert.equal(
      mine.length,
      1,
      JSON.stringify(list.map((d) => [d.person_id, d.name])),
    );
    await waitStep(page, "find", 12000);
    assert.deepEqual(tablet.problems, []);
    assert.deepEqual(offHost, [], "only the hub on 127.0.0.1 was contacted");
    // The record of what was seen, for whoever reads the screenshots.
    writeFileSync(
      path.join(shots, "declarations.json"),
      JSON.stringify(list, null, 2),
    );
  });
});
