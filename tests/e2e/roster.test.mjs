// Importing an invitee list in the real window: drop a CSV, read the row
// errors in the preview, save, and see the people in the roster table.
import assert from "node:assert/strict";
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

const CSV = [
  "DAFTAR UNDANGAN SOSIALISASI NETRALITAS ASN",
  "No;NAMA LENGKAP;NIP/NI PPPK;Jabatan;OPD;Keterangan",
  "1;Dr. H. Ahmad Fauzi, S.H., M.Si.;19860926 201505 1 001;Kepala Bidang;Dinas Kesehatan;",
  "2;Budi Santoso;1986092620150510;Staf;BKPSDM;",
  "3;Hj. Siti Aminah, S.Pd.;199001152022212003;Guru Ahli Pertama;Dinas Pendidikan;",
  "4;Théresia Nainggolan;;Tenaga Harian Lepas;Dinas Sosial;",
].join("\r\n");

describe("Peserta import in the desktop window", { timeout: 180000 }, () => {
  before(startDriver);
  after(stopDriver);

  test("a dropped CSV is previewed with its row errors and saved to the roster", async () => {
    const db = tempDb();
    cli(["demo", "--people", "0", "--db", db]);
    const app = await openApp(db);
    try {
      const rows = await app.$$('[data-testid="event-row"]');
      await rows[0].click();
      const zone = await byTestId(app, "import-drop");
      await zone.waitForDisplayed({ timeout: 10000 });
      // A real drop event carrying a File, as when a file is dragged in.
      await app.execute(
        (node, text) => {
          const dt = new DataTransfer();
          dt.items.add(new File([text], "undangan.csv", { type: "text/csv" }));
          node.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
        },
        zone,
        CSV,
      );
      const issues = await textOf(app, "import-issues");
      assert.match(issues, /baris 4: NIP harus 18 digit \(ditemukan 16\)/);
      assert.match(await textOf(app, "count-valid"), /3 valid/);
      assert.match(await textOf(app, "count-errors"), /1 salah/);
      await (await byTestId(app, "import-preview")).scrollIntoView();
      await screenshot(app, "10-import-preview");

      await click(app, "import-commit");
      assert.match(await textOf(app, "import-result"), /3 peserta baru/);
      const table = await textOf(app, "people-table");
      assert.match(table, /Dr\. H\. Ahmad Fauzi/);
      assert.match(table, /19860926 201505 1 001/);
      assert.match(table, /Théresia Nainggolan/);
      assert.doesNotMatch(table, /Budi Santoso/, "the row with an error was not imported");
      await (await byTestId(app, "people-table")).scrollIntoView();
      await screenshot(app, "11-roster-after-import");

      // Search, then check the one match in.
      await setField(app, "people-search", "siti ami");
      await app.waitUntil(async () => (await app.$$('[data-testid="person-row"]')).length === 1, {
        timeout: 5000,
        timeoutMsg: "the search did not narrow the table to one person",
      });
      await click(app, "check-in");
      await app.waitUntil(async () => /1 hadir dari 3/.test(await textOf(app, "attendance")), {
        timeout: 5000,
        timeoutMsg: "the attendance count did not update",
      });
      assert.match(await textOf(app, "check-in"), /Hadir/);

      // A walk-in: an empty name is refused beside the field, then registered.
      await setField(app, "people-search", "");
      await click(app, "walk-in-open");
      await click(app, "walk-in-save");
      assert.match(await textOf(app, "walk-in-error-name"), /nama kosong/);
      await setField(app, "walk-in-name", "Yohanes Manurung");
      await setField(app, "walk-in-unit", "Kecamatan Kubung");
      await setField(app, "walk-in-category", "ppnpn");
      await click(app, "walk-in-save");
      assert.match(await textOf(app, "import-result"), /Yohanes Manurung terdaftar/);
      await app.waitUntil(async () => /2 hadir dari 4/.test(await textOf(app, "attendance")), {
        timeout: 5000,
        timeoutMsg: "the walk-in was not counted",
      });
      await (await byTestId(app, "attendance")).scrollIntoView();
      await screenshot(app, "12-check-in-and-walk-in");
    } finally {
      await closeApp(app);
    }
    const people = JSON.parse(cli(["event", "show", "1", "--db", db, "--json"])).people_count;
    assert.equal(people, 4, "the import and the walk-in reached SQLite");
    const roster = JSON.parse(cli(["roster", "list", "--event", "1", "--db", db, "--json"]));
    assert.equal(roster.attendance.attended, 2, "both check-ins are stored");
  });
});
