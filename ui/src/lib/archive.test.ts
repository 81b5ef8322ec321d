import { describe, expect, it } from "vitest";
import { documentLabel, importerLabel, wallClock } from "./archive";
import { actorLabel } from "./audit";

describe("archive helpers", () => {
  it("names a document by its kind", () => {
    expect(documentLabel("documents/Surat_pernyataan_netralitas_-_Acara_Kita.pdf")).toBe(
      "Surat pernyataan netralitas",
    );
    expect(documentLabel("documents/dokumen.pdf")).toBe("dokumen");
  });

  it("shows the wall clock in the event's own zone", () => {
    expect(wallClock("2026-12-10T09:00:00", "WITA")).toBe("Kamis, 10 Desember 2026 09.00 WITA");
    expect(wallClock("rusak", "WIB")).toBe("rusak WIB");
  });

  it("names who imported in Indonesian", () => {
    expect(importerLabel("organizer@ani", actorLabel)).toBe("Panitia (ani)");
    expect(importerLabel("cli", actorLabel)).toBe("Baris perintah");
  });
});
