// Draws Plan Pulse's Teams icons (a pulse line) and writes manifest/color.png and manifest/outline.png.
//
// Usage: npx tsc -p tsconfig.json && node dist/scripts/appIcons.js [manifestDir]
// The output is deterministic, so the committed PNGs are exactly what this script draws (a test checks it).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../src/appPaths";
import { encodePng, type RgbaImage } from "./appPackagePng";

/** The colour icon's background; the manifest's accentColor is the same colour so Teams' tiles match the icon. */
export const ICON_ACCENT_COLOUR = "#0F6B78";

/** Teams' required sizes: colour 192×192 (full bleed), outline 32×32 (white on transparent). */
export const COLOUR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Point = readonly [number, number];

// A heartbeat trace on a 0..1 square: flat, a small rise, the spike, the dip, back to flat.
const PULSE: readonly Point[] = [
  [0, 0.55],
  [0.27, 0.55],
  [0.34, 0.45],
  [0.4, 0.55],
  [0.47, 0.55],
  [0.56, 0.12],
  [0.66, 0.92],
  [0.74, 0.55],
  [1, 0.55],
];

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / lengthSquared));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

/**
 * How much of each pixel the stroke covers (0..1), by 5×5 supersampling: smooth edges without a rasteriser.
 * `inset` is the margin in pixels each side; `strokeWidth` is in pixels.
 */
function strokeCoverage(size: number, inset: number, strokeWidth: number): Float64Array {
  const span = size - 2 * inset;
  const points = PULSE.map(([x, y]): Point => [inset + x * span, inset + y * span]);
  const half = strokeWidth / 2;
  const samples = 5;
  const coverage = new Float64Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const px = x + (sx + 0.5) / samples;
          const py = y + (sy + 0.5) / samples;
          for (let i = 1; i < points.length; i++) {
            if (distanceToSegment(px, py, points[i - 1]!, points[i]!) <= half) {
              hits++;
              break;
            }
          }
        }
      }
      coverage[y * size + x] = hits / (samples * samples);
    }
  }
  return coverage;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** 192×192, opaque: a white pulse line on the accent colour, kept inside the central safe area Teams crops to. */
export function drawColourIcon(): RgbaImage {
  const size = COLOUR_ICON_SIZE;
  const coverage = strokeCoverage(size, 36, 13);
  const [r, g, b] = hexToRgb(ICON_ACCENT_COLOUR);
  const pixels = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const c = coverage[i]!;
    pixels[i * 4] = Math.round(r + (255 - r) * c);
    pixels[i * 4 + 1] = Math.round(g + (255 - g) * c);
    pixels[i * 4 + 2] = Math.round(b + (255 - b) * c);
    pixels[i * 4 + 3] = 255;
  }
  return { width: size, height: size, pixels };
}

/** 32×32: the same line in white, edges smoothed by alpha only, everything else fully transparent. */
export function drawOutlineIcon(): RgbaImage {
  const size = OUTLINE_ICON_SIZE;
  const coverage = strokeCoverage(size, 2, 2.8);
  const pixels = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const alpha = Math.round(coverage[i]! * 255);
    if (alpha === 0) continue; // transparent black
    pixels[i * 4] = pixels[i * 4 + 1] = pixels[i * 4 + 2] = 255;
    pixels[i * 4 + 3] = alpha;
  }
  return { width: size, height: size, pixels };
}

/** The PNG bytes of both icons, as committed in manifest/. */
export function appIconFiles(): { "color.png": Buffer; "outline.png": Buffer } {
  return { "color.png": encodePng(drawColourIcon()), "outline.png": encodePng(drawOutlineIcon()) };
}

function main(): void {
  const dir = path.resolve(process.argv[2] ?? path.join(repoRoot, "manifest"));
  for (const [name, bytes] of Object.entries(appIconFiles())) {
    writeFileSync(path.join(dir, name), bytes);
    console.log(`Wrote ${path.join(dir, name)} (${bytes.length} bytes)`);
  }
}

if (require.main === module) main();
