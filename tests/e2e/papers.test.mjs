// Kop surat & tanda pengesah on the Dokumen screen, in the real window: a
// letterhead made and picked, logos, signature and stamp picked through the
// (answered) native dialog, the Modern certificate design, a live preview
// drawn by pdf.js into a canvas, and a file that is no image refused with
// the core's message.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import { describe, test } from "node:test";

import {
  byTestId,
  cli,
  click,
  closeApp,
  driverAnsweringDialogs,
  openApp,
  screenshot,
  setField,
  tempDb,
  textOf,
} from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const icon = path.join(here, "..", "..", "assets", "icons", "icon.png");

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

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGBA PNG of `w` x `h`, transparent where `paint` gives null. */
function png(w, h, paint) {
  const rows = Buffer.alloc(h * (1 + 4 * w));
  for (let y = 0; y < h; y++) {
    const at = y * (1 + 4 * w);
    rows[at] = 0; // no filter
    for (let x = 0; x < w; x++) {
      const rgba = paint(x, y) ?? [255, 255, 255, 0];
      for (let i = 0; i < 4; i++) rows[at + 1 + 4 * x + i] = rgba[i];
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A blue scrawl on transparent ground, like a scanned signature. */
const signaturePng = () =>
  png(300, 120, (x, y) => {
    const wave = 60 + 35 * Math.sin(x / 18) * Math.cos(x / 47);
    return Math.abs(y - wave) < 4 ? [20, 40, 150, 255] : null;
  });

/** A purple ring with a dot, on transparent ground, like a stamp. */
const stampPng = () =>
  png(200, 200, (x, y) => {
    const r = Math.hypot(x - 100, y - 100);
    return (r > 80 && r < 94) || r < 20 ? [110, 40, 160, 220] : null;
  });

/** How many of the preview canvases' sampled pixels are not white. */
async function inkOnPreview(app) {
  return app.execute(() => {
    const canvases = [
      ...document.querySelectorAll('[data-testid="preview-canvas"]'),
    ];
    let ink = 0;
    for (const c of canvases) {
      const data = c
        .getContext("2d")
        .getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 4 * 7) {
        if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
      }
    }
    return { canvases: canvases.length, ink };
  });
}

/** Waits for a preview newer than `before` (its render time changes or appears). */
async function nextPreview(app, before) {
  await app.waitUntil(
    async () => {
      const state = await app.execute(() => {
        const s = document.querySelector('[data-testid="preview-status"]');
        const p = document.querySelector('[data-testid="preview-pages"]');
        return {
          loading: s?.dataset.loading,
          pages: p?.childElementCount ?? 0,
          rendering: p?.dataset.rendering,
          stamp: s?.dataset.renders,
          error: document.querySelector('[data-testid="preview-error"]')
            ?.textContent,
        };
      });
      if (state.error) throw new Error(`preview failed: ${state.error}`);
      return (
        state.loading === "0" &&
        state.rendering === "0" &&
        state.stamp !== before &&
        state.pages > 0
      );
    },
    { timeout: 30000, timeoutMsg: "the preview was never drawn" },
  );
  return app.execute(() => {
    const s = document.querySelector('[data-testid="preview-status"]');
    return {
      stamp: s?.dataset.renders,
      fetchMs: Number(s?.dataset.fetchMs),
      renderMs: Number(s?.dataset.renderMs),
    };
  });
}

const stampOf = (app) =>
  app.execute(() => {
    const s = document.querySelector('[data-testid="preview-status"]');
    return s?.dataset.renders;
  });

describe("Kop surat & tanda pengesah", { timeout: 300000 }, () => {
  const { answer, dir } = driverAnsweringDialogs();

  test("letterhead, images, Modern design and the live preview", async () => {
    const signature = path.join(dir, "tanda-tangan.png");
    const stamp = path.join(dir, "stempel.png");
    const notImage = path.join(dir, "bukan-gambar.png");
    writeFileSync(signature, signaturePng());
    writeFileSync(stamp, stampPng());
    writeFileSync(notImage, "Ini teks, bukan gambar.\n");

    const db = tempDb();
    cli(["--db", db, "demo", "--people", "40"]);
    cli([
      "--db",
      db,
      "declaration",
      "sign-script",
      "--event",
      "1",
      "--count",
      "12",
    ]);
    const app = await openApp(db);
    const timings = [];
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      await rows[0].click();
      await click(app, "open-documents");
      await (
        await byTestId(app, "papers-card")
      ).waitForDisplayed({ timeout: 10000 });
      // The daftar hadir preview, first without a letterhead.
      let shown = await nextPreview(app, "");
      timings.push(["daftar hadir", shown]);
      let ink = await inkOnPreview(app);
      assert.ok(ink.canvases >= 1 && ink.ink > 50, JSON.stringify(ink));

      // A letterhead without its first line: the core says which field.
      await click(app, "letterhead-new");
      await setField(app, "letterhead-label", "Bawaslu Solok");
      await click(app, "letterhead-save");
      assert.match(await textOf(app, "error-lines"), /Baris pertama kop surat/);
      await screenshot(app, "papers-0-letterhead-error");

      // Then with its lines and a logo picked in the dialog.
      await setField(app, "letterhead-line-0", "BADAN PENGAWAS PEMILIHAN UMUM");
      await setField(app, "letterhead-line-1", "KABUPATEN SOLOK");
      await setField(
        app,
        "letterhead-address",
        "Jl. Raya Koto Baru No. 1, Arosuka",
      );
      await setField(app, "letterhead-contact", "Telp. (0755) 123456");
      await (await byTestId(app, "letterhead-with-logo")).click();
      answer(icon);
      let before = await stampOf(app);
      await click(app, "letterhead-save");
      await (
        await byTestId(app, "letterhead-chosen")
      ).waitForDisplayed({ timeout: 10000 });
      assert.match(
        await textOf(app, "letterhead-chosen"),
        /BADAN PENGAWAS PEMILIHAN UMUM/,
      );
      await (
        await byTestId(app, "letterhead-logo")
      ).waitForDisplayed({ timeout: 10000 });
      // Made here, so picked for this event; "Tanpa kop" and back again.
      const select = await byTestId(app, "letterhead-select");
      const made = await select.getValue();
      assert.notEqual(made, "");
      await setField(app, "letterhead-select", "");
      await app.waitUntil(
        async () =>
          !(await (await byTestId(app, "letterhead-chosen")).isExisting()),
        { timeout: 10000, timeoutMsg: "Tanpa kop was not applied" },
      );
      await setField(app, "letterhead-select", made);
      await (
        await byTestId(app, "letterhead-chosen")
      ).waitForDisplayed({ timeout: 10000 });
      shown = await nextPreview(app, before);
      timings.push(["daftar hadir + kop", shown]);
      await screenshot(app, "papers-1-letterhead");

      // Certificates: the images, then the Modern design.
      await (await byTestId(app, "kind-sertifikat")).click();
      before = await stampOf(app);
      for (const [slot, file] of [
        ["logo_left", icon],
        ["logo_right", icon],
        ["signature", signature],
        ["stamp", stamp],
      ]) {
        answer(file);
        await click(app, `choose-${slot}`);
        await (
          await byTestId(app, `thumb-${slot}`)
        ).waitForDisplayed({ timeout: 10000 });
      }
      // A signature that is no image is refused, with what to do.
      answer(notImage);
      await click(app, "choose-logo_right");
      const refused = await textOf(app, "slot-error-logo_right");
      assert.match(refused, /bukan gambar PNG atau JPEG/);
      // ...and the logo already there stays.
      await (
        await byTestId(app, "thumb-logo_right")
      ).waitForDisplayed({ timeout: 10000 });
      await screenshot(app, "papers-2-refused");

      await (await byTestId(app, "design-modern")).click();
      await app.waitUntil(
        async () => (await byTestId(app, "design-modern")).isSelected(),
        { timeout: 10000 },
      );
      shown = await nextPreview(app, before);
      timings.push(["sertifikat modern", shown]);
      ink = await inkOnPreview(app);
      assert.ok(
        ink.canvases >= 1 && ink.ink > 500,
        `the certificate preview has ink: ${JSON.stringify(ink)}`,
      );
      // Latar sendiri needs a background first.
      assert.equal(
        await (await byTestId(app, "design-latar")).isEnabled(),
        false,
      );
      await screenshot(app, "papers-3-modern");

      // The organiser's own background: design "latar" and where the text goes.
      const background = path.join(dir, "latar.png");
      writeFileSync(
        background,
        png(594, 420, (x, y) => {
          const edge = Math.min(x, y, 593 - x, 419 - y);
          if (edge < 14) return [15, 124, 114, 255];
          if (edge < 20) return [240, 162, 2, 255];
          return [255, 251, 240, 255];
        }),
      );
      before = await stampOf(app);
      answer(background);
      await click(app, "choose-background");
      await app.waitUntil(
        async () => (await byTestId(app, "design-latar")).isSelected(),
        { timeout: 10000, timeoutMsg: "a background did not choose Latar" },
      );
      await setField(app, "layout-name_y", "200");
      await click(app, "layout-apply");
      assert.match(
        await textOf(app, "error-name_y"),
        /Letak nama 200 mm di luar halaman/,
      );
      await screenshot(app, "papers-4-layout-error");
      await setField(app, "layout-name_y", "100");
      await setField(app, "layout-sign_y", "145");
      await click(app, "layout-apply");
      await app.waitUntil(
        async () => !(await (await byTestId(app, "error-name_y")).isExisting()),
        { timeout: 10000, timeoutMsg: "the layout was not applied" },
      );
      shown = await nextPreview(app, before);
      timings.push(["sertifikat latar", shown]);
      await screenshot(app, "papers-5-latar");

      // The statement with the materai box and its audit trail on page 2.
      await (await byTestId(app, "kind-pernyataan")).click();
      shown = await nextPreview(app, await stampOf(app));
      before = shown.stamp;
      await click(app, "materai");
      await (
        await byTestId(app, "detailed")
      ).waitForEnabled({ timeout: 10000 });
      await click(app, "detailed");
      await app.waitUntil(
        async () => (await byTestId(app, "detailed")).isSelected(),
        { timeout: 10000 },
      );
      await app.waitUntil(
        async () =>
          (await app.execute(
            () =>
              document.querySelector('[data-testid="preview-pages"]')
                ?.childElementCount,
          )) === 2,
        {
          timeout: 30000,
          timeoutMsg: "the detailed statement never showed two pages",
        },
      );
      shown = await nextPreview(app, before);
      timings.push(["pernyataan rinci", shown]);
      await screenshot(app, "papers-6-pernyataan");
      console.log(
        "preview timings (ms):",
        timings
          .map(([k, t]) => `${k}: core+ipc ${t.fetchMs}, pdf.js ${t.renderMs}`)
          .join("; "),
      );
    } finally {
      answer("");
      await closeApp(app);
    }
  });
});
