// The kiosk over the hall hub's HTTP API (docs/hub.md), for a paired
// tablet or an attendee's phone in a browser. It is the same KioskApi as
// the Tauri window's, and fails the same way: an IpcError carrying the
// core's ErrorReport, so KioskApp has one error path.
//
// A hall's Wi-Fi drops out. A request that gets no answer (network error,
// or none within the timeout) or a `busy` answer is tried again with a
// growing pause, with the very same body: a submit keeps its
// `submission_id`, so the core saves it at most once, and success is shown
// only when a Receipt comes back. `closed`, `unauthorized` and `forbidden`
// end the retrying at once and are reported to the page that owns the token.
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ErrorReport } from "./bindings/ErrorReport";
import type { ExitRequest } from "./bindings/ExitRequest";
import type { FindRequest } from "./bindings/FindRequest";
import type { HubLogin } from "./bindings/HubLogin";
import type { HubPing } from "./bindings/HubPing";
import type { HubSession } from "./bindings/HubSession";
import type { KioskPerson } from "./bindings/KioskPerson";
import type { KioskSearch } from "./bindings/KioskSearch";
import type { PairRequest } from "./bindings/PairRequest";
import type { PersonForm } from "./bindings/PersonForm";
import type { PersonRequest } from "./bindings/PersonRequest";
import type { PhoneRequest } from "./bindings/PhoneRequest";
import type { Receipt } from "./bindings/Receipt";
import type { Submission } from "./bindings/Submission";
import { IpcError } from "./ipc";
import type { KioskApi, KioskCallOptions } from "./kiosk";

/** One try waits this long for the whole answer (the hub itself gives up at 20 s). */
export const REQUEST_TIMEOUT_MS = 15_000;
export const FIRST_PAUSE_MS = 500;
export const LONGEST_PAUSE_MS = 5_000;

/** The pause before try number `attempt + 2`: 0.5 s, 1 s, 2 s, 4 s, then 5 s. */
export function backoff(attempt: number, retryAfterMs = 0): number {
  const grown = FIRST_PAUSE_MS * 2 ** Math.min(Math.max(attempt, 0), 10);
  return Math.min(LONGEST_PAUSE_MS, Math.max(grown, retryAfterMs));
}

/** The message when no answer came at all. */
export const NO_ANSWER =
  "Tidak ada jawaban dari komputer panitia. Periksa sambungan Wi-Fi, lalu coba lagi";

const CODES: readonly ErrorCode[] = [
  "invalid",
  "not_found",
  "bad_file",
  "conflict",
  "busy",
  "disk_full",
  "unauthorized",
  "forbidden",
  "closed",
  "internal",
];

function isReport(value: unknown): value is ErrorReport {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === "string" &&
    (CODES as readonly string[]).includes(v.code) &&
    typeof v.message === "string" &&
    Array.isArray(v.fields)
  );
}

/** An answer without the core's ErrorReport (a proxy, a captive portal): judged by its status. */
export function reportForStatus(status: number): ErrorReport {
  const r = (code: ErrorCode, message: string): ErrorReport => ({ code, message, fields: [] });
  if (status === 401) {
    return r("unauthorized", "Perangkat ini belum terhubung. Pindai kode QR dari panitia");
  }
  if (status === 403) {
    return r("forbidden", "Perangkat ini tidak lagi diizinkan. Pindai kode QR dari panitia");
  }
  if (status === 404) return r("not_found", "Alamat ini tidak ada di kiosk tambahan");
  if (status === 413) return r("invalid", "Kiriman terlalu besar; hapus lalu tanda tangani lagi");
  if (status === 507) return r("disk_full", "Penyimpanan komputer panitia penuh");
  if ([408, 425, 429, 502, 503, 504].includes(status)) return r("busy", NO_ANSWER);
  return r("internal", `Komputer panitia menjawab dengan galat (HTTP ${status})`);
}

/** Why a try failed; `retry` for no answer or a `busy` one. */
class Failure extends Error {
  constructor(
    readonly report: ErrorReport,
    readonly retry: boolean,
    readonly retryAfterMs = 0,
  ) {
    super(report.message);
  }
}

function aborted(): Error {
  const e = new Error("Permintaan dibatalkan");
  e.name = "AbortError";
  return e;
}

/** True for the rejection of a request its caller ended (not a failure to show). */
export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === "AbortError";
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const done = () => {
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    const t = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(t);
      reject(aborted());
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}

export interface HubClientOptions {
  /** The hub's address; "" (the default) is the page's own origin. */
  base?: string;
  /** The bearer token, read afresh for every request. */
  token?: () => string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** 0..1, spreads the pauses of many phones that lost the same Wi-Fi. */
  random?: () => number;
  /** `unauthorized` or `forbidden`: the token is no good any more. */
  onAuthLost?: (report: ErrorReport) => void;
  /** `closed`: the hub stopped, or phones were switched off. */
  onClosed?: (report: ErrorReport) => void;
}

type Method = "GET" | "POST";

