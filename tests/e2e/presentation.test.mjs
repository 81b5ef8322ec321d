// Presentation in the real app: open the Presentasi screen, start the
// default deck, step it with the keyboard from the presenter view and from
// the audience window (a second window in the same WebDriver session),
// black out, jump by number, read the pledge line by line, show the `P`
// overlay, end with Esc. Then a hostile deck: nothing in it runs, a missing
// image is a labelled box, an unknown placeholder stays visible.
// Screenshots of the presenter view and three audience slides at
// 1920×1080 and 1024×768; paint timings written beside them.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import {
  byTestId,
  cli,
  click,
  closeApp,
  openApp,
  screenshot,
  screenshotDir,
  setField,
  startDriver,
  stopDriver,
  switchTo,
  tempDb,
  textOf,
} from "./harness.mjs";

const audience = (app) =>
  switchTo(app, '[data-testid="audience"]', "the audience window");
const organiser = (app) =>
  switchTo(
    app,
    '[data-testid="presenter-view"], [data-testid="presentation-screen"]',
    "the organiser window",
  );

/** The audience window's stage, as its root element reports it. */
async function shown(app) {
  return app.execute(() => {
    const el = document.querySelector('[data-testid="audience"]');
    return el
      ? {
          slide: el.dataset.slide,
          screen: el.dataset.screen,
          mode: el.dataset.mode,
        }
      : null;
  });
}

async function waitShown(app, want, what) {
  await app.waitUntil(
    async () => {
      const s = await shown(app);
      return s && Object.entries(want).every(([k, v]) => s[k] === v);
    },
    {
      timeout: 10000,
      timeoutMsg: `audience never showed ${what}: ${JSON.stringify(await shown(app))}`,
    },
  );
}

