import { describe, expect, it } from "vitest";

import { looksComplete } from "./signature";

const line = (n: number, dx: number) => ({
  points: Array.from({ length: n }, (_, i) => ({ x: 10 + i * dx, y: 50 + (i % 2) * 8 })),
});

describe("looksComplete", () => {
  it("refuses a dot and a short tick, accepts a real stroke", () => {
    expect(looksComplete([])).toBe(false);
    expect(looksComplete([{ points: [{ x: 5, y: 5 }] }])).toBe(false);
    expect(looksComplete([line(5, 4)])).toBe(false);
    expect(looksComplete([line(30, 8)])).toBe(true);
  });
});
