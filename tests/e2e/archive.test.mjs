// Arsip in the real window: export this event's archive from the event
// page, then import an archive made by another installation (another data
// folder and key, through the CLI): refused until its fingerprint is
// confirmed, then imported, checked and its QR verified on this laptop.
//
// Native dialogs cannot be clicked over WebDriver: NETRA_E2E_DIALOG names a
// file whose text answers every dialog the app opens.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

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

describe("Arsip acara", { timeout: 300000 }, () => {
  const { answer: answerDialog, dir: answers } = driverAnsweringDialogs();

  test("export here, import another installation's archive", async () => {
    const db = tempDb();
    cli(["--db", db, "demo", "--people", "20"]);
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

    // The other installation: its own folder, database and key.
    const other = tempDb();
    cli(["--db", other, "demo", "--people", "15"]);
    cli([
      "--db",
      other,
      "declaration",
      "sign-script",
      "--event",
      "1",
      "--count",
      "6",
    ]);
    const otherArchive = path.join(path.dirname(other), "kabupaten.netra");
    cli([
      "--db",
      other,
      "archive",
      "export",
      "--event",
      "1",
      "-o",
      otherArchive,
      "--with-pdf",
    ]);
    const fingerprint = JSON.parse(
      cli(["--db", other, "--json", "archive", "inspect", otherArchive]),
    ).signer.fingerprint_grouped;

    const app = await openApp(db);
    try {
      // Export from the event page into a folder (the save dialog's answer).
      await (await app.$('[data-testid="event-row"]')).click();
      const card = await byTestId(app, "event-archive");
      await card.waitForDisplayed({ timeout: 10000 });
      await app.execute((el) => el.scrollIntoView(), card);
      assert.match(
        await textOf(app, "archive-plain-warning"),
        /tanpa enkripsi/i,
      );
      await click(app, "archive-encrypt");
      await setField(app, "archive-passphrase", "kata sandi yang panjang");
      await setField(app, "archive-passphrase-again", "kata sandi lain");
      await click(app, "archive-export");
      assert.match(await card.getText(), /tidak sama/);
      await setField(
        app,
        "archive-passphrase-again",
        "kata sandi yang panjang",
      );
      const saveDir = mkdtempSync(path.join(os.tmpdir(), "netra-e2e-save-"));
      answerDialog(saveDir);
      await click(app, "archive-export");
      const exported = await byTestId(app, "archive-exported");
      await exported.waitForDisplayed({ timeout: 60000 });
      const text = await exported.getText();
      assert.match(text, /20 peserta, 4 surat pernyataan, 4 dokumen/);
      assert.match(text, /terenkripsi/);
      const written = path.join(
        saveDir,
        text.match(/Arsip tersimpan: .*\/([^/]+\.netra)/)[1],
      );
      assert.ok(existsSync(written), `the archive exists: ${written}`);
      await screenshot(app, "archive-1-exported");
      // The sealed archive opens only with its passphrase (checked by the CLI).
      const pass = path.join(saveDir, "pass.txt");
      writeFileSync(pass, "kata sandi yang panjang\n");
      assert.match(
        cli([
          "--db",
          other,
          "archive",
          "inspect",
          written,
          "--passphrase-file",
          pass,
        ]),
        /20 peserta/,
      );

      // Import the other installation's archive.
      await click(app, "nav-arsip");
      assert.match(await textOf(app, "imports-empty"), /Belum ada/);
      answerDialog(otherArchive);
      await click(app, "archive-pick");
      const preview = await byTestId(app, "archive-preview");
      await preview.waitForDisplayed({ timeout: 30000 });
      assert.match(
        await textOf(app, "archive-counts"),
        /15 peserta .* 6 surat pernyataan/s,
      );
      assert.equal(await textOf(app, "archive-fingerprint"), fingerprint);
      assert.equal(
        await (
          await byTestId(app, "archive-signer")
        ).getAttribute("data-trusted"),
        "false",
      );
      assert.equal(
        await (await byTestId(app, "archive-import")).isEnabled(),
        false,
      );
      await screenshot(app, "archive-2-untrusted");
      await click(app, "archive-trust");
      await click(app, "archive-import");
      assert.match(
        await textOf(app, "archive-notice"),
        /diimpor: 15 peserta, 6 surat pernyataan, 4 dokumen.*sekarang dipercaya/,
      );
      const row = await byTestId(app, "import-row");
      await row.waitForDisplayed({ timeout: 10000 });
      await click(app, "import-verify");
      assert.match(
        await textOf(app, "import-verified"),
        /Rantai utuh: 6 surat pernyataan/,
      );
      await screenshot(app, "archive-3-imported");

      // The same archive again: refused as a duplicate before importing.
      answerDialog(otherArchive);
      await click(app, "archive-pick");
      assert.match(await textOf(app, "archive-conflict"), /sudah diimpor/);
      assert.equal(
        await (await byTestId(app, "archive-import")).isEnabled(),
        false,
      );

      // A file that is not an archive: one clear message.
      const junk = path.join(answers, "bukan.netra");
      writeFileSync(junk, "PK\u0003\u0004 bukan arsip");
      answerDialog(junk);
      await click(app, "archive-pick");
      assert.match(await textOf(app, "archive-refused"), /Arsip ditolak/);
      await screenshot(app, "archive-4-refused");

      // Removing asks first, then the list is empty again.
      await click(app, "import-remove");
      await click(app, "import-remove-yes");
      assert.match(await textOf(app, "imports-empty"), /Belum ada/);
      const audit = JSON.parse(
        cli(["--db", db, "--json", "audit", "--action", "archive"]),
      );
      assert.deepEqual(audit.map((e) => e.action).sort(), [
        "archive.export",
        "archive.import",
        "archive.remove",
      ]);
    } finally {
      await closeApp(app);
    }
  });
});
