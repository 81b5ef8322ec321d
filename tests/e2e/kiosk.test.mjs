// Kiosk mode in the real window: start it from the event page with a PIN,
// find a demo attendee (NIP masked), read and tick the pledge, sign with a
// scripted pointer stroke and with synthetic touches, see "Terima kasih",
// auto-reset, be refused a second signature, and leave only with the PIN.
import assert from "node:assert/strict";
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

const step = (app) => app.execute(() => document.body.dataset.step ?? "");

async function waitStep(app, name) {
  await app.waitUntil(async () => (await step(app)) === name, {
    timeout: 10000,
    timeoutMsg: `kiosk never reached step ${name}`,
  });
}

/**
 * A signature drawn with W3C pointer actions (mouse): offsets are from the
 * pad's centre, moves 14 px and 25 ms apart so signature_pad keeps each point.
 */
async function drawWithPointer(app) {
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
      y: Math.round(Math.sin(i / 3) * 50),
      duration: 25,
    });
  }
  await chain.up({ button: 0 }).perform();
}

/**
 * A signature drawn by synthetic touch events (the WebKitGTK 2.50 path),
 * 20 ms apart: signature_pad throttles points to one per 16 ms.
 */
async function drawWithTouch(app) {
  await app.executeAsync((done) => {
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
        // WebKit has no Touch constructor: an event with the same shape.
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
        fire("touchmove", 80 + i * 15, 150 + Math.cos(i / 2) * 45);
      } else {
        clearInterval(timer);
        fire("touchend", 80 + 30 * 15, 150);
        done();
      }
    }, 20);
  });
}

const padPoints = (app) =>
  app.execute(() =>
    window.__netraPad
      ? window.__netraPad.toData().reduce((n, g) => n + g.points.length, 0)
      : 0,
  );

async function findAndConfirm(app, name) {
  await setField(app, "kiosk-search", name);
  const match = await byTestId(app, "kiosk-match");
  await match.waitForDisplayed({ timeout: 10000 });
}

