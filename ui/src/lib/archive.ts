// Arsip acara: export an event's signed archive; import, list, check and
// remove archives of other installations. One typed function per command.
import type { ArchiveExportOptions } from "./bindings/ArchiveExportOptions";
import type { ArchiveExported } from "./bindings/ArchiveExported";
import type { ArchiveImportOptions } from "./bindings/ArchiveImportOptions";
import type { ArchiveImported } from "./bindings/ArchiveImported";
import type { ArchivePreview } from "./bindings/ArchivePreview";
import type { ImportedArchive } from "./bindings/ImportedArchive";
import type { Report } from "./bindings/Report";
import { call } from "./ipc";

/** Asks where, then writes; null when the dialog was cancelled. */
export const exportArchive = (eventId: number, options: ArchiveExportOptions) =>
  call<ArchiveExported | null>("export_archive", { eventId, options });

/** The open dialog; the picked file's name, null when cancelled. */
export const pickArchive = () => call<string | null>("pick_archive");

export const inspectArchive = (passphrase: string | null) =>
  call<ArchivePreview>("inspect_archive", { passphrase });

export const importArchive = (options: ArchiveImportOptions) =>
  call<ArchiveImported>("import_archive", { options });

export const listImports = () => call<ImportedArchive[]>("list_imports");

export const verifyImport = (id: number) => call<Report>("verify_import", { id });

export const removeImport = (id: number) => call<ImportedArchive>("remove_import", { id });

export const openImportDocument = (id: number, name: string) =>
  call<void>("open_import_document", { id, name });

/**
 * A document of an archive by its kind: "documents/Daftar_hadir_-_<judul>.pdf"
 * → "Daftar hadir" (the event's title is shown beside it already).
 */
export function documentLabel(entry: string): string {
  const base = entry.slice(entry.lastIndexOf("/") + 1).replace(/\.pdf$/i, "");
  return base.replace(/_/g, " ").split(" - ")[0].trim();
}

const WALL = new Intl.DateTimeFormat("id-ID", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

/**
 * An event's wall-clock start as stored ("2026-12-10T09:00:00", in its own
 * zone) → "Kamis, 10 Desember 2026 09.00 WIB", without shifting it into
 * this computer's zone.
 */
export function wallClock(iso: string, zone: string): string {
  const date = new Date(`${iso.slice(0, 19)}Z`);
  if (Number.isNaN(date.getTime())) return `${iso} ${zone}`.trim();
  const text = WALL.format(date)
    .replace(" pukul ", " ")
    .replace(/(\d{2})[.:](\d{2})$/, "$1.$2");
  return `${text} ${zone}`.trim();
}

/** "organizer@ani" → "Panitia (ani)". */
export function importerLabel(importedBy: string, actorLabel: (a: string) => string): string {
  const [actor, user] = importedBy.split("@");
  return user ? `${actorLabel(actor)} (${user})` : actorLabel(actor);
}
