// Verifikasi → "Periksa berkas PDF" in the real window: a certificate file
// picked in the open dialog and one dropped on the card, both checked page
// by page; a file that is not a PDF gets one clear message.
//
// Native dialogs cannot be clicked over WebDriver: NETRA_E2E_DIALOG names a
// file whose text answers every dialog the app opens.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";

import path from "node:path";
import { describe, test } from "node:test";

import {
  byTestId,
  cli,
  click,
  closeApp,
  openApp,
  screenshot,
  tempDb,
  textOf,
  driverAnsweringDialogs,
} from "./harness.mjs";

describe("Periksa berkas PDF", { timeout: 300000 }, () => {
  const { answer: answerDialog, dir: answers } = driverAnsweringDialogs();

  test("a certificate file picked and dropped, and a file that is not a PDF", async () => {
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
      "3",
    ]);
    const pdf = path.join(path.dirname(db), "sertifikat.pdf");
    cli(["--db", db, "pdf", "sertifikat", "--event", "1", "-o", pdf]);

    const app = await openApp(db);
    try {
      await click(app, "nav-verifikasi");
      answerDialog(pdf);
      await click(app, "verify-pdf");
      const summary = await textOf(app, "pdf-summary");
      assert.match(summary, /3 halaman: semua halaman asli/);
      const pages = await app.$$('[data-testid="pdf-page"]');
      assert.equal(pages.length, 3);
      assert.match(
        await pages[0].getText(),
        /Halaman 1\s+ASLI: Sertifikat no\. 1.*Nama: /s,
      );
      const card = await byTestId(app, "pdf-check");
      await app.execute((el) => el.scrollIntoView(), card);
      await screenshot(app, "verify-pdf-0-picked");

      // The same file dropped on the card.
      const base64 = readFileSync(pdf).toString("base64");
      await app.execute(
        (el, data) => {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(
            new File([bytes], "kiriman-wa.pdf", { type: "application/pdf" }),
          );
          el.dispatchEvent(
            new DragEvent("drop", { dataTransfer: transfer, bubbles: true }),
          );
        },
        card,
        base64,
      );
      await app.waitUntil(
        async () => /kiriman-wa\.pdf/.test(await textOf(app, "pdf-summary")),
        {
          timeout: 20000,
          timeoutMsg: "the dropped file was never checked",
        },
      );
      assert.match(await textOf(app, "pdf-summary"), /semua halaman asli/);

      const junk = path.join(answers, "bukan.pdf");
      writeFileSync(junk, "bukan pdf");
      answerDialog(junk);
      await click(app, "verify-pdf");
      await app.waitUntil(
        async () => /bukan PDF/.test(await textOf(app, "pdf-error")),
        {
          timeout: 10000,
          timeoutMsg: "no message for a file that is not a PDF",
        },
      );
      await screenshot(app, "verify-pdf-1-not-a-pdf");
    } finally {
      await closeApp(app);
    }
  });
});