describe("Kiosk mode in the desktop window", { timeout: 300000 }, () => {
  before(startDriver);
  after(stopDriver);

  test("find, read, sign, thank-you, reset, refuse a second signature, PIN exit", async () => {
    const db = tempDb();
    cli(["--db", db, "demo", "--people", "300"]);
    const people = JSON.parse(
      cli(["--db", db, "--json", "roster", "list", "--event", "1"]),
    );
    const list = people.people ?? people;
    const asn = list.filter((p) => p.nip);
    const first = asn[0];
    const second = asn[1];
    const app = await openApp(db);
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      await rows[0].click();
      await click(app, "start-kiosk");
      await setField(app, "kiosk-pin", "12");
      await setField(app, "kiosk-pin-again", "12");
      await click(app, "kiosk-start-submit");
      assert.match(await textOf(app, "kiosk-start"), /PIN harus 4–12 angka/);
      await setField(app, "kiosk-pin", "2468");
      await setField(app, "kiosk-pin-again", "2468");
      await setField(app, "kiosk-idle", "20");
      await screenshot(app, "kiosk-0-start-dialog");
      await click(app, "kiosk-start-submit");

      await switchTo(app, '[data-testid="kiosk"]', "the kiosk");
      await app.waitUntil(
        () => app.execute(() => document.body.dataset.ready === "1"),
        {
          timeout: 20000,
        },
      );
      // The kiosk page cannot call the organiser's commands.
      const denied = await app.executeAsync((done) =>
        window.__TAURI_INTERNALS__
          .invoke("roster_page", {
            eventId: 1,
            query: {
              text: "",
              category: null,
              presence: "all",
              offset: 0,
              limit: 10,
            },
          })
          .then(() => done("allowed"))
          .catch((e) => done(String(e?.message ?? e))),
      );
      assert.notEqual(
        denied,
        "allowed",
        "roster_page must be refused in the kiosk",
      );
      await screenshot(app, "kiosk-1-find");

      const t0 = Date.now();
      // Too little typed shows nobody.
      await setField(app, "kiosk-search", first.name.slice(0, 2));
      assert.equal((await app.$$('[data-testid="kiosk-match"]')).length, 0);
      await findAndConfirm(app, first.nip);
      const shown = await textOf(app, "kiosk-matches");
      assert.ok(shown.includes("••••"), shown);
      assert.ok(!shown.includes(first.nip), "the full NIP is never shown");
      await screenshot(app, "kiosk-2-match");
      await click(app, "kiosk-match");
      await waitStep(app, "confirm");
      await screenshot(app, "kiosk-3-confirm");
      await click(app, "confirm-yes");
      await waitStep(app, "read");
      assert.equal(await (await byTestId(app, "to-sign")).isEnabled(), false);
      await screenshot(app, "kiosk-4-read");
      await click(app, "agree");
      await click(app, "to-sign");
      await waitStep(app, "sign");

      await drawWithPointer(app);
      let points = await padPoints(app);
      if (points < 5) {
        // WebKitGTK's WebDriver may not carry button state on moves
        // (docs/stack-traps.md §4): draw with synthetic touches instead.
        await drawWithTouch(app);
        points = await padPoints(app);
      }
      assert.ok(points > 5, `the pad recorded ${points} points`);
      await screenshot(app, "kiosk-5-sign");
      await click(app, "submit-signature");
      await waitStep(app, "thanks");
      const thanks = await textOf(app, "step-thanks");
      assert.match(thanks, /Terima kasih/);
      const perAttendee = (Date.now() - t0) / 1000;
      console.log(
        `kiosk flow: ${perAttendee.toFixed(1)} s from typing to thank-you`,
      );
      await screenshot(app, "kiosk-6-thanks");
      // Auto reset after the thank-you.
      await waitStep(app, "find");

      // The same person again: told they already signed.
      await findAndConfirm(app, first.nip);
      await click(app, "kiosk-match");
      await waitStep(app, "confirm");
      assert.match(await textOf(app, "already-signed"), /sudah ditandatangani/);
      await screenshot(app, "kiosk-7-already-signed");
      assert.equal((await app.$$('[data-testid="confirm-yes"]')).length, 0);

      // A second attendee signs by touch only (the fallback adapter).
      await (await app.$("button=Kembali ke awal")).click();
      await findAndConfirm(app, second.nip);
      await click(app, "kiosk-match");
      await click(app, "confirm-yes");
      await click(app, "agree");
      await click(app, "to-sign");
      await waitStep(app, "sign");
      await drawWithTouch(app);
      assert.ok((await padPoints(app)) > 5, "touch events drew on the pad");
      await click(app, "submit-signature");
      await waitStep(app, "thanks");
      await (await byTestId(app, "step-thanks")).click();
      await waitStep(app, "find");

      // Wrong PIN refused, right PIN leaves.
      await click(app, "kiosk-exit-open");
      await setField(app, "pin-input", "1111");
      await click(app, "pin-submit");
      assert.match(await textOf(app, "pin-error"), /PIN salah/);
      await screenshot(app, "kiosk-8-wrong-pin");
      await setField(app, "pin-input", "2468");
      await click(app, "pin-submit");
      await switchTo(
        app,
        '[data-testid="declarations-card"]',
        "the organiser window",
      );
      await app.waitUntil(
        async () => /2/.test(await textOf(app, "declarations-total")),
        { timeout: 10000 },
      );
      await click(app, "verify-chain");
      assert.match(await textOf(app, "verify-result"), /Utuh: 2 catatan/);
      // The app's verdict names the key each record was checked against,
      // the same way `netra verify` does.
      assert.match(
        await textOf(app, "verify-keys"),
        /Diperiksa dengan kunci \w+ \(berkas kunci instalasi ini\): 2 pernyataan/,
      );
      await app.execute(() =>
        document
          .querySelector('[data-testid="verify-keys"]')
          ?.scrollIntoView({ block: "center" }),
      );
      await screenshot(app, "kiosk-9-back-to-organiser");
    } finally {
      await closeApp(app);
    }
    const verify = cli(["--db", db, "verify", "--event", "1"]);
    assert.match(verify, /^OK: 2 pernyataan/);
  });
});
