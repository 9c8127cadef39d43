// Human sizes, speeds and times for file cards: "1.4 MB", "3.2 MB/s · 12 s left".
// Decimal units (what file managers and download bars show).
import { MAX_FILES_PER_DROP } from '../../src-shared/limits.js';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

export function formatTimeLeft(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s left`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s left`;
  return `${Math.floor(m / 60)} h ${m % 60} min left`;
}

/** "PDF", "PNG image", or the subtype in capitals; short, for the card. */
export function describeType(declared: string, name: string): string {
  const type = effectiveType(declared, name);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toUpperCase() : '';
  if (type.startsWith('image/')) return `${ext || type.slice(6).toUpperCase()} image`;
  if (type.startsWith('video/')) return `${ext || 'Video'} video`;
  if (type.startsWith('audio/')) return `${ext || 'Audio'} audio`;
  if (type === 'application/pdf') return 'PDF document';
  if (ext) return `${ext} file`;
  return type && type !== 'application/octet-stream' ? type : 'File';
}

/** ws://H:P/ws → http://H:P (wss → https): where the host's HTTP API is. */
export function httpBaseFromWs(wsUrl: string): string | null {
  try {
    const url = new URL(wsUrl);
    const protocol = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
    return `${protocol}//${url.host}`;
  } catch {
    return null;
  }
}

const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  zip: 'application/zip',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
};

/** The declared type, or one guessed from the name when none was declared. */
export function effectiveType(type: string, name: string): string {
  if (type && type !== 'application/octet-stream') return type;
  const dot = name.lastIndexOf('.');
  return (dot > 0 && BY_EXTENSION[name.slice(dot + 1).toLowerCase()]) || type || 'application/octet-stream';
}

/** Images the browser can show from a thumbnail and open inline (never SVG: it can carry script). */
export const isPreviewableImage = (type: string) => /^image\/(png|jpeg|gif|webp|bmp|avif)$/.test(type);

/** Words to show when too many files are shared at once; null when the number is fine. */
export function tooManyFiles(count: number): string | null {
  return count > MAX_FILES_PER_DROP ? `That is ${count} files — share at most ${MAX_FILES_PER_DROP} at once.` : null;
}
