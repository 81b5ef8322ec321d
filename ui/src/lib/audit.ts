// Display strings for the Log audit screen.
import type { JsonValue } from "./bindings/serde_json/JsonValue";

/** The action filter: a prefix of the action names (`person` finds `person.*`). */
export const ACTION_GROUPS: { value: string; label: string }[] = [
  { value: "", label: "Semua" },
  { value: "event", label: "Acara" },
  { value: "person", label: "Peserta" },
  { value: "declaration", label: "Surat pernyataan" },
  { value: "roster", label: "Impor daftar" },
  { value: "kiosk", label: "Kiosk" },
  { value: "hub", label: "Kiosk tambahan" },
  { value: "backup", label: "Cadangan" },
  { value: "pledge", label: "Teks pernyataan" },
  { value: "archive", label: "Arsip acara" },
  { value: "key", label: "Kunci" },
];

/** The actor filter, and the Pelaku column. */
export const ACTORS: { value: string; label: string }[] = [
  { value: "", label: "Semua" },
  { value: "organizer", label: "Panitia" },
  { value: "kiosk", label: "Kiosk" },
  { value: "cli", label: "Baris perintah" },
  { value: "device", label: "Tablet" },
  { value: "phone", label: "Ponsel" },
];

const ACTOR_LABELS: Record<string, string> = {
  ...Object.fromEntries(ACTORS.filter((a) => a.value).map((a) => [a.value, a.label])),
  netra: "Netra",
};

const ACTION_LABELS: Record<string, string> = {
  "event.create": "Acara dibuat",
  "event.update": "Acara diubah",
  "event.archive": "Acara diarsipkan",
  "event.restore": "Acara dipulihkan dari arsip",
  "event.close": "Acara ditutup",
  "event.reopen": "Acara dibuka lagi",
  "event.retention": "Masa simpan diubah",
  "event.erase": "Acara dihapus",
  "person.update": "Data peserta diubah",
  "person.remove": "Peserta dihapus",
  "person.check_in": "Kehadiran dicatat",
  "person.check_in_undo": "Kehadiran dibatalkan",
  "person.walk_in": "Peserta tambahan didaftarkan",
  "declaration.sign": "Surat pernyataan ditandatangani",
  "declaration.void": "Surat pernyataan dibatalkan",
  "roster.import": "Daftar peserta diimpor",
  "roster.demo": "Daftar contoh dibuat",
  "kiosk.start": "Kiosk dimulai",
  "kiosk.pin_set": "PIN kiosk diatur",
  "backup.settings": "Pengaturan cadangan diubah",
  "backup.auto": "Cadangan otomatis dibuat",
  "pledge.edit": "Teks pernyataan diubah",
  "key.trust": "Kunci publik dipercaya",
  "key.untrust": "Kunci publik tidak dipercaya lagi",
  "archive.export": "Arsip acara diekspor",
  "archive.import": "Arsip acara diimpor",
  "archive.remove": "Arsip impor dihapus",
};

export const actorLabel = (actor: string): string => ACTOR_LABELS[actor] ?? actor;

/** A readable name for common actions; the raw action otherwise. */
export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action;

function scalar(v: JsonValue): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/**
 * `{"a": 1, "b": "x"}` → "a: 1, b: x"; other values as compact JSON.
 * `skip`: keys left out (the screen's own event id says nothing new).
 */
export function formatDetails(details: JsonValue, skip: string[] = []): string {
  if (details === null || details === undefined) return "";
  if (typeof details !== "object" || Array.isArray(details)) return scalar(details);
  return Object.entries(details)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `${k}: ${scalar(v as JsonValue)}`)
    .join(", ");
}

/** At most `max` characters, with "…" when cut. */
export function truncate(text: string, max = 90): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
