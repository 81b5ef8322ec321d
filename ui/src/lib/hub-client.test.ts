import { describe, expect, it, vi } from "vitest";

import type { Receipt } from "./bindings/Receipt";
import type { Submission } from "./bindings/Submission";
import { backoff, HubClient, isAbort, NO_ANSWER, reportForStatus } from "./hub-client";
import { IpcError, toErrorReport } from "./ipc";
import { newSubmissionId } from "./kiosk";

const receipt: Receipt = {
  declaration_id: 7,
  seq: 3,
  name: "Budi",
  signed_at: "2025-01-09T02:12:00Z",
  time_label: "09.12 WIB",
  short_hash: "0123456789ab",
  repeated: false,
};

const submission: Submission = {
  submission_id: "0123456789abcdef0123456789abcdef",
  person_id: 12,
  pledge_hash: "abc",
  strokes: "{}",
  png: null,
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

const busy = () =>
  json(503, { code: "busy", message: "Sibuk", fields: [] }, { "Retry-After": "1" });

/** A fetch that answers from a list, one entry per request, and records them. */
function script(...answers: (Response | Error | "hang")[]) {
  const seen: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    const next = answers.shift();
    if (next === undefined) throw new Error("no more answers scripted");
    if (next === "hang") {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener("abort", () => reject(new DOMException("x", "AbortError")));
      });
    }
    if (next instanceof Error) throw next;
    return next;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, seen };
}

