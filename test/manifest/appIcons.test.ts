// The app icons: the committed PNGs are what scripts/appIcons.ts draws, at Teams' sizes, the outline white on transparent.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { repoRoot } from "../../src/appPaths";
import { appIconFiles } from "../../scripts/appIcons";
import { decodePng, encodePng, PngError, readPngHeader, type RgbaImage } from "../../scripts/appPackagePng";

const MANIFEST_DIR = path.join(repoRoot, "manifest");
const colourFile = readFileSync(path.join(MANIFEST_DIR, "color.png"));
const outlineFile = readFileSync(path.join(MANIFEST_DIR, "outline.png"));

function pixel(image: RgbaImage, x: number, y: number): [number, number, number, number] {
  const i = (y * image.width + x) * 4;
  return [image.pixels[i]!, image.pixels[i + 1]!, image.pixels[i + 2]!, image.pixels[i + 3]!];
}

/** Width, height and colour type straight from the IHDR bytes, without the project's decoder. */
function ihdr(file: Buffer): { width: number; height: number; colourType: number } {
  assert.equal(file.toString("latin1", 1, 4), "PNG");
  assert.equal(file.toString("ascii", 12, 16), "IHDR");
  return { width: file.readUInt32BE(16), height: file.readUInt32BE(20), colourType: file[25]! };
}

/** A PNG written the way image editors write them: a different filter on each row, any colour type (a test fixture). */
function filteredPng(width: number, height: number, colourType: 0 | 2 | 4 | 6, samples: (x: number, y: number) => number[]): Buffer {
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colourType];
  const stride = width * channels;
  const rows: Buffer[] = [];
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const line = Buffer.from(Array.from({ length: width }, (_, x) => samples(x, y)).flat());
    const filter = y % 5;
    const out = Buffer.alloc(stride + 1);
    out[0] = filter;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0;
      const b = previous[i]!;
      const c = i >= channels ? previous[i - channels]! : 0;
      const p = a + b - c;
      const predictor = [0, a, b, (a + b) >> 1, Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c][filter]!;
      out[i + 1] = (line[i]! - predictor) & 0xff;
    }
    rows.push(out);
    previous = line;
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = colourType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("Teams app icons", () => {
  it("the committed color.png and outline.png are exactly what scripts/appIcons.ts draws", () => {
    const drawn = appIconFiles();
    assert.ok(drawn["color.png"].equals(colourFile), "color.png is out of date: run node dist/scripts/appIcons.js");
    assert.ok(drawn["outline.png"].equals(outlineFile), "outline.png is out of date: run node dist/scripts/appIcons.js");
  });

  it("are 192×192 (colour) and 32×32 (outline) RGBA PNGs", () => {
    assert.deepEqual(ihdr(colourFile), { width: 192, height: 192, colourType: 6 });
    assert.deepEqual(ihdr(outlineFile), { width: 32, height: 32, colourType: 6 });
  });

  it("the outline is transparent outside the glyph and white inside it", () => {
    const image = decodePng(outlineFile);
    let opaqueWhite = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const [r, g, b, a] = pixel(image, x, y);
        if (a === 0) continue;
        assert.deepEqual([r, g, b], [255, 255, 255], `visible pixel at ${x},${y} is white`);
        if (a === 255) opaqueWhite++;
      }
    }
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31], [16, 30], [4, 4]] as const) {
      assert.equal(pixel(image, x, y)[3], 0, `${x},${y} (background) is transparent`);
    }
    assert.deepEqual(pixel(image, 4, 17), [255, 255, 255, 255], "the pulse line's flat start is solid white");
    assert.ok(opaqueWhite >= 40, `the glyph has substance (${opaqueWhite} solid pixels)`);
  });

  it("the colour icon is opaque, the manifest's accent colour behind a white pulse line", () => {
    const image = decodePng(colourFile);
    const accent = (JSON.parse(readFileSync(path.join(MANIFEST_DIR, "manifest.template.json"), "utf8")) as { accentColor: string }).accentColor;
    const rgb = [1, 3, 5].map((i) => Number.parseInt(accent.slice(i, i + 2), 16));
    for (let i = 3; i < image.pixels.length; i += 4) assert.equal(image.pixels[i], 255, "no transparent pixel");
    assert.deepEqual(pixel(image, 0, 0).slice(0, 3), rgb);
    assert.deepEqual(pixel(image, 191, 191).slice(0, 3), rgb);
    assert.deepEqual(pixel(image, 45, 102), [255, 255, 255, 255], "the pulse line's flat start is white");
  });

  describe("the PNG reader used by the package check", () => {
    it("reads every row filter and the grey, grey+alpha, RGB and RGBA colour types", () => {
      const colour = (x: number, y: number) => [(x * 37 + y * 11) & 0xff, (x * 5 + y * 71) & 0xff, (x * 113 + y) & 0xff, (x * 3 + y * 29) & 0xff];
      const expectImage = (file: Buffer, expected: (x: number, y: number) => number[]) => {
        const image = decodePng(file);
        for (let y = 0; y < 10; y++) for (let x = 0; x < 9; x++) assert.deepEqual(pixel(image, x, y), expected(x, y), `pixel ${x},${y}`);
      };
      expectImage(filteredPng(9, 10, 6, colour), colour);
      expectImage(filteredPng(9, 10, 2, (x, y) => colour(x, y).slice(0, 3)), (x, y) => [...colour(x, y).slice(0, 3), 255]);
      expectImage(filteredPng(9, 10, 4, (x, y) => [colour(x, y)[0]!, colour(x, y)[3]!]), (x, y) => {
        const [g, , , a] = colour(x, y);
        return [g!, g!, g!, a!];
      });
      expectImage(filteredPng(9, 10, 0, (x, y) => [colour(x, y)[1]!]), (x, y) => {
        const g = colour(x, y)[1]!;
        return [g, g, g, 255];
      });
    });

    it("round-trips what it encodes, and refuses damaged or unsupported files with a reason", () => {
      const image = { width: 3, height: 2, pixels: Uint8Array.from({ length: 24 }, (_, i) => i * 10) };
      assert.deepEqual(decodePng(encodePng(image)), image);
      const good = encodePng(image);
      const damaged = Buffer.from(good);
      damaged[good.length - 20] ^= 0xff;
      assert.throws(() => decodePng(damaged), (e: unknown) => e instanceof PngError && /fails its CRC check/.test(e.message));
      assert.throws(() => readPngHeader(good.subarray(0, 40)), (e: unknown) => e instanceof PngError && /truncated/.test(e.message));
      const palette = Buffer.from(good);
      palette[25] = 3;
      palette.writeUInt32BE(crc32(palette.subarray(12, 29)), 29);
      assert.throws(() => decodePng(palette), (e: unknown) => e instanceof PngError && /colour type 3.*save it as 8-bit RGBA/.test(e.message));
    });
  });
});
