// The end of an event's life in the real window: close it (the kiosk
// button goes, the CLI's signing is refused), set how long its records are
// kept, then erase it after typing its title; the list says what was done
// and the CLI finds only the audit entry.
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
  tempDb,
  textOf,
} from "./harness.mjs";

describe("Closing, retention and erasing an event", { timeout: 240000 }, () => {
  before(startDriver);
  after(stopDriver);

  test("close, keep until a day, erase after the title is typed", async () => {
    const db = tempDb();
    cli(["--db", db, "demo", "--people", "15"]);
    cli([
      "--db",
      db,
      "declaration",
      "sign-script",
      "--event",
      "1",
      "--count",
      "4",
    ]);
    const title = JSON.parse(
      cli(["--db", db, "--json", "event", "show", "1"]),
    ).title;
    const app = await openApp(db);
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      await rows[0].click();
      await (
        await byTestId(app, "lifecycle")
      ).waitForDisplayed({
        timeout: 10000,
      });
      assert.match(
        await textOf(app, "retention-ends"),
        /disimpan sampai .+ \(bawaan: 24 bulan setelah acara\)/,
      );

      await click(app, "close-event");
      await (
        await byTestId(app, "closed-badge")
      ).waitForDisplayed({
        timeout: 10000,
      });
      assert.equal(
        (await app.$$('[data-testid="start-kiosk"]')).length,
        0,
        "no kiosk for a closed event",
      );
      assert.throws(
        () =>
          cli([
            "--db",
            db,
            "declaration",
            "sign-script",
            "--event",
            "1",
            "--count",
            "5",
          ]),
        /sudah ditutup/,
      );
      await setField(app, "retention-until", "2199-12-31");
      await click(app, "retention-save");
      await app.waitUntil(
        async () => /Desember 2199/.test(await textOf(app, "retention-ends")),
        { timeout: 10000, timeoutMsg: "the retention day was not saved" },
      );
      await app.execute(() =>
        document
          .querySelector('[data-testid="lifecycle"]')
          ?.scrollIntoView({ block: "start" }),
      );
      await screenshot(app, "lifecycle-1-closed");

      await click(app, "erase-event");
      await (
        await byTestId(app, "erase-dialog")
      ).waitForDisplayed({
        timeout: 10000,
      });
      assert.match(
        await textOf(app, "erase-summary"),
        /15 peserta, 4 surat pernyataan/,
      );
      assert.equal(
        await (await byTestId(app, "erase-submit")).isEnabled(),
        false,
        "nothing happens before the title is typed",
      );
      await setField(app, "erase-confirm", "hapus");
      assert.equal(
        await (await byTestId(app, "erase-submit")).isEnabled(),
        false,
      );
      await setField(app, "erase-confirm", title);
      await screenshot(app, "lifecycle-2-confirm");
      await click(app, "erase-submit");
      const notice = await byTestId(app, "list-notice");
      await notice.waitForDisplayed({ timeout: 15000 });
      assert.match(
        await notice.getText(),
        /dihapus: 15 peserta dan 4 surat pernyataan/,
      );
      await screenshot(app, "lifecycle-3-erased");
    } finally {
      await closeApp(app);
    }
    const audit = JSON.parse(
      cli(["--db", db, "--json", "audit", "--event", "1"]),
    );
    assert.equal(audit.length, 1, JSON.stringify(audit));
    assert.equal(audit[0].action, "event.erase");
  });
});
