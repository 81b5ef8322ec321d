import { describe, expect, it } from "vitest";

import { folderOf, formatBytes, formatWhen } from "./backup";

describe("formatWhen", () => {
  it("writes the day, date, time and zone in Indonesian", () => {
    const at = new Date("2026-12-03T03:04:00Z");
    const text = formatWhen(at.toISOString(), at);
    expect(text).toMatch(/^[A-Z][a-z]+, \d{1,2} [A-Z][a-z]+ 2026 \d{2}\.\d{2} \S+$/);
    if (at.getTimezoneOffset() === -420) expect(text).toBe("Kamis, 3 Desember 2026 10.04 WIB");
    if (at.getTimezoneOffset() === 0) expect(text).toBe("Kamis, 3 Desember 2026 03.04 UTC");
  });

  it("returns text that is not a time as is", () => {
    expect(formatWhen("kemarin")).toBe("kemarin");
  });
});

describe("formatBytes", () => {
  it("uses binary units with an Indonesian decimal comma", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1,5 KB");
    expect(formatBytes(340 * 1024)).toBe("340 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MB");
  });
});

describe("folderOf", () => {
  it("drops the file name", () => {
    expect(folderOf("/home/a/netra/netra.db")).toBe("/home/a/netra");
    expect(folderOf("C:\\Data\\netra.db")).toBe("C:\\Data");
  });
});
