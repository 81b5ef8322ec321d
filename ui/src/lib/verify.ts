// What the Verifikasi screen shows of a verdict.
import type { QrStatus } from "./bindings/QrStatus";

/** The colour of a verdict: genuine, worth a look, or not genuine. */
export function tone(status: QrStatus): "ok" | "warn" | "error" {
  switch (status) {
    case "genuine":
    case "genuine_offline":
      return "ok";
    case "changed":
    case "unknown_record":
    case "unknown_key":
      return "warn";
    case "forged":
    case "invalid":
      return "error";
  }
}

/** Files larger than this are refused before they are read (as in Rust). */
export const MAX_PDF_BYTES = 100 * 1024 * 1024;
