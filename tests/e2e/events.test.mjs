// The organiser's first job in the real Netra window: create an event, see it,
// restart the app and find it again; the CLI reads the same database.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
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

const TITLE = "Deklarasi Netralitas ASN Kabupaten Lampung Barat";

describe("Acara in the desktop window", { timeout: 240000 }, () => {
  before(startDriver);
  after(stopDriver);

  test("an event created through the form survives a restart and is seen by the CLI", async () => {
    const db = tempDb();
    let app = await openApp(db);
    try {
      assert.equal(await app.getTitle(), "Netra", "the window is titled Netra");
      const empty = await textOf(app, "event-list");
      assert.match(
        empty,
        /Belum ada acara/,
        "an empty database says so in Indonesian",
      );
      await screenshot(app, "01-empty-list");

      // A link that tries to take the window elsewhere (a slide's, say) is
      // stopped by the navigation guard. Loopback only, so nothing would
      // leave the machine even if the guard failed.
      await app.execute(() => {
        window.location.href = "http://127.0.0.1:9/elsewhere";
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.match(
        await app.getUrl(),
        /^(tauri:\/\/localhost|https?:\/\/tauri\.localhost)/,
      );
      assert.match(
        await textOf(app, "event-list"),
        /Belum ada acara/,
        "the organiser's window still shows Netra",
      );

      await click(app, "new-event");
      // Saving an empty title shows the core's message beside the field.
      await setField(app, "field-title", "");
      await click(app, "save-event");
      const titleError = await textOf(app, "error-title");
      assert.match(titleError, /Judul acara wajib diisi/);
      await screenshot(app, "02-form-errors");

      await setField(app, "field-title", TITLE);
      await setField(app, "field-kind", "deklarasi");
      await setField(app, "field-organizer", "Bawaslu Kabupaten Lampung Barat");
      await setField(app, "field-place", "Aula Pemkab Lampung Barat, Liwa");
      await setField(app, "field-starts_at", "2099-10-01T08:30");
      await setField(app, "field-timezone", "WIB");
      await setField(app, "field-official.name", "Nukman");
      await setField(
        app,
        "field-official.position",
        "Penjabat Bupati Lampung Barat",
      );
      await setField(app, "field-official.nip", "19700101 199003 1 002");
      await click(app, "save-event");

      const heading = await textOf(app, "event-title");
      assert.equal(heading, TITLE, "after saving, the new event's page opens");
      assert.match(await textOf(app, "notice"), /Acara tersimpan/);
      const detail = await (await app.$("main")).getText();
      assert.match(
        detail,
        /Kamis, 1 Oktober 2099/,
        "the date is written in Indonesian",
      );
      assert.match(detail, /1970 ?0101 199003 1 002|19700101 199003 1 002/);
      await screenshot(app, "03-event-detail");
    } finally {
      await closeApp(app);
    }

    const fromCli = JSON.parse(cli(["event", "list", "--db", db, "--json"]));
    assert.deepEqual(
      fromCli.map((e) => e.title),
      [TITLE],
      "the CLI sees the event the window created",
    );

    app = await openApp(db);
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      assert.equal(rows.length, 1, "after a restart the event is still listed");
      assert.match(await rows[0].getText(), /Lampung Barat/);
      await screenshot(app, "04-list-after-restart");

      // Edit: change the place, the page shows the new one.
      await rows[0].click();
      await click(app, "edit-event");
      await setField(app, "field-place", "Gedung Serbaguna Liwa");
      await click(app, "save-event");
      await app.waitUntil(
        async () =>
          /Gedung Serbaguna Liwa/.test(await (await app.$("main")).getText()),
        {
          timeout: 10000,
          timeoutMsg: "the edited place never appeared",
        },
      );
    } finally {
      await closeApp(app);
    }
    const shown = JSON.parse(cli(["event", "show", "1", "--db", db, "--json"]));
    assert.equal(
      shown.place,
      "Gedung Serbaguna Liwa",
      "the edit reached SQLite",
    );
  });

  test("the demo event opens with its roster count", async () => {
    const db = tempDb();
    cli(["demo", "--db", db]);
    const app = await openApp(db);
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      assert.equal(rows.length, 1);
      assert.match(await rows[0].getText(), /300 peserta/);
      await screenshot(app, "05-demo-list");
      await rows[0].click();
      await byTestId(app, "event-title").waitForDisplayed({ timeout: 10000 });
      await screenshot(app, "06-demo-detail");
    } finally {
      await closeApp(app);
    }
  });

  test("a file that is not a Netra database is reported in the window and left alone", async () => {
    const db = tempDb();
    const content = "Nama;NIP\nAhmad Fauzi;198609262015051001\n";
    writeFileSync(db, content);
    const app = await openApp(db);
    try {
      const banner = await textOf(app, "db-error");
      assert.match(
        banner,
        /bukan basis data/,
        "the reason is shown in Indonesian",
      );
      await screenshot(app, "07-not-a-database");
    } finally {
      await closeApp(app);
    }
    assert.equal(readFileSync(db, "utf8"), content, "the file is untouched");
  });
});
