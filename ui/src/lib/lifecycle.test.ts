import { describe, expect, it } from "vitest";
import type { ErasePlan } from "./bindings/ErasePlan";
import { confirms } from "./lifecycle";

const plan: ErasePlan = {
  event_id: 1,
  title: "Sosialisasi Netralitas ASN",
  people: 300,
  declarations: 290,
  printed_records: 12,
  confirm_with: "Sosialisasi Netralitas ASN",
};

describe("erase confirmation", () => {
  it("wakes only for the exact title", () => {
    expect(confirms(plan, "Sosialisasi Netralitas ASN")).toBe(true);
    expect(confirms(plan, "  Sosialisasi Netralitas ASN ")).toBe(true);
    expect(confirms(plan, "sosialisasi netralitas asn")).toBe(false);
    expect(confirms(plan, "Sosialisasi")).toBe(false);
    expect(confirms(plan, "")).toBe(false);
  });
});
