// `npx tsx build/scripts/make-icons.ts`: draws Parley's app icon and
// writes the PNGs electron-builder uses (build/ is its buildResources folder):
//   build/icon.png            1024×1024 — macOS (.icns) and Windows (.ico) are made from it
//   build/icons/NxN.png       16…512 — the Linux icon set (AppImage, deb)
//   src-renderer/public/favicon.ico  16, 32 and 48 — the web client's favicon
//                             (Vite copies public/ to the build's root, so it is /favicon.ico)
//   src-renderer/public/tray-icon.png, tray-icon@2x.png  16 and 32 — the desktop app's
//                             tray icon while hosting (main loads it from dist/renderer, which is packaged)
// No image library: shapes are signed-distance functions sampled 4×4 per pixel
// (anti-aliased edges), encoded with a minimal PNG writer on node:zlib. The
// output is committed; re-run this only to change the design.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

type Rgb = [number, number, number];

const INDIGO: Rgb = [0x63, 0x66, 0xf1];
const TEAL: Rgb = [0x14, 0xb8, 0xa6];
const WHITE: Rgb = [0xff, 0xff, 0xff];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** Signed distance to a rounded rectangle centred at (cx, cy). */
function roundedRect(x: number, y: number, cx: number, cy: number, halfW: number, halfH: number, r: number): number {
  const qx = Math.abs(x - cx) - halfW + r;
  const qy = Math.abs(y - cy) - halfH + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

const circle = (x: number, y: number, cx: number, cy: number, r: number) => Math.hypot(x - cx, y - cy) - r;

/** Inside the triangle (a, b, c)? */
function inTriangle(x: number, y: number, a: [number, number], b: [number, number], c: [number, number]): boolean {
  const side = (p: [number, number], q: [number, number]) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const d1 = side(a, b);
  const d2 = side(b, c);
  const d3 = side(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** Colour and coverage of one sample point (u, v in 0..1). */
function sample(u: number, v: number): { rgb: Rgb; alpha: number } {
  // Tile: a rounded square with a diagonal indigo → teal gradient.
  if (roundedRect(u, v, 0.5, 0.5, 0.44, 0.44, 0.2) > 0) return { rgb: WHITE, alpha: 0 };
  const gradient = mix(INDIGO, TEAL, Math.min(1, Math.max(0, (u + v - 0.2) / 1.6)));
  // Speech bubble: rounded rectangle with a tail at the lower left.
  const bubble =
    roundedRect(u, v, 0.5, 0.45, 0.25, 0.18, 0.09) <= 0 || inTriangle(u, v, [0.32, 0.58], [0.44, 0.6], [0.3, 0.74]);
  if (!bubble) return { rgb: gradient, alpha: 1 };
  // Three dots ("someone is typing").
  for (const cx of [0.39, 0.5, 0.61]) if (circle(u, v, cx, 0.45, 0.038) <= 0) return { rgb: gradient, alpha: 1 };
  return { rgb: WHITE, alpha: 1 };
}

export function drawIcon(size: number): Buffer {
  const grid = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < grid; sy++) {
        for (let sx = 0; sx < grid; sx++) {
          const { rgb, alpha } = sample((x + (sx + 0.5) / grid) / size, (y + (sy + 0.5) / grid) / size);
          r += rgb[0] * alpha;
          g += rgb[1] * alpha;
          b += rgb[2] * alpha;
          a += alpha;
        }
      }
      const i = (y * size + x) * 4;
      // Colour averaged over covered samples (straight alpha), coverage as alpha.
      rgba[i] = a > 0 ? Math.round(r / a) : 0;
      rgba[i + 1] = a > 0 ? Math.round(g / a) : 0;
      rgba[i + 2] = a > 0 ? Math.round(b / a) : 0;
      rgba[i + 3] = Math.round((a / (grid * grid)) * 255);
    }
  }
  return encodePng(size, size, rgba);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** 8-bit RGBA, no interlace, filter 0 on every row. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  header[10] = 0;
  header[11] = 0;
  header[12] = 0;
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * An .ico holding PNG images (Windows Vista and every browser read PNG
 * entries): 6-byte header, a 16-byte entry per image, then the PNGs.
 */
export function encodeIco(pngs: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size; // width (0 = 256)
    entry[1] = size >= 256 ? 0 : size; // height
    entry[2] = 0; // no palette
    entry[3] = 0; // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.png)]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  fs.mkdirSync(path.join(buildDir, 'icons'), { recursive: true });
  fs.writeFileSync(path.join(buildDir, 'icon.png'), drawIcon(1024));
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
    fs.writeFileSync(path.join(buildDir, 'icons', `${size}x${size}.png`), drawIcon(size));
  }
  const publicDir = path.resolve(buildDir, '../src-renderer/public');
  fs.mkdirSync(publicDir, { recursive: true });
  fs.writeFileSync(path.join(publicDir, 'favicon.ico'), encodeIco([16, 32, 48].map((size) => ({ size, png: drawIcon(size) }))));
  fs.writeFileSync(path.join(publicDir, 'tray-icon.png'), drawIcon(16));
  fs.writeFileSync(path.join(publicDir, 'tray-icon@2x.png'), drawIcon(32));
  console.log(`icons written to ${buildDir} and ${publicDir}`);
}
