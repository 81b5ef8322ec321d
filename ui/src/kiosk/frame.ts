// The signature pad's size in CSS pixels, chosen once for the space it has:
// the laptop's kiosk window keeps its 760 × 300, a tablet or phone gets a
// pad as wide as its screen allows. The strokes are stored with this frame
// ({width, height, ...}), so every screen's signature keeps its own shape.

export interface Frame {
  width: number;
  height: number;
}

/** The narrowest pad (the core takes 100–4000 px). */
export const MIN_WIDTH = 240;

export function padFrame(
  available: number,
  viewportHeight: number,
  max: Frame = { width: 760, height: 300 },
): Frame {
  const width = Math.max(MIN_WIDTH, Math.min(max.width, Math.floor(available) || max.width));
  // Narrower than the full pad: a little taller than the 760 × 300 shape,
  // so a finger has room on a phone.
  let height = width >= max.width ? max.height : Math.round(width * 0.6);
  height = Math.max(160, Math.min(max.height, height));
  // A phone on its side: leave room for the buttons below the pad.
  const room = Math.round((viewportHeight || Infinity) * 0.42);
  height = Math.max(140, Math.min(height, room));
  return { width, height };
}
