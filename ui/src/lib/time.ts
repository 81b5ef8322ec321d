// Times of an event are shown in the event's own zone (WIB, WITA, WIT),
// whatever zone the laptop is set to, the way the core prints them on the
// papers and the kiosk receipt.
import type { Zone } from "./bindings/Zone";

const IANA: Record<Zone, string> = {
  WIB: "Asia/Jakarta",
  WITA: "Asia/Makassar",
  WIT: "Asia/Jayapura",
};

/** "14.05 WITA" for an RFC 3339 instant. */
export function zoneTime(iso: string, zone: Zone): string {
  const t = new Date(iso).toLocaleTimeString("id-ID", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: IANA[zone],
  });
  return `${t} ${zone}`;
}
