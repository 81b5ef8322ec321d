// Kiosk tambahan in the real window: the organiser opens the event's hall
// screen, starts the hub on loopback, sees the pairing code and an empty
// device list. A tablet (headless Chromium at 1280 x 800 with touch) opens
// the pairing link the app shows, finds an attendee and signs with a
// finger; the app counts it and lists the tablet with one signature. Then
// phones are opened, their code shown on the audience window ("Pindai
// untuk menandatangani"), the tablet revoked (its page says so) and the
// hub stopped.
//
// Only 127.0.0.1 is ever contacted: the test's own requests go through
// `hubFetch`, which refuses any other host, and Chromium resolves no other
// name (tests/browser/chromium.mjs).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";

import {
  byTestId,
  cli,
  click,
  closeApp,
  openApp,
  screenshot,
  setField,
  startDriver,
  stopDriver,
  switchTo,
  tempDb,
  textOf,
} from "./harness.mjs";
// The tablet is Debian's Chromium, as in tests/browser (its node_modules).
import {
  byId,
  drawWithTouch,
  launchChromium,
  newDevicePage,
  tap,
  TABLET,
  typeInto,
  waitStep,
} from "../browser/chromium.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "..", "..", "ui", "dist");
const shots = path.join(here, "screenshots");

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

/** A request to the hub; anything but 127.0.0.1 is refused before it is sent. */
async function hubFetch(base, method, route, body, token) {
  const url = new URL(route, base);
  assert.equal(
    url.hostname,
    "127.0.0.1",
    `the test contacts only 127.0.0.1, not ${url.host}`,
  );
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // A page or an empty body.
  }
  return { status: res.status, json, text };
}

/** The call must succeed; its JSON answer. */
async function api(base, method, route, body, token) {
  const r = await hubFetch(base, method, route, body, token);
  assert.equal(r.status, 200, `${method} ${route}: ${r.status} ${r.text}`);
  return r.json;
}

/**
 * The attendee with this NIP finds themselves on the tablet (one masked
 * match, the NIP never shown whole), confirms, reads and ticks, signs with
 * a finger and gets "Terima kasih".
 */
async function signOnTablet(page, nip) {
  await typeInto(page, "kiosk-search", nip);
  await page.waitForSelector(byId("kiosk-match"), {
    visible: true,
    timeout: 10000,
  });
  assert.equal((await page.$$(byId("kiosk-match"))).length, 1);
  const shown = await page.$eval(byId("kiosk-matches"), (e) => e.textContent);
  assert.ok(!shown.includes(nip), "the full NIP is never shown");
  await tap(page, "kiosk-match");
  await waitStep(page, "confirm", 10000, shots);
  await tap(page, "confirm-yes");
  await waitStep(page, "read", 10000, shots);
  await tap(page, "agree");
  await tap(page, "to-sign");
  await waitStep(page, "sign", 10000, shots);
  await drawWithTouch(page);
  await tap(page, "submit-signature");
  await waitStep(page, "thanks", 15000, shots);
}

const numberOf = async (app, testid) =>
  Number((await textOf(app, testid)).replace(/\D/g, ""));

