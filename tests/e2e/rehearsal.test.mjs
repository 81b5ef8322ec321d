// A whole event, rehearsed in the real window, start to finish: the
// organiser creates a deklarasi event in the form, imports an invitation
// list (.xlsx, written here, with two bad rows the preview names), presents
// three slides and the pledge from the keyboard, starts the hall hub and
// pairs a tablet (Chromium), opens the kiosk with a PIN; five people sign
// at the kiosk (one a walk-in), two more on the tablet; the kiosk is left
// with the PIN, the hub stopped. Then the daftar hadir, the statements and
// the berita acara are printed, the chain verified, one QR code read from
// a rendered PDF page and found genuine on Verifikasi, the roster exported
// to .xlsx, the database backed up and restored, and the chain verified
// again: 7 signatures, intact.
//
// A screenshot per step (screenshots/rehearsal-NN-*.png), then one contact
// sheet of them all (rehearsal-contact-sheet.png) and the wall time
// (rehearsal-timing.json).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { contactSheet } from "./contact-sheet.mjs";
import {
  byTestId,
  cli,
  click,
  closeApp,
  driverAnsweringDialogs,
  openApp,
  screenshot,
  screenshotDir,
  setField,
  switchTo,
  tempDb,
  textOf,
} from "./harness.mjs";
// The tablet is Debian's Chromium, as in tests/browser (its node_modules).
import {
  byId,
  drawWithTouch as drawOnTablet,
  launchChromium,
  newDevicePage,
  tap,
  TABLET,
  typeInto,
  waitStep as waitTabletStep,
} from "../browser/chromium.mjs";

const TITLE = "Deklarasi Netralitas ASN Kabupaten Lampung Barat";
const PIN = "2468";

