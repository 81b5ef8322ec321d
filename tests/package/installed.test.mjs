// The installed package (tests/package/run.sh installs it first): the app
// from /usr/bin opens on a fresh data folder and lists the event that the
// installed `netra` command created in the same default database.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import {
  cli,
  closeApp,
  openApp,
  screenshot,
  startDriver,
  stopDriver,
} from "../e2e/harness.mjs";

describe("The installed package", { timeout: 120000 }, () => {
  before(startDriver);
  after(stopDriver);

  test("the app and the CLI share the default database of a fresh data folder", async () => {
    assert.equal(process.env.NETRA_APP, "/usr/bin/netra-desktop");
    assert.deepEqual(JSON.parse(cli(["--json", "event", "list"])), []);
    const made = JSON.parse(cli(["--json", "demo", "--people", "12"]));
    const db = path.join(
      process.env.XDG_DATA_HOME,
      "id.netra.desktop",
      "netra.db",
    );
    assert.ok(existsSync(db), `the default database is at ${db}`);
    const app = await openApp(null);
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      assert.equal(rows.length, 1);
      assert.match(
        await rows[0].getText(),
        new RegExp(made.event.title.slice(0, 20)),
      );
      await screenshot(app, "package-installed-event-list");
    } finally {
      await closeApp(app);
    }
  });
});
