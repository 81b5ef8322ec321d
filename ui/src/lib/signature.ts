// A quick check before "Kirim" is enabled, with the core's own thresholds
// (SignatureRules, sent with the kiosk session: points, path length and
// extent). The core decides; this only spares the attendee a round trip.
import type { SignatureRules } from "./bindings/SignatureRules";

export interface PadPoint {
  x: number;
  y: number;
}

export function looksComplete(groups: { points: PadPoint[] }[], rules: SignatureRules): boolean {
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
  if (points < rules.min_points) return false;
  return length >= rules.min_path_px && Math.max(maxX - minX, maxY - minY) >= rules.min_extent_px;
}
