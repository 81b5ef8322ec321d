// Log audit in the real window: the event's entries (two signatures from
// the CLI among them), the action filter, and the export through the save
// dialog (answered by NETRA_E2E_DIALOG, as in backup.test.mjs).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
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

const answers = mkdtempSync(path.join(os.tmpdir(), "netra-e2e-dialog-"));
const answerFile = path.join(answers, "answer.txt");
/** What the next native dialog "picks". */
const answerDialog = (picked) => writeFileSync(answerFile, picked);

const rowCount = async (app) =>
  (await app.$$('[data-testid="audit-row"]')).length;

describe("Log audit screen", { timeout: 300000 }, () => {
  before(async () => {
    answerDialog("");
    process.env.NETRA_E2E_DIALOG = answerFile;
    await startDriver();
  });
  after(() => {
    stopDriver();
    delete process.env.NETRA_E2E_DIALOG;
  });

  test("lists the event's entries, filters them, exports them", async () => {
    const db = tempDb();
    cli(["--db", db, "demo", "--people", "10"]);
    cli([
      "--db",
      db,
      "declaration",
      "sign-script",
      "--event",
      "1",
      "--count",
      "2",
    ]);

    const app = await openApp(db);
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      await rows[0].click();
      await (
        await byTestId(app, "open-audit")
      ).waitForDisplayed({ timeout: 10000 });
      await screenshot(app, "audit-00-event-page");
      await click(app, "open-audit");
      await (
        await byTestId(app, "audit-screen")
      ).waitForDisplayed({ timeout: 10000 });
      await (
        await byTestId(app, "audit-list")
      ).waitForDisplayed({ timeout: 10000 });
      const all = await rowCount(app);
      assert.ok(all > 2, `more than the signatures: ${all} rows`);
      assert.match(await textOf(app, "audit-count"), new RegExp(`${all}`));
      const listText = await textOf(app, "audit-list");
      const signed = listText.match(/Surat pernyataan ditandatangani/g) ?? [];
      assert.equal(signed.length, 2, "the two signatures are listed");
      await screenshot(app, "audit-0-all");

      // Only Surat pernyataan: the two signatures.
      await setField(app, "audit-filter-action", "declaration");
      await app.waitUntil(async () => (await rowCount(app)) === 2, {
        timeout: 10000,
        timeoutMsg: "the action filter never left 2 rows",
      });
      assert.match(await textOf(app, "audit-count"), /^2 catatan$/);
      await screenshot(app, "audit-1-declarations");

      // An actor with nothing in this event: the empty message.
      await setField(app, "audit-filter-actor", "phone");
      await (
        await byTestId(app, "audit-empty")
      ).waitForDisplayed({ timeout: 10000 });
      await screenshot(app, "audit-2-empty");
      await setField(app, "audit-filter-actor", "");
      await app.waitUntil(async () => (await rowCount(app)) === 2, {
        timeout: 10000,
        timeoutMsg: "clearing the actor filter never brought back 2 rows",
      });

      // Export the filtered entries: the save dialog answers with a folder.
      const saveDir = mkdtempSync(path.join(os.tmpdir(), "netra-e2e-save-"));
      answerDialog(saveDir);
      await click(app, "audit-export");
      const info = await textOf(app, "audit-info");
      const saved = path.join(saveDir, "log-audit-acara-1.json");
      assert.ok(info.includes(saved), `the notice names ${saved}: ${info}`);
      assert.ok(existsSync(saved), `the export exists: ${saved}`);
      const exported = JSON.parse(readFileSync(saved, "utf8"));
      assert.equal(exported.length, 2);
      assert.ok(exported.every((e) => e.action === "declaration.sign"));
      await screenshot(app, "audit-3-exported");

      // Back to the event.
      await click(app, "back");
      await (
        await byTestId(app, "event-title")
      ).waitForDisplayed({ timeout: 10000 });
    } finally {
      await closeApp(app);
    }
  });
});
