// A quick check before "Kirim" is enabled, mirroring the core's rule
// (netra-core strokes.rs: path ≥ 60 px, extent ≥ 40 px, ≥ 5 points). The
// core decides; this only spares the attendee a round trip.

export interface PadPoint {
  x: number;
  y: number;
}

export const MIN_PATH_PX = 60;
export const MIN_EXTENT_PX = 40;
const MIN_POINTS = 5;

export function looksComplete(groups: { points: PadPoint[] }[]): boolean {
  let points = 0;
  let length = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const g of groups) {
    g.points.forEach((p, i) => {
      points += 1;
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
      if (i > 0) {
        const q = g.points[i - 1];
        length += Math.hypot(p.x - q.x, p.y - q.y);
      }
    });
  }
  if (points < MIN_POINTS) return false;
  return length >= MIN_PATH_PX && Math.max(maxX - minX, maxY - minY) >= MIN_EXTENT_PX;
}
