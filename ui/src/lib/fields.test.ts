import { describe, expect, it } from "vitest";

import type { Event } from "./bindings/Event";
import {
  cloneForm,
  emptySpeaker,
  eventSummary,
  fieldErrors,
  formFromEvent,
  formatNip,
  labelOf,
  formFromPerson,
  peopleLabel,
  speakerRole,
  withoutSpeaker,
} from "./fields";

// FormOptions.nip_groups as the core sends it.
const nipGroups = [8, 6, 1, 3];

const kinds = [
  { value: "sosialisasi", label: "Sosialisasi" },
  { value: "deklarasi", label: "Deklarasi" },
];

function sampleEvent(): Event {
  return {
    id: 3,
    title: "Sosialisasi Netralitas ASN",
    kind: "sosialisasi",
    organizer: "Bawaslu Kabupaten Solok",
    place: "Arosuka",
    starts_at: "2024-01-09T09:00:00",
    timezone: "WIB",
    speakers: [{ name: "Titony Tanjung", title: "Ketua", institution: "Bawaslu" }],
    official: { name: "Medison", position: "Sekda", nip: "196805121993031004" },
    paper: "F4",
    archived_at: null,
    closed_at: null,
    retain_until: null,
    created_at: "2024-01-02T03:00:00Z",
    updated_at: "2024-01-02T03:00:00Z",
    date_label: "Selasa, 9 Januari 2024",
    time_label: "09.00 WIB",
    people_count: 300,
  };
}

describe("fieldErrors", () => {
  it("maps each message to its field and joins two messages for one field", () => {
    const map = fieldErrors([
      { field: "title", message: "Judul acara wajib diisi" },
      { field: "official.nip", message: "NIP harus 18 digit" },
      { field: "title", message: "terlalu panjang" },
      { field: "speakers.1.name", message: "Nama narasumber ke-2 wajib diisi" },
    ]);
    expect(map).toEqual({
      title: "Judul acara wajib diisi; terlalu panjang",
      "official.nip": "NIP harus 18 digit",
      "speakers.1.name": "Nama narasumber ke-2 wajib diisi",
    });
  });

  it("gives an empty map when nothing is wrong", () => {
    expect(fieldErrors([])).toEqual({});
  });
});

describe("formFromEvent", () => {
  it("gives the datetime-local input minutes precision and keeps every value", () => {
    const form = formFromEvent(sampleEvent());
    expect(form).toEqual({
      title: "Sosialisasi Netralitas ASN",
      kind: "sosialisasi",
      organizer: "Bawaslu Kabupaten Solok",
      place: "Arosuka",
      starts_at: "2024-01-09T09:00",
      timezone: "WIB",
      speakers: [{ name: "Titony Tanjung", title: "Ketua", institution: "Bawaslu" }],
      official: { name: "Medison", position: "Sekda", nip: "196805121993031004" },
      paper: "F4",
    });
  });

  it("copies nested data, so editing the form leaves the event alone", () => {
    const ev = sampleEvent();
    const form = formFromEvent(ev);
    form.speakers[0].name = "Orang lain";
    form.speakers.push(emptySpeaker());
    form.official.name = "Orang lain";
    expect(ev.speakers).toHaveLength(1);
    expect(ev.speakers[0].name).toBe("Titony Tanjung");
    expect(ev.official.name).toBe("Medison");
  });

  it("cloneForm does not share speakers or the official with the original", () => {
    const form = formFromEvent(sampleEvent());
    const copy = cloneForm(form);
    copy.speakers.push({ name: "Baru", title: "", institution: "" });
    copy.speakers[0].title = "Anggota";
    copy.official.nip = "";
    expect(form.speakers).toHaveLength(1);
    expect(form.speakers[0].title).toBe("Ketua");
    expect(form.official.nip).toBe("196805121993031004");
  });
});

