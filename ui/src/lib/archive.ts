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

/** "documents/Surat_pernyataan_netralitas_-_X.pdf" → "Surat pernyataan netralitas - X.pdf". */
export function documentLabel(entry: string): string {
  const base = entry.slice(entry.lastIndexOf("/") + 1);
  return base.replace(/_/g, " ");
}
