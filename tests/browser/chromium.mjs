// Debian's headless Chromium as a hall tablet or phone, shared by the hub
// page's browser tests (hub.test.mjs) and the real-window test that starts
// the hub from the app (tests/e2e/hub.test.mjs).
//
// Only 127.0.0.1 is reachable from the browser: every other host name
// resolves to nothing, a dead proxy catches the rest, and the background
// services that phone home are off.
import assert from "node:assert/strict";
import path from "node:path";
import puppeteer from "puppeteer-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const byId = (id) => `[data-testid="${id}"]`;

export function launchChromium() {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    protocolTimeout: 30000,
    args: [
      "--no-sandbox",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-domain-reliability",
      "--disable-client-side-phishing-detection",
      "--disable-default-apps",
      "--disable-extensions",
      "--no-pings",
      "--metrics-recording-only",
      "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater",
      // Nothing but the hub: every other name resolves to nowhere.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      "--proxy-server=http://127.0.0.1:9",
      "--proxy-bypass-list=127.0.0.1",
    ],
  });
}

/** Tablet size: the 1280 × 800 the kiosk page is laid out for, with touch. */
export const TABLET = {
  width: 1280,
  height: 800,
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 1,
};

/**
 * A fresh browser context (its own localStorage, as another device) and
 * page; page errors and CSP refusals go to `problems`, any request to a
 * host other than 127.0.0.1 to `offHost`.
 */
export async function newDevicePage(browser, viewport, offHost) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text()))
      problems.push(`CSP: ${m.text()}`);
  });
  page.on("request", (r) => {
    const u = r.url();
    if (
      !u.startsWith("data:") &&
      !u.startsWith("blob:") &&
      !u.startsWith("http://127.0.0.1:")
    ) {
      offHost.push(u);
    }
  });
  return { page, problems };
}

/** Waits for the kiosk's `body[data-step]`; on failure, a screenshot in `shots`. */
export async function waitStep(page, step, timeout = 15000, shots) {
  try {
    await page.waitForFunction(
      (s) => document.body.dataset.step === s,
      { timeout },
      step,
    );
  } catch (err) {
    if (shots) {
      await page
        .screenshot({
          path: path.join(shots, `FAILED-waiting-for-${step}.png`),
        })
        .catch(() => {});
    }
    const text = await page
      .evaluate(() => document.body.innerText)
      .catch(() => "");
    throw new Error(`the page never reached step ${step}; it shows:\n${text}`, {
      cause: err,
    });
  }
}

/** A finger on the element's middle. */
export async function tap(page, id) {
  const el = await page.waitForSelector(byId(id), {
    visible: true,
    timeout: 10000,
  });
  await el.evaluate((e) =>
    e.scrollIntoView({ block: "center", inline: "nearest" }),
  );
  const box = await el.boundingBox();
  assert.ok(box, `${id} has no box`);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

export async function typeInto(page, id, text) {
  await tap(page, id);
  await page.keyboard.type(text, { delay: 15 });
}

/**
 * A signature drawn by a finger: Chromium's own touch events (CDP
 * Input.dispatchTouchEvent through page.touchscreen), 20 ms apart, as
 * signature_pad keeps at most one point per 16 ms.
 */
export async function drawWithTouch(page) {
  const pad = await page.waitForSelector(byId("signature-pad"), {
    visible: true,
  });
  await pad.evaluate((e) => e.scrollIntoView({ block: "center" }));
  const box = await pad.boundingBox();
  const at = (i, n) => [
    box.x + box.width * (0.12 + (0.76 * i) / n),
    box.y + box.height * (0.5 + 0.3 * Math.sin(i / 2.5)),
  ];
  const n = 32;
  const finger = await page.touchscreen.touchStart(...at(0, n));
  for (let i = 1; i <= n; i++) {
    await sleep(20);
    await finger.move(...at(i, n));
  }
  // The finger comes to rest before it lifts, as a hand does. Lifted while
  // still moving, Chromium starts a fling, and the next tap only stops the
  // fling: no click on "Kirim".
  for (let i = 0; i < 6; i++) {
    await sleep(20);
    await finger.move(...at(n, n));
  }
  await finger.end();
  await sleep(300);
  const points = await page.evaluate(() =>
    window.__netraPad
      ? window.__netraPad.toData().reduce((s, g) => s + g.points.length, 0)
      : 0,
  );
  assert.ok(points > 5, `the pad recorded ${points} points from touches`);
  return box;
}