describe("display helpers", () => {
  it("emptySpeaker gives a fresh blank row each time", () => {
    const a = emptySpeaker();
    a.name = "X";
    expect(emptySpeaker()).toEqual({ name: "", title: "", institution: "" });
  });

  it("formats an 18-digit NIP the way it is printed", () => {
    expect(formatNip("196805121993031004", nipGroups)).toBe("19680512 199303 1 004");
    expect(formatNip("", nipGroups)).toBe("");
    expect(formatNip("12345", nipGroups)).toBe("12345");
    expect(formatNip("19680512 199303 1 004", nipGroups)).toBe("19680512 199303 1 004");
    expect(formatNip("1968051219930310041", nipGroups)).toBe("1968051219930310041");
  });

  it("spaces a NIP by whatever groups the core sends", () => {
    expect(formatNip("123456", [2, 4])).toBe("12 3456");
    expect(formatNip("123456", [])).toBe("123456");
  });

  it("finds a choice label or falls back to the value", () => {
    expect(labelOf(kinds, "deklarasi")).toBe("Deklarasi");
    expect(labelOf(kinds, "lain")).toBe("lain");
  });

  it("counts people in Indonesian", () => {
    expect(peopleLabel(0)).toBe("Belum ada peserta");
    expect(peopleLabel(1)).toBe("1 peserta");
    expect(peopleLabel(300)).toBe("300 peserta");
    expect(peopleLabel(50000)).toBe("50.000 peserta");
    expect(peopleLabel(1234567)).toBe("1.234.567 peserta");
  });

  it("writes a speaker's role without empty parts", () => {
    expect(speakerRole({ name: "A", title: "Ketua", institution: "Bawaslu" })).toBe(
      "Ketua, Bawaslu",
    );
    expect(speakerRole({ name: "A", title: "", institution: "Bawaslu" })).toBe("Bawaslu");
    expect(speakerRole({ name: "A", title: " ", institution: "" })).toBe("");
  });
});

describe("eventSummary", () => {
  it("says what, when, where, who and how many in one line", () => {
    expect(eventSummary(sampleEvent(), kinds)).toBe(
      "Sosialisasi: Sosialisasi Netralitas ASN — Selasa, 9 Januari 2024, 09.00 WIB — " +
        "Arosuka — Bawaslu Kabupaten Solok — 300 peserta",
    );
  });

  it("marks an archived event and skips empty parts", () => {
    const ev = { ...sampleEvent(), place: "", archived_at: "2024-02-01T00:00:00Z" };
    const line = eventSummary(ev, kinds);
    expect(line).not.toContain("—  —");
    expect(line).toMatch(/WIB — Bawaslu Kabupaten Solok — 300 peserta \(arsip\)$/);
  });
});

describe("withoutSpeaker", () => {
  it("drops the removed row's errors and renumbers the rows after it", () => {
    const problems = [
      { field: "title", message: "Judul acara wajib diisi" },
      { field: "speakers.0.name", message: "Nama narasumber ke-1 wajib diisi" },
      { field: "speakers.1.name", message: "Nama narasumber ke-2 wajib diisi" },
      { field: "speakers.2.institution", message: "Instansi narasumber terlalu panjang" },
      { field: "speakers.12.name", message: "Nama narasumber ke-13 wajib diisi" },
    ];
    expect(withoutSpeaker(problems, 1)).toEqual([
      { field: "title", message: "Judul acara wajib diisi" },
      { field: "speakers.0.name", message: "Nama narasumber ke-1 wajib diisi" },
      { field: "speakers.1.institution", message: "Instansi narasumber terlalu panjang" },
      { field: "speakers.11.name", message: "Nama narasumber ke-13 wajib diisi" },
    ]);
  });

  it("leaves the list untouched when no speaker had an error", () => {
    const problems = [{ field: "official.nip", message: "NIP harus 18 digit" }];
    expect(withoutSpeaker(problems, 0)).toEqual(problems);
  });
});

describe("formFromPerson", () => {
  it("fills the edit form from the stored person, NIP spaced", () => {
    const form = formFromPerson(
      {
        id: 1,
        event_id: 1,
        name: "Dr. H. Ahmad Fauzi, S.H., M.Si.",
        nip: "198609262015051001",
        category: "pns",
        rank: "Penata / III-c",
        position: "Kepala Seksi",
        unit: "Dinas Kesehatan",
        phone: "",
        walk_in: false,
        checked_in_at: null,
      },
      nipGroups,
    );
    expect(form.nip).toBe("19860926 201505 1 001");
    expect(form.category).toBe("pns");
    expect(form.name).toBe("Dr. H. Ahmad Fauzi, S.H., M.Si.");
  });
});
