// The presentation's commands and events, and the keys speakers expect.
// Rust owns the running presentation; both windows fetch it on mount and
// follow `presentation://stage` (a new window misses events sent before it listened).
import type { Deck } from "./bindings/Deck";
import type { DeckSummary } from "./bindings/DeckSummary";
import type { HubQr } from "./bindings/HubQr";
import type { ImportedDeck } from "./bindings/ImportedDeck";
import type { LivePresentation } from "./bindings/LivePresentation";
import type { PresentationSettings } from "./bindings/PresentationSettings";
import type { PresentationSettingsForm } from "./bindings/PresentationSettingsForm";
import type { Stage } from "./bindings/Stage";
import type { StageAction } from "./bindings/StageAction";
import type { StoredDeck } from "./bindings/StoredDeck";
import type { WindowEvent } from "./bindings/WindowEvent";
import { call, subscribe } from "./ipc";

// Typed with the shell's own enum: a name Rust no longer sends fails svelte-check.
export const STAGE_EVENT: WindowEvent = "presentation://stage";
export const LIVE_EVENT: WindowEvent = "presentation://live";

/** Wall-clock ms with sub-ms precision, comparable across windows. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export const presentationSettings = (eventId: number) =>
  call<PresentationSettings>("presentation_settings", { eventId });
export const savePresentationSettings = (eventId: number, form: PresentationSettingsForm) =>
  call<PresentationSettings>("save_presentation_settings", { eventId, form });
export const choosePresentationLogo = (eventId: number) =>
  call<PresentationSettings | null>("choose_presentation_logo", { eventId });
export const clearPresentationLogo = (eventId: number) =>
  call<PresentationSettings>("clear_presentation_logo", { eventId });

export const listDecks = () => call<DeckSummary[]>("list_decks");
export const getDeck = (id: number | null) => call<StoredDeck>("get_deck", { id });
export const duplicateDeck = (id: number | null) => call<StoredDeck>("duplicate_deck", { id });
export const saveDeck = (id: number | null, markdown: string) =>
  call<StoredDeck>("save_deck", { id, markdown });
export const deleteDeck = (id: number) => call<void>("delete_deck", { id });
export const previewDeck = (eventId: number | null, deckId: number | null, markdown: string) =>
  call<Deck>("preview_deck", { eventId, deckId, markdown });
/** Opens the file dialog; null when cancelled. */
export const importDeck = () => call<ImportedDeck | null>("import_deck");
/** Opens the save dialog; the path written, or null when cancelled. */
export const exportDeck = (id: number | null) => call<string | null>("export_deck", { id });

export const startPresentation = (eventId: number) =>
  call<LivePresentation>("start_presentation", { eventId, atMs: nowMs() });
export const presentationLive = () => call<LivePresentation | null>("presentation_live");
export const presentationAction = (action: StageAction) =>
  call<Stage>("presentation_action", { action, atMs: nowMs() });
/** The phones' QR for "Pindai untuk menandatangani"; null while phones are closed. */
export const presentationPhoneCode = () => call<HubQr | null>("presentation_phone_code");
export const reopenAudience = () => call<void>("reopen_audience");
export const endPresentation = () => call<void>("end_presentation");

/**
 * The address a phone's browser is pointed at, for people to type: the
 * QR's url without its token (`http://192.168.1.10:8080`).
 */
export function hubAddress(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url.split("#")[0].replace(/\/+$/, "");
  }
}

export const onStage = (f: (stage: Stage) => void) => subscribe<Stage>(STAGE_EVENT, f);
export const onLive = (f: () => void) => subscribe<null>(LIVE_EVENT, () => f());

/** What a key press means during a presentation. */
export type KeyResult =
  | { kind: "action"; action: StageAction }
  | { kind: "digits"; digits: string }
  | { kind: "end" }
  | { kind: "overlay" }
  | { kind: "none" };

/**
 * Keys as clickers and PowerPoint users expect them. `digits` is what the
 * speaker typed so far for "number + Enter"; the caller keeps it.
 */
export function keyAction(key: string, digits: string): KeyResult {
  if (/^[0-9]$/.test(key)) return { kind: "digits", digits: (digits + key).slice(-4) };
  if (key === "Enter" && digits !== "") {
    return { kind: "action", action: { kind: "goto", number: Number(digits) } };
  }
  switch (key) {
    case "ArrowRight":
    case "ArrowDown":
    case "PageDown":
    case " ":
    case "Enter":
    case "n":
    case "N":
      return { kind: "action", action: { kind: "next" } };
    case "ArrowLeft":
    case "ArrowUp":
    case "PageUp":
    case "Backspace":
      return { kind: "action", action: { kind: "previous" } };
    case "p":
    case "P":
      return { kind: "overlay" };
    case "Home":
      return { kind: "action", action: { kind: "first" } };
    case "End":
      return { kind: "action", action: { kind: "last" } };
    case "b":
    case "B":
    case ".":
      return { kind: "action", action: { kind: "black" } };
    case "w":
    case "W":
    case ",":
      return { kind: "action", action: { kind: "white" } };
    case "i":
    case "I":
      return { kind: "action", action: { kind: "pledge" } };
    case "q":
    case "Q":
      return { kind: "action", action: { kind: "sign_here" } };
    case "f":
    case "F":
      return { kind: "action", action: { kind: "freeze" } };
    case "Escape":
      return { kind: "end" };
    default:
      return { kind: "none" };
  }
}
