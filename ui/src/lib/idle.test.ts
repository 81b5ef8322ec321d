import { afterEach, describe, expect, it, vi } from "vitest";

import { idleTimer } from "./idle";

describe("idleTimer", () => {
  afterEach(() => vi.useRealTimers());

  it("fires once after the quiet spell and again only after new activity", () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    const t = idleTimer(30, onIdle);
    vi.advanceTimersByTime(29_000);
    expect(onIdle).not.toHaveBeenCalled();
    t.poke();
    vi.advanceTimersByTime(29_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_500);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    t.poke();
    vi.advanceTimersByTime(31_000);
    expect(onIdle).toHaveBeenCalledTimes(2);
    t.stop();
  });
});
