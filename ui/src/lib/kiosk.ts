// The kiosk window's commands. The event is held in Rust; the page never
// names it, and gets one attendee at a time with the NIP masked.
import type { KioskPerson } from "./bindings/KioskPerson";
import type { KioskSearch } from "./bindings/KioskSearch";
import type { KioskSession } from "./bindings/KioskSession";
import type { PersonForm } from "./bindings/PersonForm";
import type { Receipt } from "./bindings/Receipt";
import type { Submission } from "./bindings/Submission";
import { call } from "./ipc";

export const kioskSession = () => call<KioskSession>("kiosk_session");
export const kioskFind = (text: string) => call<KioskSearch>("kiosk_find", { text });
export const kioskPerson = (personId: number) => call<KioskPerson>("kiosk_person", { personId });
export const kioskWalkIn = (form: PersonForm) => call<KioskPerson>("kiosk_walk_in", { form });
/** Resolves only after the declaration is committed to disk. */
export const kioskSubmit = (submission: Submission) =>
  call<Receipt>("kiosk_submit", { submission });
export const kioskExit = (pin: string) => call<void>("kiosk_exit", { pin });

/** A fresh id per signing: a double tap or a retry saves one declaration. */
export function newSubmissionId(): string {
  return crypto.randomUUID();
}
