// Which screen the main area shows. A tiny in-memory router: the app has
// no URLs to share, so no router library.
import { tick } from "svelte";

import { appReady } from "./api";

import type { Event } from "./bindings/Event";

export type View =
  | { name: "list" }
  // `event`: already in hand (just saved), shown while the fresh copy loads.
  | { name: "detail"; id: number; event?: Event }
  | { name: "new" }
  | { name: "edit"; id: number }
  // The Peserta screen of one event.
  | { name: "people"; id: number }
  // Dokumen: the PDFs of one event.
  | { name: "documents"; id: number }
  | { name: "verify" }
  // Cadangan: backups, restore, automatic backups.
  | { name: "backup" }
  // Arsip: event archives imported from other installations.
  | { name: "archives" }
  // Presentasi: settings and deck library of one event.
  | { name: "presentation"; id: number }
  // The deck editor; `id` is the event whose details fill the preview.
  | { name: "deck"; id: number; deckId: number }
  // The presenter view while a presentation runs.
  | { name: "presenter"; id: number }
  // Kiosk tambahan: the hall hub for tablets and phones of one event.
  | { name: "hall"; id: number }
  // Log audit: the append-only record of one event.
  | { name: "audit"; id: number };

/**
 * Tells the e2e tests (and anyone waiting) that the first data is on screen.
 * Svelte applies state changes to the DOM in a later microtask, so wait for
 * that flush: a test that starts at "ready" must see the list, not a blank.
 */
export function markReady(): void {
  tick().then(() => {
    document.body.dataset.ready = "1";
    // The frame after this one is painted with the data.
    requestAnimationFrame(() => setTimeout(() => void appReady().catch(() => {}), 0));
  });
}
