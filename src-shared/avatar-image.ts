// What an avatar image must be (PROTOCOL.md, "Avatar images"): PNG, JPEG or
// WebP — known by the file's first bytes, never by a name or a declared type —
// of at most AVATAR_MAX_BYTES and AVATAR_MAX_PIXELS × AVATAR_MAX_PIXELS. The
// host checks every upload; clients check before sending so the person hears
// it at once. Only headers are read: no image is decoded.
import { AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS } from './limits.js';

export type AvatarType = 'image/png' | 'image/jpeg' | 'image/webp';
export type AvatarCheck =
  | { ok: true; type: AvatarType; width: number; height: number }
  | { ok: false; code: 'avatar_invalid'; message: string };

const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
const refuse = (message: string): AvatarCheck => ({ ok: false, code: 'avatar_invalid', message });

export function checkAvatarImage(bytes: Uint8Array): AvatarCheck {
  if (bytes.length > AVATAR_MAX_BYTES) return refuse(`That picture is ${kib(bytes.length)}; an avatar can be at most ${kib(AVATAR_MAX_BYTES)}. Pick a smaller one or shrink it first.`);
  const size = imageSize(bytes);
  if (!size) return refuse('That is not a PNG, JPEG or WebP picture. Pick one of those.');
  if (size.width < 1 || size.height < 1) return refuse('That picture has no size. Pick another one.');
  if (size.width > AVATAR_MAX_PIXELS || size.height > AVATAR_MAX_PIXELS) {
    return refuse(`That picture is ${size.width}×${size.height} pixels; an avatar can be at most ${AVATAR_MAX_PIXELS}×${AVATAR_MAX_PIXELS}. Crop or shrink it first.`);
  }
  return { ok: true, ...size };
}

function imageSize(b: Uint8Array): { type: AvatarType; width: number; height: number } | null {
  const at = (i: number) => b[i] ?? 0;
  const be16 = (i: number) => (at(i) << 8) | at(i + 1);
  const be32 = (i: number) => ((at(i) << 24) >>> 0) + (at(i + 1) << 16) + (at(i + 2) << 8) + at(i + 3);
  const le16 = (i: number) => at(i) | (at(i + 1) << 8);
  const le24 = (i: number) => at(i) | (at(i + 1) << 8) | (at(i + 2) << 16);
  const ascii = (i: number, text: string) => [...text].every((ch, k) => at(i + k) === ch.charCodeAt(0));

  // PNG: signature, then the IHDR chunk with width and height.
  if (b.length >= 24 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => at(i) === x) && ascii(12, 'IHDR')) {
    return { type: 'image/png', width: be32(16), height: be32(20) };
  }
  // JPEG: SOI, then segments up to the first start-of-frame.
  if (b.length >= 4 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) {
    let i = 2;
    while (i + 9 < b.length) {
      if (at(i) !== 0xff) return null;
      const marker = at(i + 1);
      if (marker === 0xff) {
        i++;
        continue;
      }
      const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) return { type: 'image/jpeg', width: be16(i + 7), height: be16(i + 5) };
      if (marker === 0xd9 || marker === 0xda) return null; // end or scan before any frame header
      i += 2 + be16(i + 2);
    }
    return null;
  }
  // WebP: RIFF….WEBP and its first chunk.
  if (b.length >= 30 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) {
    if (ascii(12, 'VP8X')) return { type: 'image/webp', width: le24(24) + 1, height: le24(27) + 1 };
    if (ascii(12, 'VP8L') && at(20) === 0x2f) {
      const bits = at(21) | (at(22) << 8) | (at(23) << 16) | (at(24) << 24);
      return { type: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (ascii(12, 'VP8 ') && at(23) === 0x9d && at(24) === 0x01 && at(25) === 0x2a) {
      return { type: 'image/webp', width: le16(26) & 0x3fff, height: le16(28) & 0x3fff };
    }
  }
  return null;
}