/** textContent: WebKit's getText leaves out text it considers clipped. */
const contentOf = (app, testid) =>
  app.execute(
    (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? "",
    testid,
  );

async function press(app, ...keys) {
  for (const key of keys) {
    await app.keys([key]);
  }
}

async function openPresentation(app) {
  const rows = await app.$$('[data-testid="event-row"]');
  await rows[0].click();
  await click(app, "open-presentation");
  await (
    await byTestId(app, "presentation-screen")
  ).waitForDisplayed({ timeout: 10000 });
}

describe(
  "Presentation: presenter and audience windows",
  { timeout: 400000 },
  () => {
    before(startDriver);
    after(stopDriver);

    test("the default deck is presented, stepped, blacked out and ended from the keyboard", async () => {
      const db = tempDb();
      cli(["--db", db, "demo", "--people", "20"]);
      const app = await openApp(db);
      try {
        await openPresentation(app);
        await setField(app, "hotline-input", "0811-6000-1234");
        await click(app, "save-presentation-settings");
        await app.waitUntil(
          async () =>
            (
              await (await byTestId(app, "presentation-screen")).getText()
            ).includes("Tersimpan"),
          { timeout: 10000, timeoutMsg: "settings never saved" },
        );
        await screenshot(app, "presentation-0-screen");

        await click(app, "start-presentation");
        await (
          await byTestId(app, "presenter-view")
        ).waitForDisplayed({ timeout: 10000 });
        assert.match(
          await textOf(app, "presenter-counter"),
          /^1 \/ 1[5-9]|^1 \/ 2[0-5]/,
        );
        const count = Number(
          (await textOf(app, "presenter-counter")).split("/")[1],
        );

        await audience(app);
        await app.waitUntil(
          () => app.execute(() => document.body.dataset.ready === "1"),
          {
            timeout: 10000,
            timeoutMsg: "audience never painted",
          },
        );
        const openMs = await app.execute(() => window.__netraOpenMs);
        await waitShown(app, { slide: "1", screen: "slide" }, "slide 1");
        const title = await textOf(app, "audience-slide");
        assert.match(title, /Netralitas ASN/);

        // The presenter steps; the audience follows.
        await organiser(app);
        await press(app, "ArrowRight");
        assert.match(await textOf(app, "presenter-counter"), /^2 \//);
        await audience(app);
        await waitShown(
          app,
          { slide: "2" },
          "slide 2 after → in the presenter",
        );

        // F freezes the audience while the speaker looks ahead; F again catches up.
        await organiser(app);
        await press(app, "f", "ArrowRight");
        assert.match(
          await textOf(app, "presenter-frozen"),
          /dibekukan di slide 2/,
        );
        assert.match(await textOf(app, "presenter-counter"), /^3 \//);
        await audience(app);
        await app.waitUntil(
          () =>
            app.execute(
              () =>
                document.querySelector('[data-testid="audience"]')?.dataset
                  .frozen === "1",
            ),
          { timeout: 10000, timeoutMsg: "the audience never froze" },
        );
        await waitShown(app, { slide: "2" }, "slide 2 while frozen");
        await screenshot(app, "presentation-frozen-audience");
        await organiser(app);
        await press(app, "f");
        await audience(app);
        await waitShown(app, { slide: "3" }, "slide 3 once unfrozen");
        await organiser(app);
        await press(app, "ArrowLeft");
        await audience(app);
        await waitShown(app, { slide: "2" }, "back on slide 2");

        // Keys in the audience window: number + Enter, black, a step in the dark.
        await press(app, "1", "2", "Enter");
        await waitShown(app, { slide: "12" }, "slide 12 after 1 2 Enter");
        await press(app, "b");
        await waitShown(app, { screen: "black" }, "black screen");
        assert.ok(await (await byTestId(app, "audience-black")).isDisplayed());
        await press(app, "ArrowRight");
        await waitShown(
          app,
          { slide: "12", screen: "slide" },
          "slide 12 back, not 13",
        );
        await press(app, "w");
        await waitShown(app, { screen: "white" }, "white screen");
        await press(app, "w", "End");
        await waitShown(app, { slide: String(count) }, "the last slide");
        await press(app, "Home", "PageDown", "PageDown", "PageUp");
        await waitShown(
          app,
          { slide: "2" },
          "slide 2 after Home, PgDn, PgDn, PgUp",
        );

        // The presenter view saw all of it.
        await organiser(app);
        assert.match(await textOf(app, "presenter-counter"), /^2 \//);
        assert.ok(
          (await textOf(app, "presenter-notes")).length > 20,
          "speaker notes shown",
        );
        await screenshot(app, "presentation-1-presenter");

        // Screenshots of three slides at two projector sizes.
        await audience(app);
        for (const [w, h] of [
          [1920, 1080],
          [1024, 768],
        ]) {
          await app.setWindowRect(0, 0, w, h);
          for (const n of [1, 8, 14]) {
            await press(app, ...String(n).split(""), "Enter");
            await waitShown(app, { slide: String(n) }, `slide ${n}`);
            const overflow = await app.execute(
              () =>
                document.documentElement.scrollHeight >
                  window.innerHeight + 1 ||
                document.documentElement.scrollWidth > window.innerWidth + 1,
            );
            assert.equal(overflow, false, `no scroll bars at ${w}×${h}`);
            await screenshot(app, `presentation-audience-${w}x${h}-slide${n}`);
          }
        }

        // Pledge reading, line by line.
        await app.setWindowRect(0, 0, 1920, 1080);
        await press(app, "i");
        await waitShown(app, { mode: "pledge" }, "pledge mode");
        assert.match(
          await contentOf(app, "pledge-line"),
          /^Yang bertanda tangan/,
        );
        await press(app, "ArrowRight");
        await app.waitUntil(
          async () =>
            /^1\. Akan menjaga/.test(await contentOf(app, "pledge-line")),
          {
            timeout: 10000,
            timeoutMsg: "pledge never advanced",
          },
        );
        await screenshot(app, "presentation-audience-1920x1080-pledge");
        await press(app, "i");
        await waitShown(
          app,
          { mode: "slides", slide: "14" },
          "back to slide 14",
        );

        // One monitor: P lays the presenter view over the audience view.
        await press(app, "P");
        await (
          await byTestId(app, "presenter-view")
        ).waitForDisplayed({ timeout: 10000 });
        await screenshot(app, "presentation-audience-overlay");
        await press(app, "P");

        // Paint timing: 20 steps, one at a time (as a speaker clicks), each
        // from the key press to the painted frame in the audience window.
        await app.execute(() => (window.__netraPaints.length = 0));
        for (let i = 0; i < 20; i++) {
          await press(app, i % 2 === 0 ? "ArrowRight" : "ArrowLeft");
          await app.waitUntil(
            async () =>
              (await app.execute(() => window.__netraPaints.length)) > i,
            {
              timeout: 10000,
              timeoutMsg: `no paint after step ${i + 1}`,
            },
          );
        }
        const paints = (await app.execute(() => window.__netraPaints))
          .slice()
          .sort((a, b) => a - b);
        const pick = (q) =>
          paints[Math.min(paints.length - 1, Math.floor(q * paints.length))];
        const timings = {
          open_ms: Math.round(openMs),
          slide_change_ms: {
            n: paints.length,
            p50: pick(0.5),
            p95: pick(0.95),
            max: paints.at(-1),
          },
        };
        console.log("presentation timings", JSON.stringify(timings));
        writeFileSync(
          path.join(screenshotDir, "presentation-timings.json"),
          JSON.stringify(timings, null, 2),
        );

        // Esc ends it: the audience window closes, the organiser is back on Presentasi.
        await press(app, "Escape").catch(() => {});
        await app.waitUntil(
          async () => (await app.getWindowHandles()).length === 1,
          {
            timeout: 10000,
            timeoutMsg: "audience window still open after Esc",
          },
        );
        await app.switchToWindow((await app.getWindowHandles())[0]);
        await (
          await byTestId(app, "presentation-screen")
        ).waitForDisplayed({ timeout: 10000 });
      } finally {
        await closeApp(app);
      }
    });

    test("the default deck is duplicated and edited with a live preview; a broken edit names its line", async () => {
      const db = tempDb();
      cli(["--db", db, "demo", "--people", "5"]);
      const app = await openApp(db);
      try {
        await openPresentation(app);
        const rows = await app.$$('[data-testid="deck-row"]');
        assert.equal(rows.length, 1, "only the default deck");
        await (await rows[0].$('[data-testid="duplicate-deck"]')).click();
        await (
          await byTestId(app, "deck-editor")
        ).waitForDisplayed({ timeout: 10000 });
        await app.waitUntil(
          async () =>
            (await contentOf(app, "deck-preview")).includes("Netralitas ASN"),
          {
            timeout: 10000,
            timeoutMsg: "the preview never showed the first slide",
          },
        );
        // The preview is filled with the event's details.
        assert.match(
          await contentOf(app, "deck-preview"),
          /Gedung Solok Nan Indah|Arosuka/,
        );
        await setField(
          app,
          "deck-textarea",
          "---\ntitle: Materi Kecamatan\nbukan pasangan\n---\n# Halo",
        );
        await app.waitUntil(
          async () => (await contentOf(app, "deck-error")).includes("Baris 3"),
          {
            timeout: 10000,
            timeoutMsg: "no error naming line 3",
          },
        );
        await screenshot(app, "presentation-2-editor-error");
        await click(app, "save-deck");
        assert.match(
          await textOf(app, "deck-saved"),
          /belum disimpan/,
          "a broken deck is not saved",
        );
        await setField(
          app,
          "deck-textarea",
          "---\ntitle: Materi Kecamatan\n---\n# Selamat datang di {{event.place}}\n\nNote:\nSapa peserta.\n---\n# Slide dua",
        );
        // The caret back on the first slide, as a click there would put it.
        await app.execute(() => {
          const area = document.querySelector('[data-testid="deck-textarea"]');
          area.setSelectionRange(0, 0);
          area.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
        });
        await app.waitUntil(
          async () =>
            (await contentOf(app, "deck-preview")).includes(
              "Selamat datang di",
            ),
          {
            timeout: 10000,
            timeoutMsg: "the preview never followed the edit",
          },
        );
        assert.doesNotMatch(
          await contentOf(app, "deck-preview"),
          /\{\{event\.place\}\}/,
        );
        await click(app, "save-deck");
        await app.waitUntil(
          async () => (await textOf(app, "deck-saved")) === "Tersimpan",
          {
            timeout: 10000,
            timeoutMsg: "never saved",
          },
        );
        await screenshot(app, "presentation-3-editor");
        const list = JSON.parse(cli(["--db", db, "--json", "deck", "list"]));
        assert.deepEqual(list.map((d) => [d.title, d.slide_count]).slice(1), [
          ["Materi Kecamatan", 2],
        ]);
      } finally {
        await closeApp(app);
      }
    });

    test("a hostile deck runs nothing, shows a missing image as a box and keeps unknown placeholders", async () => {
      const db = tempDb();
      cli(["--db", db, "demo", "--people", "5"]);
      const deck = `${db}.md`;
      writeFileSync(
        deck,
        [
          "---",
          "title: Uji Keamanan",
          "---",
          "# Slide <script>window.__pwned = 1</script>",
          "",
          '[klik](javascript:window.__pwned=2) <img src=x onerror="window.__pwned=3">',
          "",
          "Kepala: {{event.kepala}}",
          "---",
          "# Peta",
          "![Peta wilayah](peta-hilang.png)",
        ].join("\n"),
      );
      cli(["--db", db, "deck", "import", deck, "--event", "1"]);
      const app = await openApp(db);
      try {
        await openPresentation(app);
        const warnings = await textOf(app, "deck-warnings");
        assert.match(warnings, /event\.kepala/);
        assert.match(warnings, /peta-hilang\.png/);
        await click(app, "start-presentation");
        await audience(app);
        await waitShown(app, { slide: "1" }, "slide 1");
        const text = await textOf(app, "audience-slide");
        assert.match(
          text,
          /<script>window\.__pwned = 1<\/script>/,
          "the script is shown as text",
        );
        assert.match(
          text,
          /\{\{event\.kepala\}\}/,
          "the unknown placeholder stays visible",
        );
        await (await app.$('[data-testid="audience-slide"] a')).click();
        assert.equal(
          await app.execute(() => window.__pwned ?? null),
          null,
          "nothing ran",
        );
        await press(app, "ArrowRight");
        await waitShown(app, { slide: "2" }, "slide 2");
        assert.match(
          await textOf(app, "audience-slide"),
          /Gambar tidak tersedia: peta-hilang\.png/,
        );
        assert.equal(
          (await app.$$('[data-testid="audience-slide"] img')).length,
          0,
          "no broken image",
        );
        await screenshot(app, "presentation-audience-missing-image");
        // Esc closes this very window; the key action may report it gone.
        await press(app, "Escape").catch(() => {});
        await app.waitUntil(
          async () => (await app.getWindowHandles()).length === 1,
          {
            timeout: 10000,
            timeoutMsg: "audience window still open after Esc",
          },
        );
      } finally {
        await closeApp(app);
      }
    });
  },
);
