// File names from other people are hostile until sanitised (PROTOCOL.md,
// "Files"). The host and every receiver run this before a name touches a disk
// or a Content-Disposition header.
import { FILE_NAME_MAX_BYTES } from './limits.js';

const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$/i;
// Control characters (C0, DEL, C1), the characters Windows forbids, and bidi
// overrides that make "evil\u202Etxt.exe" look like "evilexe.txt".
 
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u202a-\u202e\u2066-\u2069]/gu;

const encoder = new TextEncoder();
const utf8Length = (s: string) => encoder.encode(s).length;

/** Cuts `s` to at most `maxBytes` UTF-8 bytes without splitting a character. */
function cutToBytes(s: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** A safe, short, portable file name for `raw`; never empty, never a path. */
export function sanitizeFileName(raw: string): string {
  // Only the last path segment, whichever separator the sender's OS used.
  const segments = raw.normalize('NFC').split(/[/\\]/);
  let name = (segments[segments.length - 1] ?? '').replace(FORBIDDEN, '_');
  // Windows drops trailing dots and spaces, so "a.txt." would collide with "a.txt".
  name = name.trim().replace(/[. ]+$/u, '');
  if (name === '' || /^\.+$/.test(name)) name = 'file';
  if (RESERVED_WINDOWS.test(name)) name = `_${name}`;
  if (utf8Length(name) > FILE_NAME_MAX_BYTES) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && utf8Length(name.slice(dot)) <= 16 ? name.slice(dot) : '';
    name = cutToBytes(name.slice(0, ext ? dot : undefined), FILE_NAME_MAX_BYTES - utf8Length(ext)).replace(/[. ]+$/u, '') + ext;
  }
  return name;
}

/** "report.pdf" → "report (2).pdf": the n-th alternative when a name is taken. */
export function numberedFileName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const suffix = ` (${n})`;
  return cutToBytes(stem, FILE_NAME_MAX_BYTES - utf8Length(suffix + ext)) + suffix + ext;
}
