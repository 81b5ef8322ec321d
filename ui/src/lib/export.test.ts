import { describe, expect, it } from "vitest";

import { exportPassphrase, UNSEALED_WARNING } from "./export";

describe("exportPassphrase", () => {
  it("sends no passphrase for a plain file, whatever was typed", () => {
    expect(exportPassphrase(false, "abc", "xyz")).toEqual({ passphrase: null });
  });
  it("asks for a passphrase when encrypting", () => {
    expect(exportPassphrase(true, "", "")).toEqual({
      errors: { passphrase: "Isi kata sandi untuk mengenkripsi berkas" },
    });
  });
  it("names the second field when the two differ", () => {
    const r = exportPassphrase(true, "empat kata acak sekali", "empat kata acak");
    expect(r).toEqual({
      errors: { passphrase_again: "Kata sandi kedua tidak sama dengan yang pertama" },
    });
  });
  it("leaves the length to Rust and passes the passphrase on when both match", () => {
    expect(exportPassphrase(true, "pendek", "pendek")).toEqual({ passphrase: "pendek" });
  });
  it("warns about NIPs and phone numbers in a plain file", () => {
    expect(UNSEALED_WARNING).toContain("NIP dan nomor HP");
  });
});
