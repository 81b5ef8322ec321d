import { describe, expect, it } from "vitest";
import { documentLabel } from "./archive";

describe("archive helpers", () => {
  it("names a document without its folder and underscores", () => {
    expect(documentLabel("documents/Surat_pernyataan_netralitas_-_Acara.pdf")).toBe(
      "Surat pernyataan netralitas - Acara.pdf",
    );
  });
});
