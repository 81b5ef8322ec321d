// The screen stays on while a kiosk or a presentation runs. The suite runs
// on a private session bus (dbus-run-session in scripts/e2e.sh); this test
// owns org.freedesktop.ScreenSaver on it, as a desktop would, and records
// what the real app asks: an Inhibit when the kiosk starts, the UnInhibit
// of that cookie when it is left with the PIN, and the same around a
// presentation.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import dbus from "dbus-next";

import {
  byTestId,
  cli,
  click,
  closeApp,
  openApp,
  setField,
  startDriver,
  stopDriver,
  switchTo,
  tempDb,
} from "./harness.mjs";

const { Interface } = dbus.interface;

/** What a desktop's screensaver offers idle-inhibiting clients. */
class ScreenSaver extends Interface {
  constructor() {
    super("org.freedesktop.ScreenSaver");
    this.calls = [];
    this.cookie = 100;
  }

  Inhibit(application, reason) {
    this.cookie += 1;
    this.calls.push({
      call: "Inhibit",
      application,
      reason,
      cookie: this.cookie,
    });
    return this.cookie;
  }

  UnInhibit(cookie) {
    this.calls.push({ call: "UnInhibit", cookie });
  }
}
ScreenSaver.configureMembers({
  methods: {
    Inhibit: { inSignature: "ss", outSignature: "u" },
    UnInhibit: { inSignature: "u", outSignature: "" },
  },
});

async function waitCalls(saver, n, what) {
  const until = Date.now() + 10000;
  while (saver.calls.length < n) {
    if (Date.now() > until) {
      assert.fail(
        `${what}: the screensaver saw ${JSON.stringify(saver.calls)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(
  "The screen stays awake during a kiosk and a presentation",
  { timeout: 200000 },
  () => {
    let bus;
    const saver = new ScreenSaver();

    before(async () => {
      assert.ok(
        process.env.DBUS_SESSION_BUS_ADDRESS,
        "run under dbus-run-session (scripts/e2e.sh)",
      );
      bus = dbus.sessionBus();
      await bus.requestName("org.freedesktop.ScreenSaver", 0);
      for (const path of ["/org/freedesktop/ScreenSaver", "/ScreenSaver"]) {
        bus.export(path, saver);
      }
      await startDriver();
    });
    after(() => {
      stopDriver();
      bus?.disconnect();
    });

    test("inhibited while the kiosk runs and while presenting, released after each", async () => {
      const db = tempDb();
      cli(["--db", db, "demo", "--people", "20"]);
      const app = await openApp(db);
      try {
        const rows = await app.$$('[data-testid="event-row"]');
        await rows[0].click();
        assert.equal(saver.calls.length, 0, "nothing held at rest");

        await click(app, "start-kiosk");
        await setField(app, "kiosk-pin", "2468");
        await setField(app, "kiosk-pin-again", "2468");
        await click(app, "kiosk-start-submit");
        await switchTo(app, '[data-testid="kiosk"]', "the kiosk");
        await waitCalls(saver, 1, "kiosk start");
        const held = saver.calls[0];
        assert.equal(held.call, "Inhibit");
        assert.equal(held.application, "id.netra.desktop");
        assert.match(held.reason, /Kiosk deklarasi Netra/);

        await click(app, "kiosk-exit-open");
        await setField(app, "pin-input", "2468");
        await click(app, "pin-submit");
        await switchTo(
          app,
          '[data-testid="declarations-card"]',
          "the organiser window",
        );
        await waitCalls(saver, 2, "kiosk exit");
        assert.deepEqual(saver.calls[1], {
          call: "UnInhibit",
          cookie: held.cookie,
        });

        await click(app, "open-presentation");
        await (
          await byTestId(app, "presentation-screen")
        ).waitForDisplayed({ timeout: 10000 });
        await click(app, "start-presentation");
        await (
          await byTestId(app, "presenter-view")
        ).waitForDisplayed({ timeout: 10000 });
        await waitCalls(saver, 3, "presentation start");
        assert.equal(saver.calls[2].call, "Inhibit");
        assert.match(saver.calls[2].reason, /Presentasi Netra/);
        await app.keys(["Escape"]);
        await waitCalls(saver, 4, "presentation end");
        assert.deepEqual(saver.calls[3], {
          call: "UnInhibit",
          cookie: saver.calls[2].cookie,
        });
      } finally {
        await closeApp(app);
      }
    });
  },
);
