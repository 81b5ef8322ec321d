// The Peserta screen in the real window: drop a CSV, read the row errors in
// the preview, save; find people by typing, check in with Enter, register
// a walk-in, edit a person; scroll a 50,000-person roster.
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

// textContent, not getText: WebDriver leaves out text clipped to two lines.
const tableText = (app) =>
  app.execute(
    () =>
      document.querySelector('[data-testid="people-table"]')?.textContent ?? "",
  );

const rowsShown = async (app) =>
  (await app.$$('[data-testid="person-row"]')).length;

async function openPeople(app) {
  const rows = await app.$$('[data-testid="event-row"]');
  await rows[0].click();
  await click(app, "open-people");
  await (
    await byTestId(app, "people-table")
  ).waitForDisplayed({ timeout: 10000 });
}

async function waitText(app, testid, pattern, what) {
  await app.waitUntil(async () => pattern.test(await textOf(app, testid)), {
    timeout: 8000,
    timeoutMsg: `${what}: ${testid} never matched ${pattern}`,
  });
}

describe("Peserta screen in the desktop window", { timeout: 300000 }, () => {
  before(startDriver);
  after(stopDriver);

  test("import with row errors, search, Enter to check in, walk-in and edit", async () => {
    const db = tempDb();
    cli(["demo", "--people", "0", "--db", db]);
    const app = await openApp(db);
    try {
      await openPeople(app);
      // An empty roster opens with the import panel.
      const zone = await byTestId(app, "import-drop");
      await zone.waitForDisplayed({ timeout: 10000 });
      // A 60 MB file is refused by its size, before the window reads it.
      await app.execute((node) => {
        const dt = new DataTransfer();
        dt.items.add(
          new File([new Uint8Array(60 * 1024 * 1024)], "besar.xlsx"),
        );
        node.dispatchEvent(
          new DragEvent("drop", {
            dataTransfer: dt,
            bubbles: true,
            cancelable: true,
          }),
        );
      }, zone);
      await waitText(
        app,
        "import-error",
        /Berkas terlalu besar \(60 MB\); batasnya 50 MB/,
        "size refusal",
      );
      await screenshot(app, "09-import-too-large");

      // A real drop event carrying a File, as when a file is dragged in.
      await app.execute(
        (node, text) => {
          const dt = new DataTransfer();
          dt.items.add(new File([text], "undangan.csv", { type: "text/csv" }));
          node.dispatchEvent(
            new DragEvent("drop", {
              dataTransfer: dt,
              bubbles: true,
              cancelable: true,
            }),
          );
        },
        zone,
        CSV,
      );
      const issues = await textOf(app, "import-issues");
      assert.match(issues, /baris 4: NIP harus 18 digit \(ditemukan 16\)/);
      assert.match(await textOf(app, "count-valid"), /3 valid/);
      assert.match(await textOf(app, "count-errors"), /1 salah/);
      assert.ok(
        await (await byTestId(app, "report-xlsx")).isDisplayed(),
        "error report can be saved",
      );
      await screenshot(app, "10-import-preview");

      await click(app, "import-commit");
      await waitText(app, "people-notice", /3 peserta baru/, "import result");
      const table = await tableText(app);
      assert.match(table, /Dr\. H\. Ahmad Fauzi/);
      assert.match(table, /19860926 201505 1 001/);
      assert.match(table, /Théresia Nainggolan/);
      assert.doesNotMatch(
        table,
        /Budi Santoso/,
        "the row with an error was not imported",
      );
      await screenshot(app, "11-roster-after-import");

      // "/" from anywhere focuses the search; typing narrows; Enter checks in.
      await (await byTestId(app, "people-event")).click();
      await app.keys(["/"]);
      const focused = await app.execute(
        () => document.activeElement?.dataset.testid ?? "",
      );
      assert.equal(focused, "people-search", "/ focuses the search box");
      await app.keys("siti ami".split(""));
      await app.waitUntil(async () => (await rowsShown(app)) === 1, {
        timeout: 5000,
        timeoutMsg: "typing did not narrow the table to one person",
      });
      await app.keys(["Enter"]);
      await waitText(
        app,
        "people-notice",
        /Siti Aminah.*tercatat hadir/,
        "Enter check-in",
      );
      await waitText(
        app,
        "attendance",
        /1 hadir dari 3/,
        "attendance after Enter",
      );
      assert.equal(
        await (await byTestId(app, "people-search")).getValue(),
        "",
        "search cleared for the next person",
      );
      // Enter on someone already present says so instead of undoing.
      await setField(app, "people-search", "aminah");
      await app.keys(["Enter"]);
      await waitText(
        app,
        "people-notice",
        /sudah tercatat hadir/,
        "second Enter",
      );
      await screenshot(app, "12-enter-check-in");

      // A walk-in: an empty name is refused beside the field, then registered.
      await setField(app, "people-search", "");
      await click(app, "walk-in-open");
      await click(app, "person-save");
      assert.match(await textOf(app, "person-error-name"), /nama kosong/);
      await setField(app, "person-name", "Yohanes Manurung");
      await setField(app, "person-unit", "Kecamatan Kubung");
      await setField(app, "person-category", "ppnpn");
      await click(app, "person-save");
      await waitText(
        app,
        "people-notice",
        /Yohanes Manurung terdaftar/,
        "walk-in",
      );
      await waitText(app, "attendance", /2 hadir dari 4/, "walk-in counted");

      // Edit: a wrong NIP is refused beside the field, a new unit is saved.
      await setField(app, "people-search", "theresia");
      await app.waitUntil(async () => (await rowsShown(app)) === 1, {
        timeout: 5000,
      });
      await click(app, "person-edit");
      await setField(app, "person-nip", "12345");
      await click(app, "person-save");
      assert.match(await textOf(app, "person-error-nip"), /18 digit/);
      await setField(app, "person-nip", "");
      await setField(app, "person-unit", "Dinas Sosial dan PMD");
      await screenshot(app, "13-person-form");
      await click(app, "person-save");
      await waitText(
        app,
        "people-notice",
        /Data Théresia Nainggolan tersimpan/,
        "edit",
      );
      await app.waitUntil(
        async () => /Dinas Sosial dan PMD/.test(await tableText(app)),
        {
          timeout: 5000,
          timeoutMsg: "the edited unit never reached the table",
        },
      );
      // Units are searchable too.
      await setField(app, "people-search", "pmd");
      await app.waitUntil(async () => (await rowsShown(app)) === 1, {
        timeout: 5000,
      });
      await screenshot(app, "14-search-by-unit");

      // The event page shows attendance by category and unit.
      await click(app, "back");
      await waitText(
        app,
        "attendance-total",
        /2 hadir dari 4 peserta/,
        "event page attendance",
      );
      assert.match(
        await textOf(app, "attendance-units"),
        /Kecamatan Kubung\s*1\/1/,
      );
      await (await byTestId(app, "attendance-card")).scrollIntoView();
      await screenshot(app, "17-event-attendance");
    } finally {
      await closeApp(app);
    }
    const people = JSON.parse(
      cli(["event", "show", "1", "--db", db, "--json"]),
    ).people_count;
    assert.equal(people, 4, "the import and the walk-in reached SQLite");
    const roster = JSON.parse(
      cli(["roster", "list", "--event", "1", "--db", db, "--json"]),
    );
    assert.equal(roster.attendance.attended, 2, "both check-ins are stored");
    const theresia = roster.people.find(
      (p) => p.name === "Théresia Nainggolan",
    );
    assert.equal(theresia.unit, "Dinas Sosial dan PMD", "the edit is stored");
  });

  test("a 50,000-person roster scrolls and searches without drawing every row", async () => {
    const db = tempDb();
    cli(["demo", "--people", "50000", "--db", db]);
    const app = await openApp(db);
    try {
      await openPeople(app);
      await waitText(app, "people-matched", /50\.000 peserta/, "roster size");
      const first = await rowsShown(app);
      assert.ok(
        first > 5 && first < 120,
        `only the rows in view are drawn (${first})`,
      );
      // Jump to the end, as dragging the scrollbar does.
      await app.execute(() => {
        const s = document.querySelector('[data-testid="people-scroller"]');
        s.scrollTop = s.scrollHeight;
        s.dispatchEvent(new Event("scroll"));
      });
      await app.waitUntil(
        async () =>
          app.execute(() =>
            [...document.querySelectorAll('[data-testid="person-row"]')].some(
              (r) => r.getAttribute("aria-rowindex") === "50001",
            ),
          ),
        { timeout: 8000, timeoutMsg: "the last row never appeared" },
      );
      assert.ok((await rowsShown(app)) < 120, "still only the rows in view");
      await screenshot(app, "15-roster-50k-bottom");

      // Typing a name: measure keystroke to rows on screen.
      const name = JSON.parse(
        cli([
          "roster",
          "list",
          "--event",
          "1",
          "--db",
          db,
          "--json",
          "--cari",
          "zzzz",
        ]),
      ).people;
      assert.equal(name.length, 0);
      const started = Date.now();
      await setField(app, "people-search", "siti");
      await app.waitUntil(
        async () =>
          /cocok dari 50\.000/.test(await textOf(app, "people-matched")),
        {
          timeout: 8000,
        },
      );
      console.log(
        `# 50k roster: search "siti" on screen after ${Date.now() - started} ms (incl. WebDriver round trips)`,
      );
      assert.match(await tableText(app), /Siti/);
      await screenshot(app, "16-roster-50k-search");
    } finally {
      await closeApp(app);
    }
  });
});
