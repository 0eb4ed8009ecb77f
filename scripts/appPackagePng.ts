// Reads and writes the small PNG files of the Teams app package (8-bit, non-interlaced), with node:zlib only.
import { deflateSync, inflateSync } from "node:zlib";

/** An RGBA image: `pixels` holds width × height × 4 bytes, row by row, straight (not premultiplied) alpha. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

export class PngError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PngError";
  }
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes RGBA pixels as an 8-bit truecolour-with-alpha PNG. Same pixels in, same bytes out (the icons are committed). */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * 4) throw new PngError(`expected ${width * height * 4} bytes of RGBA, got ${pixels.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  // Filter type 0 (None) on every row: these icons are tiny, so simplicity beats a few hundred bytes.
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 4)] = 0;
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width * 4, width * 4).copy(raw, y * (1 + width * 4) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** What the PNG header says, read without decoding the pixels. */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  readonly colourType: number;
  readonly interlaced: boolean;
}

interface PngChunk {
  readonly type: string;
  readonly data: Buffer;
}

function readChunks(file: Buffer): PngChunk[] {
  if (file.length < SIGNATURE.length || !file.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new PngError("is not a PNG file (the PNG signature is missing)");
  }
  const chunks: PngChunk[] = [];
  let at = SIGNATURE.length;
  while (at + 12 <= file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString("ascii", at + 4, at + 8);
    if (at + 12 + length > file.length) throw new PngError(`is truncated (chunk ${type} runs past the end of the file)`);
    const data = file.subarray(at + 8, at + 8 + length);
    if (file.readUInt32BE(at + 8 + length) !== crc32(file.subarray(at + 4, at + 8 + length))) {
      throw new PngError(`is damaged (chunk ${type} fails its CRC check)`);
    }
    chunks.push({ type, data });
    at += 12 + length;
    if (type === "IEND") break;
  }
  if (chunks[0]?.type !== "IHDR") throw new PngError("is damaged (it does not start with an IHDR chunk)");
  if (chunks[chunks.length - 1]?.type !== "IEND") throw new PngError("is truncated (no IEND chunk)");
  return chunks;
}

function headerOf(ihdr: Buffer): PngHeader {
  if (ihdr.length !== 13) throw new PngError("is damaged (IHDR is not 13 bytes)");
  return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4), bitDepth: ihdr[8]!, colourType: ihdr[9]!, interlaced: ihdr[12] !== 0 };
}

export function readPngHeader(file: Buffer): PngHeader {
  return headerOf(readChunks(file)[0]!.data);
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes an 8-bit, non-interlaced grey, grey+alpha, RGB or RGBA PNG (what icon tools write) into RGBA.
 * Palette, 16-bit and interlaced files are refused with a message saying so rather than misread.
 */
export function decodePng(file: Buffer): RgbaImage {
  const chunks = readChunks(file);
  const header = headerOf(chunks[0]!.data);
  const channels = CHANNELS[header.colourType];
  if (header.bitDepth !== 8 || channels === undefined || header.interlaced) {
    throw new PngError(
      `uses a PNG format this check cannot read (bit depth ${header.bitDepth}, colour type ${header.colourType}${header.interlaced ? ", interlaced" : ""}): save it as 8-bit RGBA, non-interlaced`,
    );
  }
  const { width, height } = header;
  const idat = Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data));
  let raw: Buffer;
  try {
    raw = inflateSync(idat);
  } catch {
    throw new PngError("is damaged (its image data does not inflate)");
  }
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new PngError("is damaged (less image data than its size needs)");
  const trns = chunks.find((c) => c.type === "tRNS")?.data;
  const out = new Uint8Array(width * height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const current = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? current[i - channels]! : 0;
      const up = previous[i]!;
      const upLeft = i >= channels ? previous[i - channels]! : 0;
      const x = line[i]!;
      switch (filter) {
        case 0: current[i] = x; break;
        case 1: current[i] = (x + left) & 0xff; break;
        case 2: current[i] = (x + up) & 0xff; break;
        case 3: current[i] = (x + ((left + up) >> 1)) & 0xff; break;
        case 4: current[i] = (x + paeth(left, up, upLeft)) & 0xff; break;
        default: throw new PngError(`is damaged (row ${y} has unknown filter type ${filter})`);
      }
    }
    for (let x = 0; x < width; x++) {
      const s = x * channels;
      const d = (y * width + x) * 4;
      if (channels === 4) out.set(current.subarray(s, s + 4), d);
      else if (channels === 3) {
        out.set(current.subarray(s, s + 3), d);
        // A tRNS chunk on an RGB image names one colour that is fully transparent.
        const transparent = trns !== undefined && trns.length === 6 && trns.readUInt16BE(0) === current[s] && trns.readUInt16BE(2) === current[s + 1] && trns.readUInt16BE(4) === current[s + 2];
        out[d + 3] = transparent ? 0 : 255;
      } else {
        const g = current[s]!;
        out[d] = out[d + 1] = out[d + 2] = g;
        out[d + 3] = channels === 2 ? current[s + 1]! : trns !== undefined && trns.length === 2 && trns.readUInt16BE(0) === g ? 0 : 255;
      }
    }
    previous = current;
  }
  return { width, height, pixels: out };
}
