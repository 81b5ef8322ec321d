import { beforeEach, describe, expect, it, vi } from "vitest";

// The real invoke needs the Tauri window; the tests replace it.
const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));

import * as api from "./api";
import { IpcError, call, toErrorReport } from "./ipc";

beforeEach(() => {
  invoke.mockReset();
});

describe("toErrorReport", () => {
  it("keeps an ErrorReport from Rust as it is", () => {
    const report = {
      code: "invalid",
      message: "Isian belum benar",
      fields: [{ field: "title", message: "Judul acara wajib diisi" }],
    };
    expect(toErrorReport(report)).toEqual(report);
  });

  it("wraps anything else as an internal error with its text", () => {
    expect(toErrorReport("command not allowed")).toEqual({
      code: "internal",
      message: "command not allowed",
      fields: [],
    });
    expect(toErrorReport(new Error("boom")).message).toBe("boom");
    expect(toErrorReport({ code: "invalid" })).toMatchObject({ code: "internal", fields: [] });
    expect(toErrorReport(null)).toEqual({ code: "internal", message: "null", fields: [] });
  });
});

describe("call", () => {
  it("passes the command and its arguments to invoke and returns the answer", async () => {
    invoke.mockResolvedValue({ ok: 1 });
    await expect(call("app_status")).resolves.toEqual({ ok: 1 });
    expect(invoke).toHaveBeenCalledWith("app_status", undefined);
  });

  it("throws an IpcError that carries the core's report", async () => {
    const report = {
      code: "invalid",
      message: "Isian belum benar",
      fields: [{ field: "starts_at", message: "Tanggal dan jam mulai wajib diisi" }],
    };
    invoke.mockRejectedValue(report);
    const err = await call("create_event", { form: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect(err).toBeInstanceOf(Error);
    expect((err as IpcError).report).toEqual(report);
    expect((err as IpcError).message).toBe("Isian belum benar");
  });

  it("wraps a plain-string rejection as an internal report", async () => {
    invoke.mockRejectedValue("Command list_events not allowed by ACL");
    const err = (await call("list_events").catch((e: unknown) => e)) as IpcError;
    expect(err.report).toEqual({
      code: "internal",
      message: "Command list_events not allowed by ACL",
      fields: [],
    });
  });
});

describe("api", () => {
  it("names each command and its arguments the way the Rust side expects", async () => {
    invoke.mockResolvedValue(null);
    const form = {
      title: "T",
      kind: "deklarasi",
      organizer: "O",
      place: "P",
      starts_at: "2099-10-01T08:30",
      timezone: "WIB",
      speakers: [],
      official: { name: "", position: "", nip: "" },
      paper: "A4",
    };
    await api.appStatus();
    await api.eventFormOptions();
    await api.listEvents(true);
    await api.getEvent(7);
    await api.createEvent(form);
    await api.updateEvent(7, form);
    await api.setEventArchived(7, false);
    expect(invoke.mock.calls).toEqual([
      ["app_status", undefined],
      ["event_form_options", undefined],
      ["list_events", { includeArchived: true }],
      ["get_event", { id: 7 }],
      ["create_event", { form }],
      ["update_event", { id: 7, form }],
      ["set_event_archived", { id: 7, archived: false }],
    ]);
  });
});