// ---------------------------------------------------------------- .xlsx --

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `[name, text]` entries, stored (not compressed). */
function zipStored(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, "utf8");
    const fname = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(data.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(fname.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    central.push(cen, fname);
    offset += local.length + fname.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xml = (s) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The smallest .xlsx a spreadsheet program opens: one sheet, inline strings. */
function xlsx(rows) {
  const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  const REL =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const cells = rows
    .map(
      (r, ri) =>
        `<row r="${ri + 1}">` +
        r
          .map((v, ci) =>
            v === ""
              ? ""
              : `<c r="${String.fromCharCode(65 + ci)}${ri + 1}" t="inlineStr"><is><t xml:space="preserve">${xml(v)}</t></is></c>`,
          )
          .join("") +
        "</row>",
    )
    .join("");
  return zipStored([
    [
      "[Content_Types].xml",
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ],
    [
      "_rels/.rels",
      `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      "xl/workbook.xml",
      `${HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><sheets><sheet name="Undangan" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ],
    [
      "xl/worksheets/sheet1.xml",
      `${HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells}</sheetData></worksheet>`,
    ],
  ]);
}

// The invitation list as an OPD sends it: a title line, then a header.
// Line 4's NIP has 16 digits and line 6 has no name: both refused.
const ROSTER = [
  ["DAFTAR UNDANGAN DEKLARASI NETRALITAS ASN"],
  ["No", "NAMA LENGKAP", "NIP/NI PPPK", "Jabatan", "OPD"],
  [
    "1",
    "Dr. H. Ahmad Fauzi, S.H., M.Si.",
    "19860926 201505 1 001",
    "Kepala Bidang",
    "Dinas Kesehatan",
  ],
  ["2", "Budi Santoso", "1986092620150510", "Staf", "BKPSDM"],
  [
    "3",
    "Hj. Siti Aminah, S.Pd.",
    "199001152022212003",
    "Guru Ahli Pertama",
    "Dinas Pendidikan",
  ],
  ["4", "", "198703112010011002", "Staf", "Dinas Sosial"],
  [
    "5",
    "Rahmat Hidayat",
    "198211042008011003",
    "Camat",
    "Kecamatan Balik Bukit",
  ],
  ["6", "Dewi Lestari", "199203212019032008", "Analis", "Bappeda"],
  ["7", "Andi Saputra", "198812052014021004", "Sekretaris", "Dinas PUPR"],
  ["8", "Théresia Nainggolan", "", "Tenaga Harian Lepas", "Dinas Sosial"],
];
// Who signs where: four from the list and one walk-in at the kiosk, two
// on the tablet; the kiosk finds by NIP or, without one, by name.
const AT_KIOSK = [
  "19860926 201505 1 001",
  "199001152022212003",
  "198211042008011003",
  "Théresia Nainggolan",
];
const WALK_IN = { name: "Yohanes Manurung", unit: "Kecamatan Kubung" };
const ON_TABLET = ["199203212019032008", "198812052014021004"];
const SIGNATURES = AT_KIOSK.length + 1 + ON_TABLET.length;

// ------------------------------------------------------------- helpers --

/** A port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitText(app, testid, pattern, what, timeout = 10000) {
  let last = "";
  await app.waitUntil(
    async () => {
      last = await app.execute(
        (id) =>
          document.querySelector(`[data-testid="${id}"]`)?.textContent ?? "",
        testid,
      );
      return pattern.test(last);
    },
    {
      timeout,
      timeoutMsg: `${what}: ${testid} never matched ${pattern} (shows "${last}")`,
    },
  );
  return last;
}

const kioskStep = (app) => app.execute(() => document.body.dataset.step ?? "");

async function waitKioskStep(app, name) {
  await app.waitUntil(async () => (await kioskStep(app)) === name, {
    timeout: 15000,
    timeoutMsg: `kiosk never reached step ${name}`,
  });
}

const padPoints = (app) =>
  app.execute(() =>
    window.__netraPad
      ? window.__netraPad.toData().reduce((n, g) => n + g.points.length, 0)
      : 0,
  );

/** A stroke with W3C pointer actions (kiosk.test.mjs), moves 25 ms apart. */
async function drawWithPointer(app, wave) {
  const pad = await byTestId(app, "signature-pad");
  const size = await pad.getSize();
  const left = -Math.floor(size.width / 2) + 60;
  let chain = app
    .action("pointer", { parameters: { pointerType: "mouse" } })
    .move({ origin: pad, x: left, y: 0 })
    .down({ button: 0 });
  for (let i = 1; i <= 30; i++) {
    chain = chain.move({
      origin: pad,
      x: left + i * 14,
      y: Math.round(Math.sin(i / wave) * 50),
      duration: 25,
    });
  }
  await chain.up({ button: 0 }).perform();
}

/** Synthetic touches (the WebKitGTK path, kiosk.test.mjs), 20 ms apart. */
async function drawWithTouch(app, wave) {
  await app.executeAsync((w, done) => {
    const canvas = document.querySelector('[data-testid="signature-pad"]');
    const r = canvas.getBoundingClientRect();
    const fire = (type, x, y) => {
      const point = {
        identifier: 7,
        clientX: r.left + x,
        clientY: r.top + y,
        force: 0.6,
      };
      let ev;
      try {
        const t = new Touch({ ...point, target: canvas });
        ev = new TouchEvent(type, {
          bubbles: true,
          cancelable: true,
          touches: type === "touchend" ? [] : [t],
          changedTouches: [t],
        });
      } catch {
        ev = new Event(type, { bubbles: true, cancelable: true });
        Object.defineProperty(ev, "changedTouches", { value: [point] });
      }
      canvas.dispatchEvent(ev);
    };
    fire("touchstart", 80, 150);
    let i = 0;
    const timer = setInterval(() => {
      i += 1;
      if (i <= 30) {
        fire("touchmove", 80 + i * 15, 150 + Math.cos(i / w) * 45);
      } else {
        clearInterval(timer);
        fire("touchend", 80 + 30 * 15, 150);
        done();
      }
    }, 20);
  }, wave);
}

/** Signs on the kiosk's pad: pointer first, touches if the pointer drew nothing. */
async function signOnPad(app, n) {
  await waitKioskStep(app, "sign");
  await drawWithPointer(app, 2 + n);
  let points = await padPoints(app);
  if (points < 5) {
    // WebKitGTK's WebDriver may not carry button state on moves
    // (docs/stack-traps.md §4): draw with synthetic touches instead.
    await drawWithTouch(app, 2 + n);
    points = await padPoints(app);
  }
  assert.ok(points > 5, `the pad recorded ${points} points`);
}

/** After the thank-you: a tap on it goes back to the start at once. */
async function thanksAndBack(app) {
  await waitKioskStep(app, "thanks");
  assert.match(await textOf(app, "step-thanks"), /Terima kasih/);
}

/** The attendee with this NIP or name signs on the tablet (hub.test.mjs). */
async function signOnTablet(page, who) {
  await waitTabletStep(page, "find", 15000, screenshotDir);
  await typeInto(page, "kiosk-search", who);
  await page.waitForSelector(byId("kiosk-match"), {
    visible: true,
    timeout: 10000,
  });
  assert.equal((await page.$$(byId("kiosk-match"))).length, 1);
  await tap(page, "kiosk-match");
  await waitTabletStep(page, "confirm", 10000, screenshotDir);
  await tap(page, "confirm-yes");
  await waitTabletStep(page, "read", 10000, screenshotDir);
  await tap(page, "agree");
  await tap(page, "to-sign");
  await waitTabletStep(page, "sign", 10000, screenshotDir);
  await drawOnTablet(page);
  await tap(page, "submit-signature");
  await waitTabletStep(page, "thanks", 15000, screenshotDir);
}

async function openEvent(app) {
  await click(app, "nav-acara");
  const row = await byTestId(app, "event-row");
  await row.waitForClickable({ timeout: 10000 });
  await row.click();
  await (
    await byTestId(app, "event-title")
  ).waitForDisplayed({ timeout: 10000 });
}

/** Prints one kind of document; its file, once the result names a new one. */
async function printKind(app, kind, before) {
  await (await byTestId(app, `kind-${kind}`)).click();
  await click(app, "print");
  let file = "";
  await app.waitUntil(
    async () => {
      const el = await byTestId(app, "document-path");
      if (!(await el.isExisting())) return false;
      file = await el.getText();
      return file !== before && existsSync(file);
    },
    { timeout: 60000, timeoutMsg: `the ${kind} PDF never appeared` },
  );
  return file;
}

async function verifyChain(app) {
  await click(app, "verify-chain");
  return waitText(app, "verify-result", /Utuh: \d+ catatan/, "the chain check");
}

const scrollTo = (app, testid) =>
  app.execute(
    (id) =>
      document
        .querySelector(`[data-testid="${id}"]`)
        ?.scrollIntoView({ block: "center" }),
    testid,
  );

// ---------------------------------------------------------------- test --

describe("A whole event, rehearsed", { timeout: 600000 }, () => {
  const { answer: answerDialog } = driverAnsweringDialogs();
  let chromium;
  const offHost = [];
  before(async () => {
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close().catch(() => {});
    assert.deepEqual(offHost, [], "the tablet asked for nothing but the hub");
  });

  test("a whole event, rehearsed", async () => {
    // This run's screenshots only, in the sheet.
    for (const f of readdirSync(screenshotDir)) {
      if (/^rehearsal-/.test(f)) rmSync(path.join(screenshotDir, f));
    }
    const started = Date.now();
    const splits = [];
    let shot = 0;
    const step = async (app, name) => {
      shot += 1;
      const file = `rehearsal-${String(shot).padStart(2, "0")}-${name}`;
      await screenshot(app, file);
      splits.push({ step: file, at_s: (Date.now() - started) / 1000 });
    };
    const tabletShot = async (page, name) => {
      shot += 1;
      const file = `rehearsal-${String(shot).padStart(2, "0")}-${name}`;
      await page.screenshot({ path: path.join(screenshotDir, `${file}.png`) });
      splits.push({ step: file, at_s: (Date.now() - started) / 1000 });
    };

    const db = tempDb();
    const scratch = mkdtempSync(path.join(os.tmpdir(), "netra-e2e-rehearsal-"));
    const port = await freePort();
    const today = new Date();
    const pad2 = (n) => String(n).padStart(2, "0");
    const startsAt = `${today.getFullYear()}-${pad2(today.getMonth() + 1)}-${pad2(today.getDate())}T08:30`;

    const app = await openApp(db);
    let tablet;
    try {
      // 1. The event, through the form.
      await waitText(app, "event-list", /Belum ada acara/, "empty list");
      await click(app, "new-event");
      await setField(app, "field-title", TITLE);
      await setField(app, "field-kind", "deklarasi");
      await setField(app, "field-organizer", "Bawaslu Kabupaten Lampung Barat");
      await setField(app, "field-place", "Aula Pemkab Lampung Barat, Liwa");
      await setField(app, "field-starts_at", startsAt);
      await setField(app, "field-timezone", "WIB");
      await setField(app, "field-official.name", "Nukman");
      await setField(
        app,
        "field-official.position",
        "Penjabat Bupati Lampung Barat",
      );
      await setField(app, "field-official.nip", "19700101 199003 1 002");
      await step(app, "event-form");
      await click(app, "save-event");
      assert.equal(await textOf(app, "event-title"), TITLE);
      await waitText(app, "notice", /Acara tersimpan/, "saved notice");
      await step(app, "event-created");

      // 2. The invitation list: dropped as .xlsx, two rows refused in the preview.
      await click(app, "open-people");
      const zone = await byTestId(app, "import-drop");
      await zone.waitForDisplayed({ timeout: 10000 });
      await app.execute(
        (node, data) => {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const dt = new DataTransfer();
          dt.items.add(
            new File([bytes], "undangan-deklarasi.xlsx", {
              type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }),
          );
          node.dispatchEvent(
            new DragEvent("drop", {
              dataTransfer: dt,
              bubbles: true,
              cancelable: true,
            }),
          );
        },
        zone,
        xlsx(ROSTER).toString("base64"),
      );
      const issues = await waitText(
        app,
        "import-issues",
        /baris 6/,
        "row errors in the preview",
      );
      assert.match(issues, /baris 4: NIP harus 18 digit \(ditemukan 16\)/);
      assert.match(issues, /baris 6: nama kosong/);
      assert.match(await textOf(app, "count-valid"), /6 valid/);
      assert.match(await textOf(app, "count-errors"), /2 salah/);
      await step(app, "import-preview");
      await click(app, "import-commit");
      await waitText(app, "people-notice", /6 peserta baru/, "import result");
      await waitText(app, "attendance", /0 hadir dari 6/, "roster counted");
      await step(app, "roster-imported");
      await click(app, "back");

      // 3. Presentasi: three slides with the keyboard, the pledge (I), Esc.
      await click(app, "open-presentation");
      await click(app, "start-presentation");
      await (
        await byTestId(app, "presenter-view")
      ).waitForDisplayed({ timeout: 10000 });
      const shown = () =>
        app.execute(() => {
          const el = document.querySelector('[data-testid="audience"]');
          return el
            ? `${el.dataset.mode}:${el.dataset.screen}:${el.dataset.slide}`
            : "";
        });
      const audience = async (want, what) => {
        await switchTo(app, '[data-testid="audience"]', "the audience window");
        await app.waitUntil(async () => want.test(await shown()), {
          timeout: 10000,
          timeoutMsg: `the audience never showed ${what}: ${await shown()}`,
        });
      };
      const presenter = () =>
        switchTo(app, '[data-testid="presenter-view"]', "the presenter view");
      await audience(/:slide:1$/, "slide 1");
      await app.setWindowRect(0, 0, 1280, 720);
      for (let n = 2; n <= 4; n++) {
        await presenter();
        await app.keys(["ArrowRight"]);
        await waitText(
          app,
          "presenter-counter",
          new RegExp(`^${n} /`),
          `presenter on ${n}`,
        );
        await audience(new RegExp(`:slide:${n}$`), `slide ${n}`);
      }
      await step(app, "audience-slide-4");
      await presenter();
      await step(app, "presenter-view");
      await app.keys(["i"]);
      await audience(/^pledge:/, "the pledge");
      await waitText(
        app,
        "pledge-line",
        /Yang bertanda tangan/,
        "the pledge's first line",
      );
      await step(app, "audience-pledge");
      await presenter();
      await app.keys(["Escape"]);
      await app.waitUntil(
        async () => (await app.getWindowHandles()).length === 1,
        { timeout: 10000, timeoutMsg: "audience window still open after Esc" },
      );
      await app.switchToWindow((await app.getWindowHandles())[0]);
      await (
        await byTestId(app, "presentation-screen")
      ).waitForDisplayed({ timeout: 10000 });
      await click(app, "presentation-back");

      // 4. The hall hub on loopback; a tablet pairs with its link.
      await click(app, "open-hall");
      const loop = await app.$('[data-testid="hub-iface"][data-loopback="1"]');
      await loop.waitForExist({ timeout: 10000 });
      await loop.click();
      await setField(app, "hub-port", String(port));
      await click(app, "hub-start-submit");
      const url = await textOf(app, "hub-url");
      assert.equal(url, `http://127.0.0.1:${port}`);
      const qr = await byTestId(app, "pairing-qr");
      await qr.waitForDisplayed({ timeout: 10000 });
      const pairUrl = await qr.getAttribute("data-url");
      assert.ok(pairUrl.startsWith(`${url}/#pair=`), pairUrl);
      tablet = await newDevicePage(chromium, TABLET, offHost);
      const { page } = tablet;
      await page.goto(pairUrl, { waitUntil: "load" });
      await typeInto(page, "hub-device-name", "Tablet pintu kiri");
      await tap(page, "hub-pair");
      await waitTabletStep(page, "find", 15000, screenshotDir);
      await (
        await byTestId(app, "hall-device")
      ).waitForDisplayed({ timeout: 15000 });
      await step(app, "hub-running-tablet-paired");
      await click(app, "back");

      // 5. The kiosk, with a PIN.
      await click(app, "start-kiosk");
      await setField(app, "kiosk-pin", PIN);
      await setField(app, "kiosk-pin-again", PIN);
      await setField(app, "kiosk-idle", "120");
      await step(app, "kiosk-start-dialog");
      await click(app, "kiosk-start-submit");
      await switchTo(app, '[data-testid="kiosk"]', "the kiosk");
      await waitKioskStep(app, "find");

      // Four from the list sign at the kiosk.
      for (const [n, who] of AT_KIOSK.entries()) {
        await setField(app, "kiosk-search", who);
        const match = await byTestId(app, "kiosk-match");
        await match.waitForDisplayed({ timeout: 10000 });
        assert.equal((await app.$$('[data-testid="kiosk-match"]')).length, 1);
        if (n === 0) await step(app, "kiosk-find");
        await match.click();
        await waitKioskStep(app, "confirm");
        await click(app, "confirm-yes");
        await waitKioskStep(app, "read");
        await click(app, "agree");
        await click(app, "to-sign");
        await signOnPad(app, n);
        if (n === 0) await step(app, "kiosk-signature");
        await click(app, "submit-signature");
        await thanksAndBack(app);
        if (n === 0) await step(app, "kiosk-thanks");
        await (await byTestId(app, "step-thanks")).click();
        await waitKioskStep(app, "find");
      }

      // The fifth is not on the list: the walk-in form.
      await click(app, "kiosk-walkin");
      await waitKioskStep(app, "walkin");
      await setField(app, "walkin-name", WALK_IN.name);
      await setField(app, "walkin-unit", WALK_IN.unit);
      await (await app.$("button=PPNPN/Honorer")).click();
      await step(app, "kiosk-walk-in");
      await click(app, "walkin-save");
      await waitKioskStep(app, "confirm");
      assert.match(await textOf(app, "kiosk-person"), new RegExp(WALK_IN.name));
      await click(app, "confirm-yes");
      await waitKioskStep(app, "read");
      await click(app, "agree");
      await click(app, "to-sign");
      await signOnPad(app, 4);
      await click(app, "submit-signature");
      await thanksAndBack(app);
      await (await byTestId(app, "step-thanks")).click();
      await waitKioskStep(app, "find");

      // Two more on the tablet, through the hub, while the kiosk runs.
      for (const [n, who] of ON_TABLET.entries()) {
        // A tap on the thank-you starts over for the next person at once.
        if (n > 0) await tap(page, "step-thanks");
        await signOnTablet(page, who);
      }
      assert.match(
        await page.$eval(byId("step-thanks"), (e) => e.textContent),
        /Terima kasih/,
      );
      await tabletShot(page, "tablet-thanks");
      assert.deepEqual(tablet.problems, []);

      // Leaving the kiosk takes the PIN.
      await click(app, "kiosk-exit-open");
      await setField(app, "pin-input", PIN);
      await step(app, "kiosk-pin");
      await click(app, "pin-submit");
      // The kiosk window closes and the organiser's comes back.
      await app.waitUntil(
        async () => (await app.getWindowHandles()).length === 1,
        { timeout: 15000, timeoutMsg: "the kiosk window stayed open" },
      );
      await app.switchToWindow((await app.getWindowHandles())[0]);
      await (
        await byTestId(app, "declarations-card")
      ).waitForDisplayed({ timeout: 10000 });
      await waitText(
        app,
        "declarations-total",
        new RegExp(`${SIGNATURES}`),
        "all signatures counted",
      );

      // The hub is stopped (a restore refuses while anyone can sign).
      await click(app, "open-hall");
      await waitText(
        app,
        "hall-signed",
        new RegExp(`^\\s*${SIGNATURES}\\s*$`),
        "hall counters",
      );
      await app.execute(() =>
        document
          .querySelector('[data-testid="hall-counters"]')
          ?.scrollIntoView({ block: "start" }),
      );
      await step(app, "hall-counters");
      await click(app, "hub-stop");
      await click(app, "hub-stop-yes");
      await (
        await byTestId(app, "hub-start")
      ).waitForDisplayed({ timeout: 30000 });
      await click(app, "back");

      // 6. Dokumen: daftar hadir, the statements, the berita acara.
      await click(app, "open-documents");
      await (
        await byTestId(app, "documents-form")
      ).waitForDisplayed({ timeout: 10000 });
      const daftar = await printKind(app, "daftar_hadir", "");
      assert.match(
        execFileSync("pdftotext", [daftar, "-"], { encoding: "utf8" }),
        /Yohanes Manurung/,
      );
      await step(app, "daftar-hadir");
      const statements = await printKind(app, "pernyataan", daftar);
      await waitText(
        app,
        "document-pages",
        new RegExp(`^\\s*${SIGNATURES}\\s*$`),
        "one statement per signer",
        30000,
      );
      await step(app, "pernyataan");
      const minutes = await printKind(app, "berita_acara", statements);
      await step(app, "berita-acara");

      // 7. The chain, on the event page.
      await openEvent(app);
      let verdict = await verifyChain(app);
      assert.match(verdict, new RegExp(`Utuh: ${SIGNATURES} catatan`));
      await scrollTo(app, "verify-result");
      await step(app, "chain-verified");

      // One QR code, read from a page of the printed berita acara.
      const png = path.join(scratch, "berita-acara");
      execFileSync("pdftoppm", [
        "-r",
        "150",
        "-png",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        minutes,
        png,
      ]);
      const code = execFileSync("zbarimg", ["--raw", "-q", `${png}.png`], {
        encoding: "utf8",
      }).trim();
      assert.ok(code.length > 20, `a QR code on page 1: "${code}"`);
      await click(app, "nav-verifikasi");
      await setField(app, "qr-payload", code);
      await click(app, "verify-qr");
      const qrResult = await byTestId(app, "qr-result");
      await qrResult.waitForDisplayed({ timeout: 10000 });
      assert.equal(
        await qrResult.getAttribute("data-status"),
        "genuine",
        await qrResult.getText(),
      );
      assert.match(await qrResult.getText(), /ASLI/);
      assert.match(
        await textOf(app, "qr-claims"),
        new RegExp(`Hadir\\s+${SIGNATURES} orang`),
      );
      await step(app, "qr-genuine");

      // 8. The roster and attendance to .xlsx (unsealed: the warning shows).
      await openEvent(app);
      await click(app, "open-people");
      await waitText(
        app,
        "attendance",
        new RegExp(`${SIGNATURES} hadir dari ${SIGNATURES}`),
        "everyone present",
      );
      await click(app, "export-xlsx");
      await (
        await byTestId(app, "export-dialog")
      ).waitForDisplayed({ timeout: 10000 });
      await click(app, "export-encrypt");
      await waitText(app, "export-warning", /tanpa enkripsi/, "plain warning");
      const exportDir = mkdtempSync(path.join(scratch, "ekspor-"));
      answerDialog(exportDir);
      await click(app, "export-save");
      await waitText(
        app,
        "people-notice",
        /Daftar hadir disimpan: /,
        "export saved",
        20000,
      );
      const exported = readdirSync(exportDir);
      assert.equal(exported.length, 1, `${exported}`);
      assert.match(exported[0], /\.xlsx$/);
      const exportedPath = path.join(exportDir, exported[0]);
      assert.equal(
        readFileSync(exportedPath).subarray(0, 2).toString(),
        "PK",
        "an .xlsx is a zip",
      );
      await step(app, "roster-exported");
      // The exported book reads back: 7 people, all of them valid rows.
      const scratchDb = path.join(scratch, "baca-ulang.db");
      cli(["--db", scratchDb, "demo", "--people", "0"]);
      const reread = JSON.parse(
        cli([
          "--db",
          scratchDb,
          "--json",
          "roster",
          "import",
          "--event",
          "1",
          "--dry-run",
          exportedPath,
        ]),
      ).preview;
      assert.equal(reread.rows, SIGNATURES, JSON.stringify(reread));
      assert.equal(reread.with_errors, 0, JSON.stringify(reread.issues));

      // 9. Back up, then restore that backup.
      answerDialog("");
      await click(app, "back");
      await click(app, "nav-cadangan");
      const saveDir = mkdtempSync(path.join(scratch, "cadangan-"));
      answerDialog(saveDir);
      await click(app, "backup-now");
      const backupPath = await textOf(app, "backup-result-path");
      assert.equal(path.dirname(backupPath), saveDir);
      assert.ok(existsSync(backupPath), `the backup exists: ${backupPath}`);
      assert.match(
        await textOf(app, "backup-result-counts"),
        new RegExp(
          `1 acara, ${SIGNATURES} peserta, ${SIGNATURES} surat pernyataan`,
        ),
      );
      await step(app, "backed-up");
      answerDialog(backupPath);
      await click(app, "restore-file");
      await waitText(app, "restore-confirm", /disisihkan/, "restore dialog");
      await click(app, "restore-confirm-yes");
      const counts = await byTestId(app, "restore-result-counts");
      await counts.waitForDisplayed({ timeout: 30000 });
      assert.equal(
        await counts.getAttribute("data-declarations"),
        String(SIGNATURES),
      );
      await step(app, "restored");
      answerDialog("");

      // 10. The chain again, from the restored database.
      await openEvent(app);
      verdict = await verifyChain(app);
      assert.match(verdict, new RegExp(`Utuh: ${SIGNATURES} catatan`));
      await waitText(
        app,
        "declarations-total",
        new RegExp(`${SIGNATURES}`),
        "signatures after the restore",
      );
      await scrollTo(app, "verify-result");
      await step(app, "chain-verified-after-restore");
    } finally {
      await tablet?.page
        .browserContext()
        .close()
        .catch(() => {});
      await closeApp(app);
    }
    assert.match(
      cli(["--db", db, "verify", "--event", "1"]),
      new RegExp(`^OK: ${SIGNATURES} pernyataan`),
    );

    const seconds = Math.round((Date.now() - started) / 100) / 10;
    console.log("rehearsal wall time", seconds);
    writeFileSync(
      path.join(screenshotDir, "rehearsal-timing.json"),
      JSON.stringify({ wall_time_s: seconds, steps: splits }, null, 2),
    );

    const shots = readdirSync(screenshotDir)
      .filter((f) => /^rehearsal-\d\d-.*\.png$/.test(f))
      .sort();
    assert.equal(shots.length, shot, `${shots}`);
    const sheet = contactSheet(
      shots.map((f) => path.join(screenshotDir, f)),
      path.join(screenshotDir, "rehearsal-contact-sheet.png"),
      { label: (name) => name.replace(/^rehearsal-/, "") },
    );
    console.log(
      `rehearsal contact sheet: ${sheet.labels.length} screenshots, ${sheet.width}×${sheet.height}`,
    );
  });
});