function client(
  fetch: typeof globalThis.fetch,
  extra: Partial<ConstructorParameters<typeof HubClient>[0]> = {},
) {
  const pauses: number[] = [];
  const c = new HubClient({
    fetch,
    token: () => "device.tok",
    sleep: async (ms) => {
      pauses.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { c, pauses };
}

describe("backoff", () => {
  it("grows from half a second to five", () => {
    expect([0, 1, 2, 3, 4, 5, 30].map((a) => backoff(a))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
  });

  it("waits at least what Retry-After asks, within the cap", () => {
    expect(backoff(0, 1000)).toBe(1000);
    expect(backoff(0, 60_000)).toBe(5000);
  });
});

describe("HubClient", () => {
  it("sends the bearer token and a JSON body", async () => {
    const { fetch, seen } = script(json(200, { matches: [], more: false, hint: null }));
    const { c } = client(fetch);
    await c.kiosk().find("bud");
    expect(seen[0].url).toBe("/api/find");
    expect(seen[0].init.method).toBe("POST");
    const headers = seen[0].init.headers as Record<string, string>;
    expect(headers.Authorization).toBe("Bearer device.tok");
    expect(headers["Content-Type"]).toBe("application/json");
    expect(JSON.parse(String(seen[0].init.body))).toEqual({ text: "bud" });
  });

  it("retries a submit through no answer and busy, with the same body, until the receipt", async () => {
    const { fetch, seen } = script(
      new TypeError("Failed to fetch"),
      busy(),
      new TypeError("Failed to fetch"),
      json(200, receipt),
    );
    const { c, pauses } = client(fetch);
    const waits: boolean[] = [];
    const r = await c.kiosk().submit(submission, { onWait: (w) => waits.push(w) });
    expect(r).toEqual(receipt);
    expect(seen).toHaveLength(4);
    const bodies = new Set(seen.map((s) => s.init.body));
    expect(bodies.size).toBe(1);
    expect(JSON.parse(String(seen[3].init.body)).submission_id).toBe(submission.submission_id);
    expect(pauses).toEqual([500, 1000, 2000]);
    expect(waits).toEqual([true, false]);
    expect(c.submitting).toBe(0);
  });

  it("treats a request without an answer in time as no answer", async () => {
    const { fetch, seen } = script("hang", json(200, receipt));
    const { c } = client(fetch, { timeoutMs: 20 });
    await expect(c.kiosk().submit(submission)).resolves.toEqual(receipt);
    expect(seen).toHaveLength(2);
  });

  it("stops at closed, tells the page, and never resolves a receipt", async () => {
    const onClosed = vi.fn();
    const { fetch } = script(
      new TypeError("Failed to fetch"),
      json(503, { code: "closed", message: "Kiosk tambahan sudah dihentikan", fields: [] }),
    );
    const { c } = client(fetch, { onClosed });
    let submittingWhenClosed = -1;
    onClosed.mockImplementation(() => (submittingWhenClosed = c.submitting));
    const err = await c
      .kiosk()
      .submit(submission)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect(toErrorReport(err).code).toBe("closed");
    expect(onClosed).toHaveBeenCalledOnce();
    expect(submittingWhenClosed).toBe(1);
  });

  it("reports a token that is no good any more", async () => {
    const onAuthLost = vi.fn();
    const { fetch } = script(
      json(401, { code: "unauthorized", message: "Belum terhubung", fields: [] }),
    );
    const { c } = client(fetch, { onAuthLost });
    await expect(c.kiosk().session()).rejects.toBeInstanceOf(IpcError);
    expect(onAuthLost).toHaveBeenCalledWith(expect.objectContaining({ code: "unauthorized" }));
  });

  it("passes other failures through as the core's report, without retrying", async () => {
    const report = {
      code: "invalid",
      message: "Periksa isian",
      fields: [{ field: "name", message: "Nama wajib diisi" }],
    };
    const { fetch, seen } = script(json(400, report));
    const { c } = client(fetch);
    const err = await c
      .kiosk()
      .submit(submission)
      .catch((e: unknown) => e);
    expect(toErrorReport(err)).toEqual(report);
    expect(seen).toHaveLength(1);
  });

  it("judges an answer without a report by its status", async () => {
    const { fetch } = script(
      new Response("<html>Bad gateway</html>", { status: 502 }),
      json(200, receipt),
    );
    const { c } = client(fetch);
    await expect(c.kiosk().submit(submission)).resolves.toEqual(receipt);
    expect(reportForStatus(401).code).toBe("unauthorized");
    expect(reportForStatus(403).code).toBe("forbidden");
    expect(reportForStatus(507).code).toBe("disk_full");
    expect(reportForStatus(500).code).toBe("internal");
  });

  it("does not retry a walk-in by itself", async () => {
    const { fetch, seen } = script(new TypeError("Failed to fetch"));
    const { c } = client(fetch);
    const err = await c
      .kiosk()
      .walkIn({ name: "A", nip: "", category: "", rank: "", position: "", unit: "", phone: "" })
      .catch((e: unknown) => e);
    expect(toErrorReport(err)).toEqual({ code: "busy", message: NO_ANSWER, fields: [] });
    expect(seen).toHaveLength(1);
  });

  it("stops retrying when the caller gives up", async () => {
    const ctl = new AbortController();
    const { fetch } = script(new TypeError("x"), new TypeError("x"), new TypeError("x"));
    const { c } = client(fetch, {
      sleep: async () => {
        ctl.abort();
      },
    });
    const waits: boolean[] = [];
    const err = await c
      .kiosk()
      .find("bud", { signal: ctl.signal, onWait: (w) => waits.push(w) })
      .catch((e: unknown) => e);
    expect(isAbort(err)).toBe(true);
    expect(waits).toEqual([true, false]);
  });

  it("pairs without a bearer token", async () => {
    const { fetch, seen } = script(
      json(200, { mode: "device", token: "device.abc", device_name: "Tablet pintu kiri" }),
    );
    const c = new HubClient({ fetch });
    const login = await c.pair({ token: "t0k3n-from-qr", name: "Tablet pintu kiri" });
    expect(login.token).toBe("device.abc");
    expect((seen[0].init.headers as Record<string, string>).Authorization).toBeUndefined();
  });
});

describe("newSubmissionId", () => {
  it("is 128 random bits in the characters the core takes", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newSubmissionId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("needs only getRandomValues (no randomUUID on plain http)", () => {
    const real = globalThis.crypto;
    const fake = { getRandomValues: real.getRandomValues.bind(real) } as Crypto;
    vi.stubGlobal("crypto", fake);
    try {
      expect(newSubmissionId()).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