describe(
  "Kiosk tambahan (hall hub) from the desktop window",
  { timeout: 300000 },
  () => {
    let browser;
    let tablet;
    const offHost = [];
    before(async () => {
      await startDriver();
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close().catch(() => {});
      await stopDriver();
      assert.deepEqual(offHost, [], "the tablet asked for nothing but the hub");
    });

    test("start on loopback, a tablet (Chromium) pairs and signs by touch, the app counts it", async () => {
      const db = tempDb();
      cli(["--db", db, "demo", "--people", "120"]);
      const people = JSON.parse(
        cli(["--db", db, "--json", "roster", "list", "--event", "1"]),
      );
      const list = people.people ?? people;
      const [signer, second] = list.filter((p) => p.nip && !p.checked_in_at);
      assert.ok(
        second,
        "the demo roster has two ASN with a NIP, not yet present",
      );
      const port = await freePort();

      const app = await openApp(db);
      try {
        const rows = await app.$$('[data-testid="event-row"]');
        await rows[0].click();
        await (
          await byTestId(app, "open-hall")
        ).waitForDisplayed({ timeout: 10000 });
        await screenshot(app, "hub-00-event");
        await click(app, "open-hall");
        await (
          await byTestId(app, "hub-start")
        ).waitForDisplayed({ timeout: 10000 });

        // Loopback is listed, last, as "this laptop only".
        const loop = await app.$(
          '[data-testid="hub-iface"][data-loopback="1"]',
        );
        await loop.waitForExist({ timeout: 10000 });
        assert.match(await loop.getText(), /hanya laptop ini \(uji\)/);
        assert.equal(await loop.getAttribute("data-address"), "127.0.0.1");
        await loop.click();
        await setField(app, "hub-port", String(port));
        await screenshot(app, "hub-0-start-form");
        await click(app, "hub-start-submit");

        const url = await textOf(app, "hub-url");
        assert.equal(url, `http://127.0.0.1:${port}`);
        const qr = await byTestId(app, "pairing-qr");
        await qr.waitForDisplayed({ timeout: 10000 });
        assert.match(
          await qr.getAttribute("src"),
          /^data:image\/svg\+xml;base64,/,
        );
        const pairUrl = await qr.getAttribute("data-url");
        assert.ok(pairUrl.startsWith(`${url}/#pair=`), pairUrl);
        assert.match(
          await textOf(app, "pairing-left"),
          /Berlaku (2 menit|1 menit \d+ detik) lagi/,
        );
        await (
          await byTestId(app, "hall-devices-empty")
        ).waitForDisplayed({ timeout: 10000 });
        const signedBefore = await numberOf(app, "hall-signed");
        const presentBefore = await numberOf(app, "hall-present");
        assert.equal(await numberOf(app, "hall-invited"), list.length);
        await screenshot(app, "hub-1-running");

        // The hub serves its page (or nothing), never the organiser's app.
        const base = new URL(pairUrl).origin;
        assert.ok(
          existsSync(path.join(dist, "hub.html")),
          "ui/dist/hub.html is missing: build the UI before the app",
        );
        const served = await hubFetch(base, "GET", "/");
        // Tauri re-serialises embedded HTML, so compare what matters.
        assert.equal(served.status, 200, served.text);
        assert.match(served.text, /<div id="hub">/);
        assert.doesNotMatch(served.text, /<div id="app">/);
        assert.equal((await hubFetch(base, "GET", "/index.html")).status, 404);

        // Now a tablet: Chromium at tablet size with touch opens the
        // pairing link, is named, finds the attendee by NIP and signs with
        // a finger, on the page the app's hub serves.
        const token = new URL(pairUrl).hash.replace(/^#pair=/, "");
        tablet = await newDevicePage(browser, TABLET, offHost);
        const { page } = tablet;
        await page.goto(pairUrl, { waitUntil: "load" });
        await typeInto(page, "hub-device-name", "Tablet pintu kiri");
        await tap(page, "hub-pair");
        await waitStep(page, "find", 15000, shots);
        const login = await page.evaluate(() =>
          JSON.parse(localStorage.getItem("netra.hub.login")),
        );
        assert.equal(login.mode, "device");
        // The pairing code is good once.
        const again = await hubFetch(base, "POST", "/api/pair", {
          token,
          name: "Tablet kedua",
        });
        assert.equal(again.status, 401, again.text);
        const auth = login.token;
        const session = await api(base, "GET", "/api/session", undefined, auth);
        assert.equal(session.device_name, "Tablet pintu kiri");
        await signOnTablet(page, signer.nip);
        assert.match(
          await page.$eval(byId("step-thanks"), (e) => e.textContent),
          /Terima kasih/,
        );
        await page.screenshot({
          path: path.join(shots, "hub-1b-tablet-thanks.png"),
        });
        assert.deepEqual(tablet.problems, []);

        // The app's live view (polled every 2 s) counts it.
        await app.waitUntil(
          async () => (await numberOf(app, "hall-signed")) === signedBefore + 1,
          {
            timeout: 10000,
            timeoutMsg: "the signed counter never went up",
          },
        );
        assert.equal(await numberOf(app, "hall-present"), presentBefore + 1);
        const device = await byTestId(app, "hall-device");
        await device.waitForDisplayed({ timeout: 10000 });
        assert.match(await device.getText(), /Tablet pintu kiri/);
        assert.match(await device.getText(), /127\.0\.0\.1/);
        assert.equal(await textOf(app, "hall-device-signatures"), "1");
        const channel = await app.$(
          '[data-testid="hall-channel"][data-channel="device"]',
        );
        assert.match(await channel.getText(), /Tablet pintu kiri\s*1$/);
        assert.match(await textOf(app, "hall-recent"), new RegExp(signer.name));
        // The code on screen was used by that tablet.
        assert.match(await textOf(app, "pairing-spent"), /Sudah dipakai/);
        await app.execute(() =>
          document
            .querySelector('[data-testid="hall-counters"]')
            ?.scrollIntoView({ block: "start" }),
        );
        await screenshot(app, "hub-2-signed");

        // The Peserta screen follows the hall by itself: the tablet signs
        // a second attendee while it is open, and the count goes up.
        await click(app, "back");
        await click(app, "open-people");
        const present = async () =>
          Number(
            (await textOf(app, "attendance")).match(/([\d.]+) hadir/)?.[1] ??
              NaN,
          );
        await app.waitUntil(
          async () => (await present()) === presentBefore + 1,
          {
            timeout: 10000,
            timeoutMsg: "the Peserta screen does not count the first signature",
          },
        );
        await waitStep(page, "find", 15000, shots);
        await signOnTablet(page, second.nip);
        await app.waitUntil(
          async () => (await present()) === presentBefore + 2,
          {
            timeout: 10000,
            timeoutMsg: "the Peserta screen did not follow the tablet",
          },
        );
        await setField(app, "people-search", second.nip);
        await app
          .waitUntil(
            async () => {
              // The one row the NIP matches: the second signer, present.
              const matched = await textOf(app, "people-matched");
              const rows = await textOf(app, "people-table");
              return /^1 cocok/.test(matched) && rows.includes("✓ Hadir");
            },
            {
              timeout: 10000,
              timeoutMsg: "the signer's row never showed them present",
            },
          )
          .catch(async (e) => {
            await screenshot(app, "FAILED-people-follow");
            throw new Error(
              `${e.message}: ${await textOf(app, "people-table")}`,
            );
          });
        await screenshot(app, "hub-2b-people-follow");
        await click(app, "back");
        await click(app, "open-hall");
        await (
          await byTestId(app, "hub-url")
        ).waitForDisplayed({ timeout: 10000 });

        // Phones: opened from the switch, with a rotating code of their own.
        await app.execute(() => window.scrollTo(0, 0));
        await (await app.$('[data-testid="phones-card"] label.switch')).click();
        await app.waitUntil(
          async () => (await textOf(app, "phones-state")) === "Dibuka",
          {
            timeout: 10000,
          },
        );
        const phoneQr = await byTestId(app, "phone-qr");
        await phoneQr.waitForDisplayed({ timeout: 10000 });
        const phoneUrl = await phoneQr.getAttribute("data-url");
        assert.ok(phoneUrl.startsWith(`${url}/#phone=`), phoneUrl);
        const phone = await api(base, "POST", "/api/phone", {
          token: new URL(phoneUrl).hash.replace(/^#phone=/, ""),
        });
        assert.equal(phone.mode, "phone");
        await app.waitUntil(
          async () => /^1 ponsel/.test(await textOf(app, "phones-opened")),
          {
            timeout: 10000,
          },
        );
        await screenshot(app, "hub-3-phones-open");
        // The phones' code changes every 30 s (the hub keeps taking the old one
        // for one more period); the screen shows the new one as soon as it exists.
        const until = Number(await phoneQr.getAttribute("data-until"));
        await app.waitUntil(
          async () =>
            (await (
              await byTestId(app, "phone-qr")
            ).getAttribute("data-url")) !== phoneUrl,
          {
            timeout: 40000,
            interval: 200,
            timeoutMsg: "the phones' code never changed",
          },
        );
        const late = Date.now() / 1000 - until;
        assert.ok(
          late < 2,
          `the new phones' code reached the screen ${late.toFixed(1)} s after the change`,
        );

        // "Pindai untuk menandatangani": a presentation of the event puts the
        // phones' code over the slide on the audience window, and follows its
        // rotation there too. Then back to the hall screen.
        await click(app, "back");
        await click(app, "open-presentation");
        await click(app, "start-presentation");
        await (
          await byTestId(app, "presenter-view")
        ).waitForDisplayed({ timeout: 10000 });
        await click(app, "presenter-sign-here");
        await app.waitUntil(
          async () =>
            (await (
              await byTestId(app, "presenter-sign-here")
            ).getAttribute("aria-pressed")) === "true",
          {
            timeout: 10000,
            timeoutMsg: "the sign-here button never showed on",
          },
        );
        await switchTo(app, '[data-testid="audience"]', "the audience window");
        // A projector's size (Xvfb has no window manager to make it full screen).
        await app.setWindowRect(0, 0, 1920, 1080);
        const signQr = await byTestId(app, "sign-overlay-qr");
        await signQr.waitForDisplayed({ timeout: 10000 });
        const signUrl = await signQr.getAttribute("data-url");
        assert.ok(signUrl.startsWith(`${url}/#phone=`), signUrl);
        assert.equal(await textOf(app, "sign-overlay-address"), url);
        assert.match(
          await (await byTestId(app, "sign-overlay")).getText(),
          /Pindai untuk menandatangani[\s\S]*Satu ponsel untuk satu orang/,
        );
        const qrSize = await app.execute(() => {
          const r = document
            .querySelector('[data-testid="sign-overlay-qr"] img')
            .getBoundingClientRect();
          return { w: r.width, h: r.height, screen: window.innerHeight };
        });
        assert.ok(
          qrSize.h >= 0.45 * qrSize.screen && qrSize.w === qrSize.h,
          `the QR is large and square: ${JSON.stringify(qrSize)}`,
        );
        await screenshot(app, "hub-3b-audience-sign-here");
        const signUntil = Number(await signQr.getAttribute("data-until"));
        await app.waitUntil(
          async () =>
            (await (
              await byTestId(app, "sign-overlay-qr")
            ).getAttribute("data-url")) !== signUrl,
          {
            timeout: 40000,
            interval: 200,
            timeoutMsg: "the audience window's phones' code never changed",
          },
        );
        const signLate = Date.now() / 1000 - signUntil;
        assert.ok(
          signLate < 2,
          `the new code reached the audience window ${signLate.toFixed(1)} s after the change`,
        );
        await switchTo(
          app,
          '[data-testid="presenter-view"]',
          "the organiser window",
        );
        await click(app, "presenter-end");
        await app.waitUntil(
          async () => (await app.getWindowHandles()).length === 1,
          { timeout: 10000, timeoutMsg: "the audience window stayed open" },
        );
        await app.switchToWindow((await app.getWindowHandles())[0]);
        await click(app, "presentation-back");
        await click(app, "open-hall");
        await (
          await byTestId(app, "phone-qr")
        ).waitForDisplayed({ timeout: 10000 });
        assert.equal(await textOf(app, "hub-url"), url);

        // "Kode baru": a fresh pairing code replaces the spent one.
        await click(app, "pairing-new");
        await app.waitUntil(
          async () =>
            (await (
              await byTestId(app, "pairing-qr")
            ).getAttribute("data-url")) !== pairUrl,
          { timeout: 10000 },
        );
        assert.match(await textOf(app, "pairing-left"), /Berlaku/);
        assert.equal((await app.$$('[data-testid="pairing-spent"]')).length, 0);

        // "Tampilkan besar": the phones' code and the address, full window.
        await click(app, "phones-project");
        await (
          await byTestId(app, "hall-projector")
        ).waitForDisplayed({ timeout: 10000 });
        assert.equal(await textOf(app, "projector-url"), url);
        await screenshot(app, "hub-4-projector");
        await click(app, "projector-close");

        // Revoking the tablet ends its token at once.
        await click(app, "hall-device-revoke");
        await click(app, "hall-device-revoke-yes");
        await app.waitUntil(
          async () =>
            /Dicabut/.test(
              await (await byTestId(app, "hall-device")).getText(),
            ),
          {
            timeout: 10000,
          },
        );
        const revoked = await hubFetch(
          base,
          "GET",
          "/api/ping",
          undefined,
          auth,
        );
        assert.equal(revoked.status, 403, revoked.text);
        // The tablet hears it at its next heartbeat (every 5 s).
        await tablet.page.waitForSelector(byId("hub-lost"), {
          visible: true,
          timeout: 15000,
        });
        await tablet.page.screenshot({
          path: path.join(shots, "hub-4b-tablet-revoked.png"),
        });

        // Stopping: devices are told "closed" during the grace period, then the port closes.
        await click(app, "hub-stop");
        await click(app, "hub-stop-yes");
        await (
          await byTestId(app, "hub-stopping")
        ).waitForDisplayed({ timeout: 5000 });
        const closing = await hubFetch(
          base,
          "GET",
          "/api/ping",
          undefined,
          phone.token,
        );
        assert.equal(closing.status, 503, closing.text);
        assert.equal(closing.json?.code, "closed");
        await (
          await byTestId(app, "hub-start")
        ).waitForDisplayed({ timeout: 30000 });
        assert.match(await textOf(app, "hall-notice"), /dihentikan/);
        await assert.rejects(
          hubFetch(base, "GET", "/api/ping"),
          "the port is closed",
        );
        // The counts stay after the hub stopped.
        assert.equal(await numberOf(app, "hall-signed"), signedBefore + 2);
        await screenshot(app, "hub-5-stopped");
      } finally {
        await closeApp(app);
      }

      const verify = cli(["--db", db, "verify", "--event", "1"]);
      assert.match(verify, /^OK: 2 pernyataan/);
      // The access log beside the database: paths and clients, no names or NIPs.
      const log = readFileSync(
        path.join(path.dirname(db), "hub-access.log"),
        "utf8",
      );
      assert.match(log, /POST \/api\/submit 200 \d+ms device#\d+/);
      assert.ok(
        !log.includes(signer.name) && !log.includes(signer.nip),
        "no personal data in the log",
      );
      assert.ok(!log.includes("#pair="), "no token in the log");
    });
  },
);
