// A contact sheet: several PNG screenshots on one PNG, as a grid of
// thumbnails (nearest-neighbour downscale), each labelled with its file
// name in a small built-in 5×7 bitmap font (upper case, digits, "-" and ".").
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";

// Each glyph: seven rows of five pixels, "#" on.
const FONT = {
  A: [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
  B: ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."],
  C: [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
  D: ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
  E: ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
  F: ["#####", "#....", "#....", "####.", "#....", "#....", "#...."],
  G: [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"],
  H: ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
  I: [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."],
  J: ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."],
  K: ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"],
  L: ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
  M: ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
  N: ["#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"],
  O: [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
  P: ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
  Q: [".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"],
  R: ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
  S: [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
  T: ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
  U: ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
  V: ["#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."],
  W: ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."],
  X: ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"],
  Y: ["#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."],
  Z: ["#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"],
  0: [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
  1: ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
  2: [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
  3: ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."],
  4: ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
  5: ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
  6: ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
  7: ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
  8: [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
  9: [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
  "-": [".....", ".....", ".....", "#####", ".....", ".....", "....."],
  ".": [".....", ".....", ".....", ".....", ".....", ".##..", ".##.."],
  " ": [".....", ".....", ".....", ".....", ".....", ".....", "....."],
};

function fill(img, x0, y0, w, h, [r, g, b]) {
  for (let y = Math.max(0, y0); y < Math.min(img.height, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(img.width, x0 + w); x++) {
      const i = (y * img.width + x) * 4;
      img.data[i] = r;
      img.data[i + 1] = g;
      img.data[i + 2] = b;
      img.data[i + 3] = 255;
    }
  }
}

/** Writes `text` at (x, y), each font pixel `scale` × `scale`. */
function drawText(img, text, x, y, scale, colour) {
  let cx = x;
  for (const ch of text.toUpperCase()) {
    const glyph = FONT[ch] ?? FONT[" "];
    glyph.forEach((row, gy) => {
      [...row].forEach((on, gx) => {
        if (on === "#")
          fill(img, cx + gx * scale, y + gy * scale, scale, scale, colour);
      });
    });
    cx += 6 * scale;
  }
}

/** Copies `src` scaled to `w` × `h` (nearest neighbour) into `dst` at (x, y). */
function blitScaled(src, dst, x, y, w, h) {
  for (let ty = 0; ty < h; ty++) {
    const sy = Math.min(src.height - 1, Math.floor((ty * src.height) / h));
    for (let tx = 0; tx < w; tx++) {
      const sx = Math.min(src.width - 1, Math.floor((tx * src.width) / w));
      const si = (sy * src.width + sx) * 4;
      const di = ((y + ty) * dst.width + (x + tx)) * 4;
      dst.data[di] = src.data[si];
      dst.data[di + 1] = src.data[si + 1];
      dst.data[di + 2] = src.data[si + 2];
      dst.data[di + 3] = 255;
    }
  }
}

/**
 * Lays `files` (PNG paths, in order) out left to right, top to bottom,
 * `columns` to a row, each thumbnail `thumbWidth` wide keeping its aspect
 * ratio inside a cell as tall as the tallest, with its file name (through
 * `label`) above it.
 * Writes the sheet to `out`; returns its size and the cells' labels.
 */
export function contactSheet(
  files,
  out,
  {
    columns = 4,
    thumbWidth = 480,
    gap = 16,
    scale = 2,
    label = (name) => name,
  } = {},
) {
  const images = files.map((f) => ({
    label: label(path.basename(f, ".png")),
    png: PNG.sync.read(readFileSync(f)),
  }));
  const thumbs = images.map(({ label, png }) => ({
    label,
    png,
    w: thumbWidth,
    h: Math.max(1, Math.round((png.height * thumbWidth) / png.width)),
  }));
  const labelHeight = 7 * scale + 8;
  const cellHeight = Math.max(...thumbs.map((t) => t.h)) + labelHeight;
  const rows = Math.ceil(thumbs.length / columns);
  const width = columns * thumbWidth + (columns + 1) * gap;
  const height = rows * cellHeight + (rows + 1) * gap;
  const sheet = new PNG({ width, height });
  fill(sheet, 0, 0, width, height, [40, 44, 52]);
  thumbs.forEach((t, n) => {
    const x = gap + (n % columns) * (thumbWidth + gap);
    const y = gap + Math.floor(n / columns) * (cellHeight + gap);
    // The label is cut to what fits the cell's width.
    const fits = Math.floor(thumbWidth / (6 * scale));
    drawText(sheet, t.label.slice(0, fits), x, y, scale, [235, 235, 235]);
    blitScaled(t.png, sheet, x, y + labelHeight, t.w, t.h);
  });
  writeFileSync(out, PNG.sync.write(sheet));
  return { width, height, labels: thumbs.map((t) => t.label) };
}
