// Cadangan in the real window: settings with per-field errors, a backup
// through the save dialog, more signatures afterwards, then a restore of
// that backup through the open dialog, confirmed, and checked with the CLI.
//
// Native dialogs cannot be clicked over WebDriver: NETRA_E2E_DIALOG names a
// file whose text answers every dialog the app opens (a folder for a save
// dialog means "the offered name in that folder").
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

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

describe("Cadangan screen", { timeout: 300000 }, () => {
  const { answer: answerDialog, dir: answers } = driverAnsweringDialogs();

  test("settings, back up now, sign more, restore the backup", async () => {
    const db = tempDb();
    const dbDir = path.dirname(db);
    cli(["--db", db, "demo", "--people", "40"]);
    cli([
      "--db",
      db,
      "declaration",
      "sign-script",
      "--event",
      "1",
      "--count",
      "3",
    ]);
    // One automatic backup already there (named as the app names them).
    mkdirSync(path.join(dbDir, "cadangan"));
    cli([
      "--db",
      db,
      "backup",
      "-o",
      path.join(dbDir, "cadangan", "netra-otomatis-20261201T080000Z.db"),
    ]);
    const usb = mkdtempSync(path.join(os.tmpdir(), "netra-e2e-usb-"));

    const app = await openApp(db);
    try {
      await click(app, "nav-cadangan");
      await (
        await byTestId(app, "backup-keep")
      ).waitForDisplayed({ timeout: 10000 });
      await (
        await byTestId(app, "backup-list")
      ).waitForDisplayed({ timeout: 10000 });
      assert.equal((await app.$$('[data-testid="backup-row"]')).length, 1);
      assert.match(await textOf(app, "backup-list"), /Selasa, 1 Desember 2026/);
      assert.match(await textOf(app, "backup-last-at"), /belum pernah/);
      await screenshot(app, "backup-0-screen");
      await app.execute(() =>
        document.querySelector('[data-testid="backup-list"]').scrollIntoView(),
      );
      await screenshot(app, "backup-0-list");

      // Wrong values: one message beside each field.
      await setField(app, "backup-keep", "0");
      await setField(app, "backup-second-dir", "usb/cadangan");
      await click(app, "backup-save-settings");
      assert.match(await textOf(app, "backup-keep-error"), /antara 1 dan 100/);
      assert.match(
        await textOf(app, "backup-second-dir-error"),
        /lokasi folder lengkap/,
      );
      await screenshot(app, "backup-1-field-errors");

      // keep = 2 and a second folder from the folder picker, saved.
      await setField(app, "backup-keep", "2");
      answerDialog(usb);
      await click(app, "backup-choose-folder");
      await app.waitUntil(
        async () =>
          (await (await byTestId(app, "backup-second-dir")).getValue()) === usb,
        { timeout: 10000, timeoutMsg: "the picked folder never showed" },
      );
      await click(app, "backup-save-settings");
      assert.match(await textOf(app, "backup-settings-saved"), /tersimpan/);
      assert.equal(
        await (await byTestId(app, "backup-keep-error")).isExisting(),
        false,
      );
      const audited = JSON.parse(
        cli(["--db", db, "--json", "audit", "--action", "backup.settings"]),
      );
      assert.equal(audited.length, 1, "the change is audited");
      await screenshot(app, "backup-2-settings-saved");

      // Back up now: the save dialog answers with a folder.
      const saveDir = mkdtempSync(path.join(os.tmpdir(), "netra-e2e-save-"));
      answerDialog(saveDir);
      await click(app, "backup-now");
      const backupPath = await textOf(app, "backup-result-path");
      assert.match(
        path.basename(backupPath),
        /^netra-cadangan-\d{8}-\d{4}\.db$/,
      );
      assert.equal(path.dirname(backupPath), saveDir);
      assert.ok(existsSync(backupPath), `the backup exists: ${backupPath}`);
      assert.match(
        await textOf(app, "backup-result-counts"),
        /1 acara, 40 peserta, 3 surat pernyataan · \d/,
      );
      assert.match(
        await textOf(app, "backup-key-reminder"),
        /installation-key\.ed25519.*tidak ikut/,
      );
      await screenshot(app, "backup-3-backed-up");

      // Two more signatures (sign-script takes the first 5 by id; 3 signed).
      cli([
        "--db",
        db,
        "declaration",
        "sign-script",
        "--event",
        "1",
        "--count",
        "5",
      ]);
      assert.match(
        cli(["--db", db, "verify", "--event", "1"]),
        /OK: 5 pernyataan/,
      );

      // A row's "Pulihkan" asks first; "Batal" changes nothing.
      await click(app, "backup-restore");
      assert.match(
        await textOf(app, "restore-confirm"),
        /netra-otomatis-20261201T080000Z\.db/,
      );
      await click(app, "restore-cancel");
      await (
        await byTestId(app, "restore-confirm")
      ).waitForExist({ reverse: true, timeout: 5000 });

      // Restore the backup made above through the open dialog.
      answerDialog(backupPath);
      await click(app, "restore-file");
      const confirmText = await textOf(app, "restore-confirm");
      assert.match(confirmText, /disisihkan/);
      assert.ok(
        confirmText.includes(dbDir),
        `the dialog names the folder ${dbDir}`,
      );
      await screenshot(app, "backup-4-confirm");
      await click(app, "restore-confirm-yes");
      const counts = await byTestId(app, "restore-result-counts");
      await counts.waitForDisplayed({ timeout: 30000 });
      assert.equal(await counts.getAttribute("data-declarations"), "3");
      assert.match(await counts.getText(), /3 surat pernyataan/);
      const setAside = await textOf(app, "restore-set-aside");
      assert.match(setAside, /netra-sebelum-pemulihan-\d{8}-\d{6}\.db/);
      assert.match(setAside, /5 surat pernyataan/);
      assert.ok(
        readdirSync(dbDir).some((f) =>
          /^netra-sebelum-pemulihan-.*\.db$/.test(f),
        ),
        "the old database is kept beside the new one",
      );
      // The screen reloads from the restored database (saved after keep=2).
      assert.equal(await (await byTestId(app, "backup-keep")).getValue(), "2");
      await screenshot(app, "backup-5-restored");

      assert.match(
        cli(["--db", db, "verify", "--event", "1"]),
        /OK: 3 pernyataan/,
      );

      // The rest of the app sees the restored data too.
      await click(app, "nav-acara");
      const rows = await app.$$('[data-testid="event-row"]');
      await rows[0].waitForDisplayed({ timeout: 10000 });
      await screenshot(app, "backup-6-events-after-restore");
    } finally {
      await closeApp(app);
    }
  });

  test("a file that is not a backup is refused and nothing changes", async () => {
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
    const bogus = path.join(answers, "bukan-cadangan.db");
    writeFileSync(bogus, "ini bukan basis data ".repeat(100));
    const app = await openApp(db);
    try {
      await click(app, "nav-cadangan");
      answerDialog(bogus);
      await click(app, "restore-file");
      await click(app, "restore-confirm-yes");
      assert.match(
        await textOf(app, "restore-error"),
        /bukan berkas cadangan Netra/,
      );
      await screenshot(app, "backup-7-refused");
      assert.match(
        cli(["--db", db, "verify", "--event", "1"]),
        /OK: 2 pernyataan/,
      );
    } finally {
      await closeApp(app);
    }
  });

  test("a sealed backup with its key opens only with the passphrase", async () => {
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
    const sealed = path.join(answers, "tersegel.db.age");
    const app = await openApp(db);
    try {
      await click(app, "nav-cadangan");
      await (
        await byTestId(app, "backup-plain-warning")
      ).waitForDisplayed({ timeout: 10000 });
      await click(app, "backup-encrypt");
      await click(app, "backup-with-key");
      await setField(app, "backup-passphrase", "empat kata acak sekali");
      await setField(app, "backup-passphrase-again", "empat kata acak sekali");
      answerDialog(sealed);
      await click(app, "backup-now");
      await (
        await byTestId(app, "backup-result")
      ).waitForDisplayed({ timeout: 20000 });
      await screenshot(app, "backup-8-sealed");
      assert.equal(
        (await app.$$('[data-testid="backup-key-reminder"]')).length,
        0,
        "the key went along, sealed",
      );
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

      answerDialog(sealed);
      await click(app, "restore-file");
      await setField(app, "restore-passphrase", "bukan kata sandinya");
      await click(app, "restore-confirm-yes");
      assert.match(await textOf(app, "restore-error"), /Kata sandi salah/);
      assert.match(
        cli(["--db", db, "verify", "--event", "1"]),
        /OK: 4 pernyataan/,
      );

      answerDialog(sealed);
      await click(app, "restore-file");
      await setField(app, "restore-passphrase", "empat kata acak sekali");
      await click(app, "restore-confirm-yes");
      await (
        await byTestId(app, "restore-result")
      ).waitForDisplayed({ timeout: 20000 });
      await screenshot(app, "backup-9-sealed-restored");
    } finally {
      await closeApp(app);
    }
    assert.match(
      cli(["--db", db, "verify", "--event", "1"]),
      /OK: 2 pernyataan/,
    );
  });
});
