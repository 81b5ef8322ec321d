// Starts tauri-driver, opens the release-built Netra window on a database of
// the test's choosing, and gives the test a few helpers. Every app launch is a
// fresh WebDriver session; a window that never opens fails the test.
import { spawn, execFileSync } from "node:child_process";
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const here = path.dirname(fileURLToPath(import.meta.url));
export const screenshotDir = path.join(here, "screenshots");
const logDir = path.join(here, "logs");
mkdirSync(screenshotDir, { recursive: true });
mkdirSync(logDir, { recursive: true });

const APP = process.env.NETRA_APP;
const CLI = process.env.NETRA_CLI;
const DRIVER =
  process.env.TAURI_DRIVER ??
  path.join(os.homedir(), ".cargo", "bin", "tauri-driver");
const PORT = 4444;

if (!APP || !CLI) {
  throw new Error(
    "NETRA_APP and NETRA_CLI must point at the release binaries (scripts/e2e.sh)",
  );
}

let driver;

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

async function waitForPort(port, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `tauri-driver did not listen on ${port} within ${timeoutMs} ms`,
  );
}

export async function startDriver() {
  if (await portOpen(PORT)) throw new Error(`port ${PORT} is already in use`);
  const log = createWriteStream(path.join(logDir, "tauri-driver.log"), {
    flags: "a",
  });
  driver = spawn(DRIVER, ["--port", String(PORT)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  driver.stdout.pipe(log);
  driver.stderr.pipe(log);
  await waitForPort(PORT, 15000);
}

export function stopDriver() {
  if (driver && driver.exitCode === null) driver.kill("SIGTERM");
  driver = undefined;
}
// afterEach/after hooks do not run when the process dies; never leave the
// driver holding the port for the next run.
process.on("exit", stopDriver);

/** A temporary directory with a database path inside it. */
export function tempDb() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "netra-e2e-"));
  return path.join(dir, "netra.db");
}

/** Runs the `netra` CLI and returns its stdout. */
export function cli(args) {
  return execFileSync(CLI, args, { encoding: "utf8" });
}

/** Opens the app on `db` (none: its default app-data database) and waits
 * until the UI says it has loaded. */
export async function openApp(db) {
  let lastError;
  // tauri-driver drops a proxied request in about one session in ten: retry
  // session creation itself, not just single requests.
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const browser = await remote({
        hostname: "127.0.0.1",
        port: PORT,
        logLevel: "warn",
        connectionRetryCount: 5,
        connectionRetryTimeout: 60000,
        capabilities: {
          "tauri:options": { application: APP, args: db ? ["--db", db] : [] },
          "wdio:enforceWebDriverClassic": true,
        },
      });
      await browser.waitUntil(
        () => browser.execute(() => document.body.dataset.ready === "1"),
        { timeout: 30000, timeoutMsg: "the Netra UI never reported ready" },
      );
      return browser;
    } catch (err) {
      lastError = err;
      if (!/ECONNRESET|socket hang up|ECONNREFUSED|closed/i.test(String(err)))
        break;
    }
  }
  throw lastError;
}

export async function closeApp(browser) {
  try {
    await browser.deleteSession();
  } catch {
    // The app may already be gone; the next session starts a new one anyway.
  }
}

export const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/**
 * Sets an input/select/textarea the way a user's typing ends up: value set,
 * then input and change events, so Svelte's bindings see it. WebKit's
 * WebDriver cannot type into datetime-local inputs reliably.
 */
export async function setField(browser, testid, value) {
  const el = await byTestId(browser, testid);
  await el.waitForExist({ timeout: 10000 });
  await browser.execute(
    (node, v) => {
      node.focus();
      node.value = v;
      node.dispatchEvent(new Event("input", { bubbles: true }));
      node.dispatchEvent(new Event("change", { bubbles: true }));
    },
    el,
    value,
  );
}

export async function click(browser, testid) {
  const el = await byTestId(browser, testid);
  await el.waitForClickable({ timeout: 10000 });
  await el.click();
}

export async function textOf(browser, testid) {
  const el = await byTestId(browser, testid);
  await el.waitForDisplayed({ timeout: 10000 });
  return el.getText();
}

export async function screenshot(browser, name) {
  // WebKit's snapshot can return the frame painted before the last DOM
  // change (seen on the first screenshot of a session): wait for two paints.
  await browser.executeAsync((done) =>
    requestAnimationFrame(() => requestAnimationFrame(done)),
  );
  await browser.saveScreenshot(path.join(screenshotDir, `${name}.png`));
}

/** Switches WebDriver to the window whose page has `selector`. */
export async function switchTo(app, selector, what) {
  let found = false;
  await app.waitUntil(
    async () => {
      for (const handle of await app.getWindowHandles()) {
        await app.switchToWindow(handle);
        const here = await app.execute(
          (s) => document.querySelector(s) !== null,
          selector,
        );
        if (here) {
          found = true;
          return true;
        }
      }
      return false;
    },
    { timeout: 20000, timeoutMsg: `no window shows ${what}` },
  );
  return found;
}

/**
 * For a `describe` whose app opens native dialogs, which WebDriver cannot
 * click: NETRA_E2E_DIALOG names a file whose text answers every dialog
 * (a folder for a save dialog means "the offered name in that folder").
 * Starts tauri-driver with it set (the app inherits it) before the tests
 * and stops it after. Returns `answer(picked)`, what the next dialog
 * "picks", and `dir`, a scratch folder for the test's files.
 */
export function driverAnsweringDialogs() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "netra-e2e-dialog-"));
  const file = path.join(dir, "answer.txt");
  const answer = (picked) => writeFileSync(file, picked);
  before(async () => {
    answer("");
    process.env.NETRA_E2E_DIALOG = file;
    await startDriver();
  });
  after(() => {
    stopDriver();
    delete process.env.NETRA_E2E_DIALOG;
  });
  return { answer, dir };
}
