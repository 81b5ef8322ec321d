// An event's end of life: closing it (read-only), how long its records are
// kept (UU PDP), and erasing it for good. One typed function per command.
import type { ErasePlan } from "./bindings/ErasePlan";
import type { Erased } from "./bindings/Erased";
import type { Event } from "./bindings/Event";
import type { Retention } from "./bindings/Retention";
import { call } from "./ipc";

export function setEventClosed(id: number, closed: boolean): Promise<Event> {
  return call<Event>("set_event_closed", { id, closed });
}

export function eventRetention(id: number): Promise<Retention> {
  return call<Retention>("event_retention", { id });
}

/** `until`: YYYY-MM-DD, or "" for the default months after the event. */
export function setEventRetention(id: number, until: string): Promise<Retention> {
  return call<Retention>("set_event_retention", { id, until });
}

export function erasePlan(id: number): Promise<ErasePlan> {
  return call<ErasePlan>("erase_plan", { id });
}

export function eraseEvent(id: number, confirm: string): Promise<Erased> {
  return call<Erased>("erase_event", { id, confirm });
}

/** The erase button wakes only when the title is typed exactly (spaces around ignored). */
export function confirms(plan: ErasePlan, typed: string): boolean {
  return typed.trim() === plan.confirm_with.trim() && typed.trim() !== "";
}
