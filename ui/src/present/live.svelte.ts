// The running presentation as one window sees it: fetched on mount, then
// kept current by `presentation://stage` events. Presenter and audience
// windows each hold one.
import type { LivePresentation } from "../lib/bindings/LivePresentation";
import type { Stage } from "../lib/bindings/Stage";
import type { StageAction } from "../lib/bindings/StageAction";
import { toErrorReport } from "../lib/ipc";
import {
  endPresentation,
  keyAction,
  onLive,
  onStage,
  presentationAction,
  presentationLive,
} from "../lib/presentation";

export class LiveView {
  live = $state<LivePresentation | null>(null);
  stage = $state<Stage | null>(null);
  error = $state<string | null>(null);
  /** Digits typed so far for "number + Enter". */
  digits = $state("");
  loaded = $state(false);

  async load(): Promise<void> {
    try {
      const live = await presentationLive();
      this.live = live;
      this.stage = live?.stage ?? null;
      this.error = null;
    } catch (err) {
      this.error = toErrorReport(err).message;
    } finally {
      this.loaded = true;
    }
  }

  /** Follows both events; returns the unsubscribe. */
  async follow(changed?: (stage: Stage) => void): Promise<() => void> {
    const stop = await Promise.all([
      onStage((s) => {
        if (this.accept(s)) changed?.(s);
      }),
      onLive(() => void this.load()),
    ]);
    return () => stop.forEach((f) => f());
  }

  /** Keeps the newer of two stages (an event may overtake a reply). */
  private accept(s: Stage): boolean {
    if (this.stage && s.revision <= this.stage.revision) return false;
    this.stage = s;
    return true;
  }

  async act(action: StageAction): Promise<void> {
    try {
      this.accept(await presentationAction(action));
      this.error = null;
    } catch (err) {
      this.error = toErrorReport(err).message;
    }
  }

  async end(): Promise<void> {
    try {
      await endPresentation();
    } catch (err) {
      this.error = toErrorReport(err).message;
    }
  }

  /**
   * Handles a key; returns "overlay" when the window should toggle its
   * presenter overlay, true when the key was used.
   */
  key(e: KeyboardEvent): "overlay" | boolean {
    if (e.ctrlKey || e.altKey || e.metaKey) return false;
    const r = keyAction(e.key, this.digits);
    if (r.kind !== "digits") this.digits = "";
    switch (r.kind) {
      case "digits":
        this.digits = r.digits;
        return true;
      case "action":
        void this.act(r.action);
        return true;
      case "end":
        void this.end();
        return true;
      case "overlay":
        return "overlay";
      default:
        return false;
    }
  }
}

/** "00:12:05" from ms. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** "10.42", the Indonesian way of writing a time. */
export function clock(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(at.getHours())}.${pad(at.getMinutes())}`;
}
