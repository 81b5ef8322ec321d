import { describe, expect, it } from "vitest";

import type { SignatureRules } from "./bindings/SignatureRules";
import { looksComplete } from "./signature";

// A SignatureRules as the core sends it with the kiosk session.
const rules: SignatureRules = { min_points: 5, min_path_px: 60, min_extent_px: 40 };

const line = (n: number, dx: number) => ({
  points: Array.from({ length: n }, (_, i) => ({ x: 10 + i * dx, y: 50 + (i % 2) * 8 })),
});

describe("looksComplete", () => {
  it("refuses a dot and a short tick, accepts a real stroke", () => {
    expect(looksComplete([], rules)).toBe(false);
    expect(looksComplete([{ points: [{ x: 5, y: 5 }] }], rules)).toBe(false);
    expect(looksComplete([line(5, 4)], rules)).toBe(false);
    expect(looksComplete([line(30, 8)], rules)).toBe(true);
  });

  it("follows the thresholds it is given", () => {
    const stroke = [line(30, 8)];
    expect(looksComplete(stroke, { ...rules, min_points: 31 })).toBe(false);
    expect(looksComplete(stroke, { ...rules, min_path_px: 10_000 })).toBe(false);
    expect(looksComplete(stroke, { ...rules, min_extent_px: 500 })).toBe(false);
    expect(looksComplete([line(5, 4)], { min_points: 1, min_path_px: 1, min_extent_px: 1 })).toBe(
      true,
    );
  });
});