export class HubClient {
  private readonly base: string;
  private readonly token: () => string | null;
  private readonly fetcher: typeof fetch;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly onAuthLost?: (report: ErrorReport) => void;
  private readonly onClosed?: (report: ErrorReport) => void;
  /** Submits still without an answer (a page told `closed` says the last one may be lost). */
  submitting = 0;

  constructor(opts: HubClientOptions = {}) {
    this.base = opts.base ?? "";
    this.token = opts.token ?? (() => null);
    this.fetcher = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.sleep = opts.sleep ?? pause;
    this.random = opts.random ?? Math.random;
    this.onAuthLost = opts.onAuthLost;
    this.onClosed = opts.onClosed;
  }

  /** One try. */
  private async attempt<T>(
    method: Method,
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    if (signal?.aborted) throw aborted();
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.timeoutMs);
    const stop = () => ctl.abort();
    signal?.addEventListener("abort", stop, { once: true });
    const headers: Record<string, string> = { Accept: "application/json" };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      let res: Response;
      let text: string;
      try {
        res = await this.fetcher(this.base + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          cache: "no-store",
          credentials: "omit",
          signal: ctl.signal,
        });
        // The body too must come within the timeout.
        text = await res.text();
      } catch {
        if (signal?.aborted) throw aborted();
        throw new Failure({ code: "busy", message: NO_ANSWER, fields: [] }, true);
      }
      let json: unknown = undefined;
      try {
        json = text === "" ? null : JSON.parse(text);
      } catch {
        json = undefined;
      }
      if (res.ok) {
        // A 200 that is not our JSON: something else answered (a portal page).
        if (json === undefined) {
          throw new Failure({ code: "busy", message: NO_ANSWER, fields: [] }, true);
        }
        return json as T;
      }
      const report = isReport(json) ? json : reportForStatus(res.status);
      const seconds = Number(res.headers.get("Retry-After"));
      const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
      throw new Failure(report, report.code === "busy", retryAfterMs);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
    }
  }

  private fail(report: ErrorReport): IpcError {
    if (report.code === "unauthorized" || report.code === "forbidden") this.onAuthLost?.(report);
    if (report.code === "closed") this.onClosed?.(report);
    return new IpcError(report);
  }

  /** One try; a failure rejects as an IpcError. */
  async once<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    try {
      return await this.attempt<T>(method, path, body, signal);
    } catch (err) {
      if (err instanceof Failure) throw this.fail(err.report);
      throw err;
    }
  }

  /**
   * Tries until an answer other than `busy` comes, or the caller aborts:
   * every try sends the same body.
   */
  async retrying<T>(
    method: Method,
    path: string,
    body?: unknown,
    opts: KioskCallOptions = {},
  ): Promise<T> {
    let waiting = false;
    const wait = (w: boolean) => {
      if (w !== waiting) {
        waiting = w;
        opts.onWait?.(w);
      }
    };
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const answer = await this.attempt<T>(method, path, body, opts.signal);
          wait(false);
          return answer;
        } catch (err) {
          if (!(err instanceof Failure)) throw err;
          if (!err.retry) {
            wait(false);
            throw this.fail(err.report);
          }
          wait(true);
          const ms = backoff(attempt, err.retryAfterMs);
          // ±20 %: a hall full of phones does not come back in step.
          await this.sleep(Math.round(ms * (0.8 + 0.4 * this.random())), opts.signal);
        }
      }
    } catch (err) {
      if (isAbort(err)) wait(false);
      throw err;
    }
  }

  pair(req: PairRequest): Promise<HubLogin> {
    return this.once<HubLogin>("POST", "/api/pair", req);
  }

  phone(req: PhoneRequest): Promise<HubLogin> {
    return this.once<HubLogin>("POST", "/api/phone", req);
  }

  hubSession(opts?: KioskCallOptions): Promise<HubSession> {
    return this.retrying<HubSession>("GET", "/api/session", undefined, opts);
  }

  ping(signal?: AbortSignal): Promise<HubPing> {
    return this.once<HubPing>("GET", "/api/ping", undefined, signal);
  }

  /** The kiosk page's steps over this hub. */
  kiosk(): KioskApi {
    return {
      session: async (opts) => {
        const s = await this.hubSession(opts);
        return { session: s.session, used: s.used, device_name: s.device_name };
      },
      find: (text, opts) =>
        this.retrying<KioskSearch>("POST", "/api/find", { text } satisfies FindRequest, opts),
      person: (personId, opts) =>
        this.retrying<KioskPerson>(
          "POST",
          "/api/person",
          { person_id: personId } satisfies PersonRequest,
          opts,
        ),
      // Not retried by itself: a lost answer to a walk-in may have added
      // the person already. The attendee reads the message and taps again.
      walkIn: (form: PersonForm) => this.once<KioskPerson>("POST", "/api/walk-in", form),
      submit: async (submission: Submission, opts) => {
        this.submitting++;
        try {
          return await this.retrying<Receipt>("POST", "/api/submit", submission, opts);
        } finally {
          this.submitting--;
        }
      },
      exit: async (pin) => {
        await this.once<HubPing>("POST", "/api/exit", { pin } satisfies ExitRequest);
      },
    };
  }
}
