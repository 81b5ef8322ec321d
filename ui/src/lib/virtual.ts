// Which rows a virtual table draws and which it must ask Rust for. Pure, so
// the scrolling arithmetic is tested without a browser.

export interface Span {
  /** First row index, inclusive. */
  start: number;
  /** Row count. */
  count: number;
}

/**
 * The rows to keep in the DOM for a viewport: those visible plus `overscan`
 * rows either side, clipped to the list.
 */
export function visibleSpan(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  total: number,
  overscan: number,
): Span {
  if (total <= 0 || rowHeight <= 0) return { start: 0, count: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, Math.min(first - overscan, total - 1));
  const end = Math.min(total, first + shown + overscan);
  return { start, count: Math.max(0, end - start) };
}

/** Whether the rows in hand (`loaded`) cover everything `wanted` needs. */
export function covers(loaded: Span, wanted: Span): boolean {
  return (
    wanted.count === 0 ||
    (wanted.start >= loaded.start && wanted.start + wanted.count <= loaded.start + loaded.count)
  );
}

/** The page to request for `wanted`: a margin more, so small scrolls need no trip. */
export function pageFor(wanted: Span, total: number, margin: number): Span {
  const start = Math.max(0, wanted.start - margin);
  const end = Math.min(total, wanted.start + wanted.count + margin);
  return { start, count: Math.max(0, end - start) };
}
