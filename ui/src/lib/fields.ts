// Pure helpers for the event screens: field errors by name, conversions
// between the stored Event and the editable EventForm, display strings.
import type { Choice } from "./bindings/Choice";
import type { Event } from "./bindings/Event";
import type { EventForm } from "./bindings/EventForm";
import type { FieldError } from "./bindings/FieldError";
import type { Person } from "./bindings/Person";
import type { PersonForm } from "./bindings/PersonForm";
import type { Speaker } from "./bindings/Speaker";

/** field name → message; two messages for one field are joined. */
export function fieldErrors(fields: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    out[f.field] = out[f.field] ? `${out[f.field]}; ${f.message}` : f.message;
  }
  return out;
}

export function emptySpeaker(): Speaker {
  return { name: "", title: "", institution: "" };
}

/** The form that edits `ev`, exactly as it was saved. */
export function formFromEvent(ev: Event): EventForm {
  return {
    title: ev.title,
    kind: ev.kind,
    organizer: ev.organizer,
    place: ev.place,
    // "2024-01-09T09:00:00" → "2024-01-09T09:00" for <input type=datetime-local>.
    starts_at: ev.starts_at.slice(0, 16),
    timezone: ev.timezone,
    speakers: ev.speakers.map((s) => ({ ...s })),
    official: { ...ev.official },
    paper: ev.paper,
  };
}

/** A deep copy, so editing the form never touches the object it came from. */
export function cloneForm(form: EventForm): EventForm {
  return {
    ...form,
    speakers: form.speakers.map((s) => ({ ...s })),
    official: { ...form.official },
  };
}

/** The label of a stored choice value, or the value itself. */
export function labelOf(choices: Choice[], value: string): string {
  return choices.find((c) => c.value === value)?.label ?? value;
}

/**
 * "19680512 199303 1 004": a NIP of exactly as many digits as `groups` adds
 * up to, spaced by `groups` (FormOptions.nip_groups, from the core);
 * anything else as is.
 */
export function formatNip(nip: string, groups: number[]): string {
  const length = groups.reduce((sum, n) => sum + n, 0);
  if (length === 0 || nip.length !== length || !/^\d+$/.test(nip)) return nip;
  const parts: string[] = [];
  let at = 0;
  for (const n of groups) {
    parts.push(nip.slice(at, at + n));
    at += n;
  }
  return parts.join(" ");
}

/** "50.000": thousands with a dot, as Indonesian writes them, whatever the ICU data. */
export function formatCount(count: number): string {
  return String(Math.trunc(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** "300 peserta" / "1.250 peserta" / "Belum ada peserta". */
export function peopleLabel(count: number): string {
  if (count === 0) return "Belum ada peserta";
  return `${formatCount(count)} peserta`;
}

/** "Ketua, Bawaslu Kabupaten Solok": a speaker's role in one line. */
export function speakerRole(s: Speaker): string {
  return [s.title, s.institution]
    .map((x) => x.trim())
    .filter(Boolean)
    .join(", ");
}

/**
 * One line that says what and when an event is, e.g.
 * "Deklarasi: Deklarasi Netralitas ASN — Kamis, 1 Oktober 2099, 08.30 WIB —
 * Aula Pemkab, Liwa — Bawaslu Kabupaten Lampung Barat — 300 peserta (arsip)".
 */
export function eventSummary(ev: Event, kinds: Choice[]): string {
  const parts = [
    `${labelOf(kinds, ev.kind)}: ${ev.title}`,
    `${ev.date_label}, ${ev.time_label}`,
    ev.place,
    ev.organizer,
    peopleLabel(ev.people_count),
  ].filter((p) => p.trim() !== "");
  const line = parts.join(" — ");
  return ev.archived_at ? `${line} (arsip)` : line;
}

/**
 * The field errors that still apply after speaker row `removed` is deleted:
 * that row's errors go, later rows' errors move up one place.
 */
export function withoutSpeaker(problems: FieldError[], removed: number): FieldError[] {
  const out: FieldError[] = [];
  for (const p of problems) {
    const m = /^speakers\.(\d+)\.(.+)$/.exec(p.field);
    if (!m) {
      out.push(p);
      continue;
    }
    const i = Number(m[1]);
    if (i === removed) continue;
    out.push(i > removed ? { ...p, field: `speakers.${i - 1}.${m[2]}` } : p);
  }
  return out;
}

/** An empty person form (walk-in). */
export function emptyPersonForm(): PersonForm {
  return { name: "", nip: "", category: "", rank: "", position: "", unit: "", phone: "" };
}

/** The form that edits `p`, with the NIP spaced as printed (`nipGroups`). */
export function formFromPerson(p: Person, nipGroups: number[]): PersonForm {
  return {
    name: p.name,
    nip: p.nip ? formatNip(p.nip, nipGroups) : "",
    category: p.category,
    rank: p.rank,
    position: p.position,
    unit: p.unit,
    phone: p.phone,
  };
}
