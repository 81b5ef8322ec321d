// Dokumen and Verifikasi in the real window: print a daftar hadir and a
// batch of certificates (progress shown), then check the QR payload of a
// printed page on the Verifikasi screen, genuine first and "changed" after
// the roster is edited with the CLI.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
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

/** Prints the minutes with the CLI and returns the text of their QR code. */
function minutesCode(db) {
  const res = JSON.parse(
    cli([
      "--db",
      db,
      "--json",
      "pdf",
      "berita-acara",
      "--event",
      "1",
      "-o",
      `${db}.ba.pdf`,
    ]),
  );
  assert.equal(res.codes.length, 1);
  return res.codes[0];
}

async function checkCode(app, code) {
  await setField(app, "qr-payload", code);
  await click(app, "verify-qr");
  const result = await byTestId(app, "qr-result");
  await result.waitForDisplayed({ timeout: 10000 });
  return {
    status: await result.getAttribute("data-status"),
    text: await result.getText(),
  };
}

describe("Dokumen and Verifikasi screens", { timeout: 300000 }, () => {
  before(startDriver);
  after(stopDriver);

  test("print documents, then verify a QR code as genuine and as changed", async () => {
    const db = tempDb();
    cli(["--db", db, "demo", "--people", "120"]);
    cli([
      "--db",
      db,
      "declaration",
      "sign-script",
      "--event",
      "1",
      "--count",
      "60",
    ]);
    const app = await openApp(db);
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      await rows[0].click();
      await click(app, "open-documents");
      await (
        await byTestId(app, "documents-form")
      ).waitForDisplayed({ timeout: 10000 });
      await screenshot(app, "documents-0-form");

      await click(app, "print");
      const result = await byTestId(app, "document-result");
      await result.waitForDisplayed({ timeout: 30000 });
      const pages = Number(await textOf(app, "document-pages"));
      assert.ok(pages >= 4, `60 signed rows take several pages, got ${pages}`);
      const text = await textOf(app, "document-result");
      assert.match(text, /Daftar hadir - .*\.pdf/);
      const path = await textOf(app, "document-path");
      assert.ok(path && existsSync(path), `the PDF exists: ${path}`);
      const pdf = execFileSync("pdftotext", [path, "-"], { encoding: "utf8" });
      assert.match(pdf, new RegExp(`Halaman ${pages} dari ${pages}`));
      await screenshot(app, "documents-1-daftar-hadir");

      // A batch: 60 certificates, with the progress bar on the way.
      await (await byTestId(app, "kind-sertifikat")).click();
      await click(app, "print");
      await app.waitUntil(
        async () => Number(await textOf(app, "document-pages")) === 60,
        {
          timeout: 60000,
          timeoutMsg: "certificates never finished",
        },
      );
      await screenshot(app, "documents-2-sertifikat");

      // The minutes printed from the CLI, checked on the Verifikasi screen.
      const code = minutesCode(db);
      await click(app, "nav-verifikasi");
      let check = await checkCode(app, code);
      assert.equal(check.status, "genuine", check.text);
      assert.match(check.text, /ASLI/);
      // The code itself says what the paper must show, in large type.
      const claims = await textOf(app, "qr-claims");
      assert.match(claims, /Pastikan kertas ini menyebut:/);
      assert.match(claims, /Jenis\s+Berita acara/);
      assert.match(claims, /Hadir\s+60 orang/);
      await screenshot(app, "verify-0-genuine");

      // The event is renamed after printing: the paper no longer matches.
      cli([
        "--db",
        db,
        "event",
        "edit",
        "1",
        "--title",
        "Judul yang diganti setelah dicetak",
      ]);
      check = await checkCode(app, code);
      assert.equal(check.status, "changed", check.text);
      assert.match(check.text, /judul acara/);
      await screenshot(app, "verify-1-changed");

      // A tampered code.
      const at = code.length - 10;
      const forged =
        code.slice(0, at) + (code[at] === "A" ? "B" : "A") + code.slice(at + 1);
      check = await checkCode(app, forged);
      assert.equal(check.status, "forged", check.text);
      await screenshot(app, "verify-2-forged");
    } finally {
      await closeApp(app);
    }
  });
});
