import { describe, expect, it } from "vitest";

import { covers, pageFor, visibleSpan } from "./virtual";

describe("visibleSpan", () => {
  it("draws the visible rows plus overscan, never past the ends", () => {
    expect(visibleSpan(0, 480, 48, 50_000, 5)).toEqual({ start: 0, count: 16 });
    expect(visibleSpan(48 * 1000, 480, 48, 50_000, 5)).toEqual({ start: 995, count: 21 });
    expect(visibleSpan(48 * 49_995, 480, 48, 50_000, 5)).toEqual({ start: 49_990, count: 10 });
  });
  it("is empty for an empty list", () => {
    expect(visibleSpan(0, 480, 48, 0, 5)).toEqual({ start: 0, count: 0 });
  });
  it("copes with a list shorter than the viewport", () => {
    expect(visibleSpan(0, 480, 48, 3, 5)).toEqual({ start: 0, count: 3 });
  });
});

describe("covers / pageFor", () => {
  it("asks again only when the wanted rows leave the loaded page", () => {
    const wanted = { start: 995, count: 21 };
    const page = pageFor(wanted, 50_000, 40);
    expect(page).toEqual({ start: 955, count: 101 });
    expect(covers(page, wanted)).toBe(true);
    expect(covers(page, { start: 1040, count: 21 })).toBe(false);
    expect(covers({ start: 0, count: 0 }, { start: 0, count: 0 })).toBe(true);
  });
});
