// The only module that talks to Tauri. A failed command rejects with the
// core's ErrorReport; `call` rethrows it as an IpcError so callers can show
// `fields` beside the inputs.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

import type { ErrorReport } from "./bindings/ErrorReport";
import type { WindowEvent } from "./bindings/WindowEvent";

export class IpcError extends Error {
  readonly report: ErrorReport;

  constructor(report: ErrorReport) {
    super(report.message);
    this.name = "IpcError";
    this.report = report;
  }
}

function isErrorReport(value: unknown): value is ErrorReport {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string" && Array.isArray(v.fields);
}

/** Turns whatever a rejected invoke gave us into an ErrorReport. */
export function toErrorReport(err: unknown): ErrorReport {
  if (err instanceof IpcError) return err.report;
  if (isErrorReport(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return { code: "internal", message, fields: [] };
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw new IpcError(toErrorReport(err));
  }
}

/** Sends bytes as the raw request body (files), with metadata in headers. */
export async function callRaw<T>(
  cmd: string,
  body: Uint8Array,
  headers: Record<string, string>,
): Promise<T> {
  try {
    return await invoke<T>(cmd, body, { headers });
  } catch (err) {
    throw new IpcError(toErrorReport(err));
  }
}

/** A command that reports progress on a channel argument named `onProgress`. */
export async function callWithProgress<T, P>(
  cmd: string,
  args: Record<string, unknown>,
  progress: (p: P) => void,
): Promise<T> {
  const channel = new Channel<P>();
  channel.onmessage = progress;
  return call<T>(cmd, { ...args, onProgress: channel });
}

/** Follows an app event sent from Rust (a name the shell sends); resolves to the unsubscribe. */
export function subscribe<T>(
  event: WindowEvent,
  handler: (payload: T) => void,
): Promise<() => void> {
  return listen<T>(event, (e) => handler(e.payload));
}
