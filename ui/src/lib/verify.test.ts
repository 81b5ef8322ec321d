import { describe, expect, it } from "vitest";
import { tone } from "./verify";

describe("verdict tone", () => {
  it("is green only for genuine papers", () => {
    expect(tone("genuine")).toBe("ok");
    expect(tone("genuine_offline")).toBe("ok");
    expect(tone("changed")).toBe("warn");
    expect(tone("unknown_key")).toBe("warn");
    expect(tone("forged")).toBe("error");
  });
});
