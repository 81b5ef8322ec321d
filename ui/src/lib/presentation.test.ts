import { describe, expect, it } from "vitest";

import { keyAction } from "./presentation";

const act = (key: string, digits = "") => keyAction(key, digits);

describe("keyAction", () => {
  it("steps forward with every key a clicker or PowerPoint user presses", () => {
    for (const key of ["ArrowRight", "ArrowDown", "PageDown", " ", "Enter"]) {
      expect(act(key)).toEqual({ kind: "action", action: { kind: "next" } });
    }
  });

  it("steps back, jumps to the ends, blanks and ends", () => {
    for (const key of ["ArrowLeft", "ArrowUp", "PageUp"]) {
      expect(act(key)).toEqual({ kind: "action", action: { kind: "previous" } });
    }
    expect(act("Home")).toEqual({ kind: "action", action: { kind: "first" } });
    expect(act("End")).toEqual({ kind: "action", action: { kind: "last" } });
    expect(act("b")).toEqual({ kind: "action", action: { kind: "black" } });
    expect(act(".")).toEqual({ kind: "action", action: { kind: "black" } });
    expect(act("W")).toEqual({ kind: "action", action: { kind: "white" } });
    expect(act("Escape")).toEqual({ kind: "end" });
    expect(act("P")).toEqual({ kind: "overlay" });
    expect(act("x")).toEqual({ kind: "none" });
  });

  it("jumps to a slide typed as a number then Enter", () => {
    let digits = "";
    for (const key of ["1", "2"]) {
      const r = act(key, digits);
      if (r.kind !== "digits") throw new Error("expected digits");
      digits = r.digits;
    }
    expect(digits).toBe("12");
    expect(act("Enter", digits)).toEqual({ kind: "action", action: { kind: "goto", number: 12 } });
  });
});
