import { describe, expect, it } from "vitest";

import { hubAddress, keyAction } from "./presentation";

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
    expect(act("q")).toEqual({ kind: "action", action: { kind: "sign_here" } });
    expect(act("Q")).toEqual({ kind: "action", action: { kind: "sign_here" } });
    expect(act("f")).toEqual({ kind: "action", action: { kind: "freeze" } });
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

describe("hubAddress", () => {
  it("is the origin people type, without the phones' token", () => {
    expect(hubAddress("http://192.168.1.10:8080/#phone=abc123")).toBe("http://192.168.1.10:8080");
    expect(hubAddress("http://10.0.0.2/#phone=x")).toBe("http://10.0.0.2");
    expect(hubAddress("not a url/#phone=x")).toBe("not a url");
  });
});
