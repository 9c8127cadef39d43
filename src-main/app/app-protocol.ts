// The window loads the renderer from app://parley/index.html, served from the
// built dist/renderer by protocol.handle, rather than from file://.
//
// Why a custom scheme (Electron's security checklist #18): the page gets a real
// origin (app://parley) instead of file://'s all-files-are-one-origin, so
//  - the IPC wrapper can check the sender frame's origin exactly;
//  - CSP 'self' means "files of the app", and the CSP travels as a response
//    header on every file (a <meta> tag cannot carry frame-ancestors);
//  - only files under dist/renderer can be requested — a path that climbs out
//    is refused — whereas file:// could read anything the user can;
//  - the grantFileProtocolExtraPrivileges fuse can be turned off.
// The scheme is registered `standard` (origin, relative URLs) and `secure`
// (a secure context, like https).
import fs from 'node:fs/promises';
import path from 'node:path';
import { contentTypeFor } from '../host/content-types.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'parley';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `raw` is a page of the app itself (app://parley/...). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    // WHATWG URL gives custom schemes an opaque origin ("null"), so compare the parts.
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** What Electron's protocol.registerSchemesAsPrivileged gets, before `ready`. Exactly one call per app. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;


const baseHeaders = () => ({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
});

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...baseHeaders(), 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * Answers one app:// request from `root` (the built renderer). Plain function
 * (WHATWG Request/Response, as protocol.handle uses), so tests call it directly.
 * `/` is index.html; anything outside `root`, another host, or a method other
 * than GET/HEAD is refused.
 */
export async function respondFromDirectory(root: string, request: { url: string; method: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, 'Bad URL.');
  }
  if (!isAppUrl(request.url)) return plain(404, 'Not found.');
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return plain(400, 'Bad URL encoding.');
  }
  if (pathname.includes('\0')) return plain(400, 'Bad URL.');
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.normalize(pathname === '/' ? '/index.html' : pathname)}`);
  if (file !== base && !file.startsWith(base + path.sep)) return plain(404, 'Not found.');
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return plain(404, 'Not found.');
  }
  const headers = {
    ...baseHeaders(),
    'content-type': contentTypeFor(file),
    'content-length': String(body.length),
    'cache-control': 'no-cache',
  };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
