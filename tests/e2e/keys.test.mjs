// Trusted keys on the Verifikasi screen: another installation's key (made
// with the CLI on a second database) is imported, listed with its source
// and grouped fingerprint, removed after "Yakin hapus?", and gone. Then the
// Peserta export dialog: a short passphrase is refused beside its field, a
// sealed file is written (NETRA_E2E_DIALOG answers the save dialog, as in
// audit.test.mjs), and without encryption the warning shows.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
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
  tempDb,
  textOf,
  driverAnsweringDialogs,
} from "./harness.mjs";

const keyRow = (app, keyId) =>
  app.$(`[data-testid="trusted-key-row"][data-key-id="${keyId}"]`);

describe("Trusted keys and the sealed export", { timeout: 300000 }, () => {
  const { answer: answerDialog, dir: answers } = driverAnsweringDialogs();

  test("imports a key, lists it, removes it after confirming", async () => {
    const db = tempDb();
    cli(["--db", db, "demo", "--people", "10"]);
    const other = JSON.parse(cli(["--db", tempDb(), "--json", "key", "show"]));

    const app = await openApp(db);
    try {
      await click(app, "nav-verifikasi");
      await (
        await byTestId(app, "trusted-keys")
      ).waitForDisplayed({ timeout: 10000 });
      // This installation's own key is listed first, trusted, with no "Hapus".
      await app.waitUntil(
        async () =>
          (await app.$$('[data-testid="trusted-key-row"]')).length === 1,
        { timeout: 10000, timeoutMsg: "the own key is never listed" },
      );
      const own = await app.$('[data-testid="trusted-key-row"]');
      assert.equal(await own.getAttribute("data-source"), "key_file");
      assert.equal(
        (await own.$$('[data-testid="remove-key"]')).length,
        0,
        "the own key cannot be removed",
      );

      await setField(app, "other-key", other.public_key);
      await setField(app, "other-label", "Kiosk Bawaslu Kab. Solok");
      await click(app, "import-key");
      const row = await keyRow(app, other.key_id);
      await row.waitForDisplayed({ timeout: 10000 });
      const text = await row.getText();
      assert.match(text, /diimpor/);
      assert.match(text, /Kiosk Bawaslu Kab\. Solok/);
      assert.match(text, /dipercaya/);
      assert.doesNotMatch(text, /tidak dipercaya/);
      // The fingerprint in blocks of four hex digits, to be read aloud.
      assert.match(text, /\b[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}\b/);
      assert.equal(await row.getAttribute("data-trusted"), "true");
      await row.scrollIntoView({ block: "center" });
      await screenshot(app, "keys-0-imported");

      await (await row.$('[data-testid="remove-key"]')).click();
      const confirm = await row.$('[data-testid="confirm-remove-key"]');
      await confirm.waitForDisplayed({ timeout: 10000 });
      assert.match(await row.getText(), /Yakin hapus\?/);
      await screenshot(app, "keys-1-confirm");
      await confirm.click();
      await app.waitUntil(
        async () => !(await keyRow(app, other.key_id).isExisting()),
        {
          timeout: 10000,
          timeoutMsg: "the removed key is still listed",
        },
      );
      assert.match(await textOf(app, "key-message"), /tidak lagi dipercaya/);
      assert.equal(
        (await app.$$('[data-testid="trusted-key-row"]')).length,
        1,
        "only the own key is left",
      );
      await (
        await byTestId(app, "trusted-keys")
      ).scrollIntoView({ block: "center" });
      await screenshot(app, "keys-2-removed");
      const listed = JSON.parse(cli(["--db", db, "--json", "key", "list"]));
      assert.deepEqual(
        listed.map((k) => k.source),
        ["key_file"],
        "the CLI agrees",
      );
    } finally {
      await closeApp(app);
    }
  });

  test("the export asks for a passphrase or warns before a plain file", async () => {
    const db = tempDb();
    cli(["--db", db, "demo", "--people", "10"]);
    const out = mkdtempSync(path.join(os.tmpdir(), "netra-e2e-export-"));

    const app = await openApp(db);
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      await rows[0].click();
      await click(app, "open-people");
      await (
        await byTestId(app, "people-table")
      ).waitForDisplayed({ timeout: 10000 });
      await click(app, "export-xlsx");
      await (
        await byTestId(app, "export-dialog")
      ).waitForDisplayed({ timeout: 10000 });
      assert.equal(
        await (await byTestId(app, "export-encrypt")).isSelected(),
        true,
        "encryption is the default",
      );

      // Too short: the core's rule, shown beside the field.
      await setField(app, "export-passphrase", "pendek");
      await setField(app, "export-passphrase-again", "pendek");
      await click(app, "export-save");
      await app.waitUntil(
        async () =>
          /minimal 12 karakter/.test(await textOf(app, "export-dialog")),
        { timeout: 10000, timeoutMsg: "no length error" },
      );
      await screenshot(app, "keys-3-export-short-passphrase");

      const pass = "empat kata acak sekali";
      await setField(app, "export-passphrase", pass);
      await setField(app, "export-passphrase-again", pass);
      answerDialog(out);
      await click(app, "export-save");
      await app.waitUntil(
        async () => !(await byTestId(app, "export-dialog").isExisting()),
        { timeout: 20000, timeoutMsg: "the dialog stays open" },
      );
      const files = readdirSync(out);
      assert.equal(files.length, 1, `${files}`);
      assert.match(files[0], /\.xlsx\.age$/);
      assert.ok(
        readFileSync(path.join(out, files[0]))
          .subarray(0, 21)
          .toString()
          .startsWith("age-encryption.org/v1"),
        "the file is sealed with age",
      );

      // Without encryption the warning is shown; cancel writes nothing.
      await click(app, "export-csv");
      await click(app, "export-encrypt");
      assert.match(
        await textOf(app, "export-warning"),
        /tanpa enkripsi: siapa pun yang memegang berkas dapat membacanya/,
      );
      await screenshot(app, "keys-4-export-unsealed-warning");
      await click(app, "export-cancel");
      assert.equal(await byTestId(app, "export-dialog").isExisting(), false);
      assert.equal(readdirSync(out).length, 1);
    } finally {
      answerDialog("");
      await closeApp(app);
    }
  });
});
