// Serves the built web client (src-renderer's build) from a folder, so a
// browser at http://HOST:PORT/ gets the same UI as the desktop app.
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeFor } from './content-types.js';


const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Parley</title>
<body style="font:16px system-ui;max-width:40em;margin:3em auto;padding:0 1em">
<h1>Parley host is running</h1>
<p>The web client has not been built on this machine, so there is nothing to show in a browser yet.</p>
<p>Build it with <code>npm run build</code> and reload, or chat from a terminal: <code>npm run chat -- HOST:PORT --name NAME --password PW</code>.</p>`;

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Answers a GET/HEAD for a static file under `root`; unknown paths get index.html (client-side routes). */
export function serveStatic(root: string | null, req: IncomingMessage, res: ServerResponse): void {
  const index = root ? path.join(root, 'index.html') : null;
  if (!root || !index || !isFile(index)) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(NOT_BUILT);
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad URL encoding.');
    return;
  }
  const candidate = path.resolve(root, `.${path.posix.normalize(pathname)}`);
  const inside = candidate === root || candidate.startsWith(root + path.sep);
  const file = inside && isFile(candidate) ? candidate : index;
  const type = contentTypeFor(file);
  const immutable = file !== index && /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2|svg|png)$/.test(file);
  res.writeHead(200, {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}
