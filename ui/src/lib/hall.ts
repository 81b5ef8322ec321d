// "Kiosk tambahan": the organiser's commands for the hall hub that tablets
// and attendees' phones sign through (see docs/hub.md), and the small
// helpers its screen needs.
import type { Device } from "./bindings/Device";
import type { HallView } from "./bindings/HallView";
import type { HubQr } from "./bindings/HubQr";
import type { HubRunning } from "./bindings/HubRunning";
import type { HubStart } from "./bindings/HubStart";
import type { NetworkInterface } from "./bindings/NetworkInterface";
import { call } from "./ipc";

export const hubInterfaces = () => call<NetworkInterface[]>("hub_interfaces");
export const startHub = (start: HubStart) => call<HubRunning>("start_hub", { start });
/** Resolves once devices were told and the port closed (a few seconds). */
export const stopHub = () => call<void>("stop_hub");
export const hubRunning = () => call<HubRunning | null>("hub_running");
/** Works with the hub stopped too (what was signed through it stays). */
export const hubView = (eventId: number) => call<HallView>("hub_view", { eventId });
export const hubPairing = () => call<HubQr>("hub_pairing");
export const hubPhoneCode = () => call<HubQr | null>("hub_phone_code");
export const hubSetPhones = (open: boolean) => call<HubRunning>("hub_set_phones", { open });
export const revokeDevice = (eventId: number, deviceId: number) =>
  call<Device>("revoke_device", { eventId, deviceId });

/** The port offered first; 0 would pick any free one. */
export const DEFAULT_PORT = 8080;

/**
 * An SVG document (our own QR, from Rust) as an `<img>` source: shown as
 * an image, never parsed into the page.
 */
export function svgDataUrl(svg: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(svg)) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** Whole seconds from `nowMs` until `until` (epoch seconds), never negative. */
export function secondsLeft(until: number, nowMs: number): number {
  return Math.max(0, Math.ceil(until - nowMs / 1000));
}

/** A countdown in words: "1 menit 45 detik", "8 detik". */
export function countdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  if (m === 0) return `${s} detik`;
  return s % 60 === 0 ? `${m} menit` : `${m} menit ${s % 60} detik`;
}

/** When a device was last heard from, in words: "baru saja", "3 menit lalu", "09.12". */
export function seenLabel(iso: string | null, nowMs: number): string {
  if (!iso) return "belum pernah";
  const t = new Date(iso).getTime();
  const ago = Math.max(0, Math.round((nowMs - t) / 1000));
  if (ago < 15) return "baru saja";
  if (ago < 60) return `${ago} detik lalu`;
  if (ago < 3600) return `${Math.floor(ago / 60)} menit lalu`;
  return new Date(iso).toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" });
}

/** A device not heard from for this long is shown as quiet. */
export const QUIET_AFTER_S = 30;

export function isQuiet(device: Device, nowMs: number): boolean {
  if (device.revoked || !device.last_seen_at) return false;
  return nowMs - new Date(device.last_seen_at).getTime() > QUIET_AFTER_S * 1000;
}

/** The interface's label in the picker; loopback is for trying things out. */
export function interfaceLabel(i: NetworkInterface): string {
  return i.loopback ? "Hanya laptop ini (uji)" : i.name;
}

/** The address to listen on for an interface: its first (IPv4 first). */
export function interfaceAddress(i: NetworkInterface): string {
  return i.addresses[0] ?? "";
}
