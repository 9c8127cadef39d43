// Serves the built web client (src-renderer's build) from a folder, so a
// browser at http://HOST:PORT/ gets the same UI as the desktop app.
//
// What a request gets:
//  - `/` → index.html. A file under the folder → that file.
//  - Compressed when the client accepts it: the `.br`/`.gz` copies written at
//    build time (precompressed-files.ts), chosen by Accept-Encoding
//    (accept-encoding.ts), with `Vary: Accept-Encoding` on every response that
//    could have been compressed and Content-Length of the bytes actually sent.
//  - Cache-Control: files under assets/ whose names carry Vite's content hash
//    never change — `immutable`, one year. Everything else (index.html,
//    favicon.ico) is `no-cache`: the browser revalidates with the ETag and
//    gets a 304 while it is unchanged, so a rebuilt client is picked up on the
//    next load. Each encoding has its own ETag (RFC 9110 §8.8.3).
//  - Source maps (*.map) only when asked for (`serveSourceMaps`, the host's
//    `--dev`): otherwise 404, as if they were not there. They are still built,
//    because the same build is the desktop window's, where they are local.
//  - 404 for anything missing that has an extension (`/favicon.ico` when
//    there is none, a stale `/assets/index-OLD.js`): never the page, which a
//    browser would try to run as a script or show as an icon. A missing
//    extension-less path that a browser navigates to (Accept: text/html) gets
//    index.html (with `Vary: Accept`), so client-side routes keep working;
//    other clients get 404.
//  - 404 for paths outside the folder (`..`, encoded or not), for hidden
//    files (a segment starting with "."), and for the `.br`/`.gz` copies by
//    their own names.
//  - GET and HEAD only; HEAD gets the same headers and no body.
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptableEncodings, type ContentEncoding } from './accept-encoding.js';
import { contentTypeFor } from './content-types.js';
import { ENCODING_SUFFIX, isCompressible, isPrecompressedCopy } from './precompressed-files.js';

export interface StaticFilesOptions {
  /** Serve source maps (`*.map`). Default false: they answer 404. */
  serveSourceMaps?: boolean;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Parley</title>
<body style="font:16px system-ui;max-width:40em;margin:3em auto;padding:0 1em">
<h1>Parley host is running</h1>
<p>The web client has not been built on this machine, so there is nothing to show in a browser yet.</p>
<p>Build it with <code>npm run build</code> and reload, or chat from a terminal: <code>npm run chat -- HOST:PORT --name NAME --password PW</code>.</p>`;

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Vite's output names under assets/: name-HASH.ext, HASH 8 characters of base64url. */
const HASHED_ASSET = /(?:^|[\\/])assets[\\/][^\\/]*-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/i;

async function fileStats(file: string): Promise<Stats | null> {
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(text);
}

const notFound = (res: ServerResponse) => plain(res, 404, 'Not found.');

/** A browser navigating to a page (not a script, image or fetch()). */
const wantsPage = (req: IncomingMessage) => /\btext\/html\b/i.test(req.headers.accept ?? '');

/** Does one of If-None-Match's entity tags match `etag` (weak comparison, RFC 9110 §13.1.2)? */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}

/** The copy of `file` to send in `encoding`, if there is one at least as new as the file itself. */
async function representation(file: string, original: Stats, encoding: ContentEncoding): Promise<{ file: string; stats: Stats } | null> {
  if (encoding === 'identity') return { file, stats: original };
  const copy = file + ENCODING_SUFFIX[encoding];
  const stats = await fileStats(copy);
  // Older than the file: someone changed the file after the build; its copy is stale.
  return stats && stats.mtimeMs >= original.mtimeMs ? { file: copy, stats } : null;
}

/** `fallback`: index.html standing in for a missing path, which depends on Accept too. */
async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, original: Stats, cacheControl: string, fallback = false): Promise<void> {
  const compressible = isCompressible(file);
  const candidates = compressible ? acceptableEncodings(req.headers['accept-encoding']) : (['identity'] as const);
  const varyOn = [...(compressible ? ['Accept-Encoding'] : []), ...(fallback ? ['Accept'] : [])];
  const vary: Record<string, string> = varyOn.length > 0 ? { vary: varyOn.join(', ') } : {};
  let chosen: { encoding: ContentEncoding; file: string; stats: Stats } | null = null;
  for (const encoding of candidates) {
    const found = await representation(file, original, encoding);
    if (found) {
      chosen = { encoding, ...found };
      break;
    }
  }
  if (!chosen) {
    plain(res, 406, 'This file is available uncompressed, as gzip or as br; the request accepts none of them.', vary);
    return;
  }
  // Tag from the original file (size and time), one per encoding.
  const tag = `${original.size.toString(36)}-${Math.floor(original.mtimeMs).toString(36)}`;
  const etag = `"${chosen.encoding === 'identity' ? tag : `${tag}-${chosen.encoding}`}"`;
  const headers: Record<string, string> = {
    'cache-control': cacheControl,
    etag,
    'x-content-type-options': 'nosniff',
    ...vary,
  };
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': contentTypeFor(file),
    'content-length': String(chosen.stats.size),
    ...(chosen.encoding !== 'identity' && { 'content-encoding': chosen.encoding }),
  });
  if (req.method === 'HEAD' || chosen.stats.size === 0) {
    res.end();
    return;
  }
  // `end` keeps the body to the announced length even if the file grew since.
  pipeline(createReadStream(chosen.file, { start: 0, end: chosen.stats.size - 1 }), res, () => {});
}

async function respond(root: string | null, req: IncomingMessage, res: ServerResponse, options: StaticFilesOptions): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    plain(res, 405, 'Only GET and HEAD here.', { allow: 'GET, HEAD' });
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    plain(res, 400, 'Bad URL encoding.');
    return;
  }
  if (pathname.includes('\0')) {
    plain(res, 400, 'Bad URL.');
    return;
  }
  const normalized = path.posix.normalize(pathname);
  const lastSegment = normalized.split('/').pop() ?? '';
  const hasExtension = /.\.[^.]+$/.test(lastSegment);

  const index = root ? path.join(root, 'index.html') : null;
  const indexStats = index ? await fileStats(index) : null;
  if (!root || !index || !indexStats) {
    if (normalized !== '/' && (hasExtension || !wantsPage(req))) return notFound(res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
    return;
  }
  if (normalized === '/' || normalized === '/index.html') return sendFile(req, res, index, indexStats, 'no-cache');

  const base = path.resolve(root);
  const file = path.resolve(base, `.${normalized}`);
  // Climbing out of the folder (on Windows `\..\` survives the posix normalize), hidden files.
  if (!file.startsWith(base + path.sep) || file.slice(base.length).split(/[\\/]/).some((s) => s.startsWith('.'))) {
    return notFound(res);
  }
  if (isPrecompressedCopy(file)) return notFound(res);
  if (file.toLowerCase().endsWith('.map') && !options.serveSourceMaps) return notFound(res);

  const stats = await fileStats(file);
  if (stats) return sendFile(req, res, file, stats, HASHED_ASSET.test(file.slice(base.length)) ? IMMUTABLE : 'no-cache');
  if (hasExtension || !wantsPage(req)) return notFound(res);
  return sendFile(req, res, index, indexStats, 'no-cache', true);
}

/** Answers a GET/HEAD for the web client's files under `root` (null: a placeholder page). */
export function serveStatic(root: string | null, req: IncomingMessage, res: ServerResponse, options: StaticFilesOptions = {}): void {
  respond(root, req, res, options).catch(() => {
    if (!res.headersSent) plain(res, 500, 'Could not read the file.');
    else res.destroy();
  });
}
