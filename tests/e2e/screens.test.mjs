// Every organiser screen at the common office laptop size (1366 x 768)
// and at 125 % scaling of it (a 1093 x 614 CSS viewport), screenshotted
// for a look, and checked for what breaks a layout: nothing wider than the
// window (no horizontal scrolling) and every button's text inside it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import {
  byTestId,
  cli,
  click,
  closeApp,
  openApp,
  screenshot,
  startDriver,
  stopDriver,
  tempDb,
} from "./harness.mjs";

const SIZES = [
  { name: "1366x768", width: 1366, height: 768 },
  { name: "125pct", width: 1093, height: 614 },
];

/** Screens reached from the event page or the sidebar, by the testid that opens them. */
const SCREENS = [
  { name: "acara", open: ["nav-acara"], ready: "event-row" },
  {
    name: "acara-detail",
    open: ["nav-acara", "event-row"],
    ready: "event-title",
  },
  { name: "peserta", open: ["nav-peserta"], ready: "import-open" },
  { name: "dokumen", open: ["nav-dokumen"], ready: "documents-form" },
  {
    name: "presentasi",
    open: ["nav-presentasi"],
    ready: "presentation-screen",
  },
  { name: "verifikasi", open: ["nav-verifikasi"], ready: "qr-payload" },
  { name: "cadangan", open: ["nav-cadangan"], ready: "backup-encrypt" },
  { name: "arsip", open: ["nav-arsip"], ready: "archive-pick" },
  {
    name: "kiosk-tambahan",
    open: ["nav-acara", "event-row", "open-hall"],
    ready: "hall-event",
  },
  {
    name: "log-audit",
    open: ["nav-acara", "event-row", "open-audit"],
    ready: "audit-screen",
  },
];

/** What overflows: the page scrolling sideways, or a button clipping its label. */
function overflow(app) {
  return app.execute(() => {
    const problems = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) {
      // Name the innermost elements that reach past the window.
      const past = [...document.querySelectorAll("body *")].filter(
        (el) => el.getBoundingClientRect().right > doc.clientWidth + 1,
      );
      // Text that overflows its box does not widen the box: look at the text too.
      const walker = document.createTreeWalker(
        document.body,
        NodeFilter.SHOW_TEXT,
      );
      const range = document.createRange();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        range.selectNodeContents(n);
        if (
          n.textContent.trim() &&
          range.getBoundingClientRect().right > doc.clientWidth + 1
        ) {
          past.push(n.parentElement);
        }
      }
      const inner = [...new Set(past)].filter(
        (el) => !past.some((o) => o !== el && el.contains(o)),
      );
      const names = inner
        .slice(0, 3)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${el.textContent.trim().slice(0, 30)}"`,
        );
      problems.push(
        `page ${doc.scrollWidth}px wide in ${doc.clientWidth}px: ${names.join(", ")}`,
      );
    }
    for (const b of document.querySelectorAll("button")) {
      if (b.offsetParent && b.scrollWidth > b.clientWidth + 1) {
        problems.push(`button "${b.textContent.trim()}" clips its text`);
      }
    }
    return problems;
  });
}

describe(
  "Organiser screens at 1366 x 768 and at 125 %",
  { timeout: 300000 },
  () => {
    before(startDriver);
    after(stopDriver);

    test("no screen scrolls sideways or clips a button", async () => {
      const db = tempDb();
      cli(["--db", db, "demo", "--people", "300", "--signed", "20"]);
      const app = await openApp(db);
      try {
        const found = [];
        for (const size of SIZES) {
          await app.setWindowSize(size.width, size.height);
          for (const screen of SCREENS) {
            for (const id of screen.open) {
              const el = await byTestId(app, id);
              await el.waitForDisplayed({ timeout: 10000 });
              await click(app, id);
            }
            await (
              await byTestId(app, screen.ready)
            ).waitForExist({ timeout: 10000 });
            await app.execute(() => window.scrollTo(0, 0));
            await screenshot(app, `screen-${size.name}-${screen.name}`);
            for (const p of await overflow(app))
              found.push(`${size.name} ${screen.name}: ${p}`);
          }
        }
        assert.deepEqual(found, []);
      } finally {
        await closeApp(app);
      }
    });
  },
);
