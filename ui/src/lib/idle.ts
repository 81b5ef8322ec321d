// Resets the kiosk after a quiet spell: any touch, click or key restarts
// the countdown. `remaining()` feeds the "layar akan kembali" warning.
export interface IdleTimer {
  poke(): void;
  remaining(): number;
  stop(): void;
}

export function idleTimer(
  seconds: number,
  onIdle: () => void,
  now: () => number = () => Date.now(),
  tickMs = 250,
): IdleTimer {
  let last = now();
  let fired = false;
  const timer = setInterval(() => {
    if (!fired && now() - last >= seconds * 1000) {
      fired = true;
      onIdle();
    }
  }, tickMs);
  return {
    poke() {
      last = now();
      fired = false;
    },
    remaining() {
      return Math.max(0, seconds - (now() - last) / 1000);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
