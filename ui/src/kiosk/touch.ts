// Debian 12's WebKitGTK (2.50) delivers a finger as touch events only;
// pointer events for touch arrived only in WebKit 303532@main (Nov 2025).
// signature_pad listens to pointer events alone when they exist, so a
// finger would draw nothing. This adapter re-sends touches as pointer
// events, and steps aside once the webview sends real touch pointers.

export function touchToPointer(el: HTMLElement): () => void {
  let native = false;
  const seen = (e: PointerEvent) => {
    if (e.isTrusted && e.pointerType === "touch") native = true;
  };
  const relay = (type: string, down: boolean) => (e: TouchEvent) => {
    if (native) return;
    const t = e.changedTouches?.[0];
    if (!t) return;
    if (e.cancelable) e.preventDefault();
    el.dispatchEvent(
      new PointerEvent(type, {
        bubbles: true,
        cancelable: true,
        composed: true,
        pointerId: 1,
        pointerType: "touch",
        isPrimary: true,
        clientX: t.clientX,
        clientY: t.clientY,
        pressure: down ? t.force || 0.5 : 0,
        button: 0,
        buttons: down ? 1 : 0,
      }),
    );
  };
  const handlers: [string, EventListener][] = [
    ["touchstart", relay("pointerdown", true) as EventListener],
    ["touchmove", relay("pointermove", true) as EventListener],
    ["touchend", relay("pointerup", false) as EventListener],
    ["touchcancel", relay("pointercancel", false) as EventListener],
  ];
  el.addEventListener("pointerdown", seen, { capture: true });
  for (const [type, h] of handlers) el.addEventListener(type, h, { passive: false });
  return () => {
    el.removeEventListener("pointerdown", seen, { capture: true });
    for (const [type, h] of handlers) el.removeEventListener(type, h);
  };
}
