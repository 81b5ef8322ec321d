// The kiosk page's one way to the core, whatever carries it: the Tauri
// kiosk window (IPC, below) or a tablet or phone in a browser over the
// hall hub (hub-client.ts). The event is held on the laptop; the page
// never names it, and gets one attendee at a time with the NIP masked.
// Both transports reject with an IpcError carrying the core's
// ErrorReport, so KioskApp handles failures in one place.
import type { HubSession } from "./bindings/HubSession";
import type { KioskPerson } from "./bindings/KioskPerson";
import type { KioskSearch } from "./bindings/KioskSearch";
import type { KioskSession } from "./bindings/KioskSession";
import type { PersonForm } from "./bindings/PersonForm";
import type { Receipt } from "./bindings/Receipt";
import type { Submission } from "./bindings/Submission";
import { call } from "./ipc";

/** Where the kiosk page runs: the laptop's window, a paired tablet, an attendee's phone. */
export type KioskMode = "window" | "device" | "phone";

/** What the kiosk page learns when it opens. */
export type KioskOpening = Pick<HubSession, "session" | "used" | "device_name">;

export interface KioskCallOptions {
  /** Ends a request nobody waits for any more (a newer search, the page closing). */
  signal?: AbortSignal;
  /**
   * Told `true` while the transport waits for the network and tries again
   * (the page says "Menunggu jaringan…"), and `false` once an answer came.
   */
  onWait?: (waiting: boolean) => void;
}

export interface KioskApi {
  session(opts?: KioskCallOptions): Promise<KioskOpening>;
  find(text: string, opts?: KioskCallOptions): Promise<KioskSearch>;
  person(personId: number, opts?: KioskCallOptions): Promise<KioskPerson>;
  walkIn(form: PersonForm): Promise<KioskPerson>;
  /**
   * Resolves only after the declaration is committed to disk. Sending the
   * same `submission_id` again returns the same receipt.
   */
  submit(submission: Submission, opts?: KioskCallOptions): Promise<Receipt>;
  exit(pin: string): Promise<void>;
}

// The Tauri kiosk window's commands.
export const kioskSession = () => call<KioskSession>("kiosk_session");
export const kioskFind = (text: string) => call<KioskSearch>("kiosk_find", { text });
export const kioskPerson = (personId: number) => call<KioskPerson>("kiosk_person", { personId });
export const kioskWalkIn = (form: PersonForm) => call<KioskPerson>("kiosk_walk_in", { form });
/** Resolves only after the declaration is committed to disk. */
export const kioskSubmit = (submission: Submission) =>
  call<Receipt>("kiosk_submit", { submission });
export const kioskExit = (pin: string) => call<void>("kiosk_exit", { pin });

/** The kiosk window: IPC never waits for a network, so there is nothing to retry. */
export const tauriKiosk: KioskApi = {
  session: async () => ({ session: await kioskSession(), used: false, device_name: null }),
  find: (text) => kioskFind(text),
  person: (personId) => kioskPerson(personId),
  walkIn: (form) => kioskWalkIn(form),
  submit: (submission) => kioskSubmit(submission),
  exit: (pin) => kioskExit(pin),
};

/**
 * A fresh id per signing: a double tap or a retry saves one declaration.
 * 128 random bits as 32 hex digits (the core takes 8–64 of [A-Za-z0-9_-]).
 * `crypto.getRandomValues`, not `randomUUID`: a tablet opens the hub over
 * plain http on a LAN address, an insecure context without `randomUUID`.
 */
export function newSubmissionId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let id = "";
  for (const b of bytes) id += b.toString(16).padStart(2, "0");
  return id;
}
