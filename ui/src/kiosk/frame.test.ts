import { describe, expect, it } from "vitest";

import { padFrame } from "./frame";

describe("padFrame", () => {
  it("keeps the kiosk window's 760 × 300", () => {
    expect(padFrame(1036, 800)).toEqual({ width: 760, height: 300 });
    expect(padFrame(1216, 1080)).toEqual({ width: 760, height: 300 });
  });

  it("fits a phone held upright", () => {
    expect(padFrame(328, 640)).toEqual({ width: 328, height: 197 });
  });

  it("leaves room for the buttons on a phone on its side", () => {
    expect(padFrame(600, 360)).toEqual({ width: 600, height: 151 });
  });

  it("never goes below the core's minimum", () => {
    const f = padFrame(50, 100);
    expect(f.width).toBeGreaterThanOrEqual(100);
    expect(f.height).toBeGreaterThanOrEqual(100);
  });
});
