import { describe, expect, it } from "vitest";

import { actionLabel, actorLabel, formatDetails, truncate } from "./audit";

describe("audit labels", () => {
  it("names common actions and falls back to the raw one", () => {
    expect(actionLabel("declaration.sign")).toBe("Surat pernyataan ditandatangani");
    expect(actionLabel("hub.something_new")).toBe("hub.something_new");
  });
  it("names actors", () => {
    expect(actorLabel("organizer")).toBe("Panitia");
    expect(actorLabel("phone")).toBe("Ponsel");
    expect(actorLabel("robot")).toBe("robot");
  });
});

describe("formatDetails", () => {
  it("writes objects as key: value pairs", () => {
    expect(formatDetails({ seq: 2, channel: "kiosk", old: null })).toBe(
      "seq: 2, channel: kiosk, old: —",
    );
  });
  it("leaves out the keys asked", () => {
    expect(formatDetails({ event_id: 1, seq: 2 }, ["event_id"])).toBe("seq: 2");
  });
  it("keeps nested values as compact JSON", () => {
    expect(formatDetails({ fields: ["a", "b"] })).toBe('fields: ["a","b"]');
  });
  it("handles empty and non-object details", () => {
    expect(formatDetails(null)).toBe("");
    expect(formatDetails("x")).toBe("x");
  });
  it("truncates long text", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
  });
});
