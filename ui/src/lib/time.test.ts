import { describe, expect, it } from "vitest";

import { zoneTime } from "./time";

describe("zoneTime", () => {
  it("shows an instant in the event's zone, not the computer's", () => {
    const iso = "2026-12-03T01:38:00Z";
    expect(zoneTime(iso, "WIB")).toBe("08.38 WIB");
    expect(zoneTime(iso, "WITA")).toBe("09.38 WITA");
    expect(zoneTime(iso, "WIT")).toBe("10.38 WIT");
  });
});
