// The old host's HTTP side of a hand-over (handover-coordinator.ts): the
// successor fetches the snapshot and then the files, over the session's TLS
// (it pins the session identity), with the one-time secret from its
// handover.start reply as `Authorization: Bearer`. Never in a URL: URLs end up
// in logs.
//   GET  /api/handover/<id>/snapshot.json   the manifest
//   GET  /api/handover/<id>/session.db      the database copy
//   GET  /api/handover/<id>/identity.key    the session's private key (PEM)
//   GET  /api/handover/<id>/identity.crt    its certificate
//   GET  /api/handover/<id>/files/<fileId>  a relayed file's bytes (listed in the manifest)
//   POST /api/handover/<id>/done            the successor has every file: the old host stops
// Anything else under /api/handover/ — a wrong id or secret, a hand-over that
// is not running — answers 404 or 401 with a JSON {code, message}.
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { sendJsonError } from '../../http/json-errors.js';
import type { FileStore } from '../file-store.js';
import type { HandOverCoordinator } from './handover-coordinator.js';

const SNAPSHOT_PARTS = new Set(['snapshot.json', 'session.db', 'identity.key', 'identity.crt']);

export function handOverHttp(coordinator: HandOverCoordinator, store: FileStore, log: (line: string) => void) {
  return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (!url.pathname.startsWith('/api/handover/')) return false;
    const match = /^\/api\/handover\/([A-Za-z0-9_-]{1,64})\/(snapshot\.json|session\.db|identity\.key|identity\.crt|files\/([A-Za-z0-9_-]{1,64})|done)$/.exec(url.pathname);
    const active = coordinator.current;
    if (!match || !active || active.id !== match[1]) {
      sendJsonError(res, 404, 'not_allowed', 'No such hand-over here.', { connection: 'close' });
      return true;
    }
    if (!bearerMatches(req.headers.authorization, active.secret)) {
      sendJsonError(res, 401, 'not_allowed', 'Send the hand-over secret from the handover.start reply as Authorization: Bearer.', { connection: 'close' });
      return true;
    }
    const part = match[2]!;
    const method = req.method ?? 'GET';
    if (part === 'done') {
      if (method !== 'POST') return methodNotAllowed(res, 'POST');
      res.writeHead(204).end();
      coordinator.finish('the successor has every file');
      return true;
    }
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    let file: string | null = null;
    if (SNAPSHOT_PARTS.has(part)) {
      file = path.join(active.dir, part);
    } else if (match[3] && active.manifest.files.some((f) => f.id === match[3])) {
      if (active.phase !== 'moved') {
        sendJsonError(res, 409, 'not_allowed', 'Files move after handover.ready.', { connection: 'close' });
        return true;
      }
      coordinator.filesActivity();
      file = store.finalPath(match[3]);
    }
    if (!file) {
      sendJsonError(res, 404, 'file_not_found', 'That file is not part of this hand-over.', { connection: 'close' });
      return true;
    }
    void serveFile(file, res).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        sendJsonError(res, 404, 'file_not_found', 'That file is gone from this host (expired or deleted).', { connection: 'close' });
        return;
      }
      log(`hand-over: serving ${part} failed: ${error instanceof Error ? error.message : String(error)}`);
      sendJsonError(res, 500, 'server_error', 'The host could not read that part of the snapshot.');
    });
    return true;
  };
}

async function serveFile(file: string, res: http.ServerResponse): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size, 'cache-control': 'no-store' });
    await pipeline(handle.createReadStream({ autoClose: false }), res);
  } finally {
    await handle.close();
  }
}

function bearerMatches(header: string | undefined, secret: string): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(header ?? '');
  if (!match) return false;
  // Compared as digests: equal length, constant time.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]!), digest(secret));
}

function methodNotAllowed(res: http.ServerResponse, allow: string): true {
  sendJsonError(res, 405, 'bad_frame', `Only ${allow} here.`, { allow, connection: 'close' });
  return true;
}
