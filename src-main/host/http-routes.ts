// Every plain HTTP request to the host: file uploads and downloads
// (file-http-api.ts), /api/session (what a joiner sees before signing in),
// /healthz, and the built web client for everything else.
import type http from 'node:http';
import { sendJsonError } from '../http/json-errors.js';
import type { AvatarHttpApi } from './avatar-http-api.js';
import type { FileHttpApi } from './file-http-api.js';
import { serveStatic } from './static-files.js';

export interface HttpRoutesDeps {
  fileApi: FileHttpApi;
  /** /api/avatar and /api/avatars/… (avatar-http-api.ts). */
  avatarApi?: AvatarHttpApi;
  /** /api/handover/… (handover/handover-http.ts): true when it answered. */
  handOver: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  /** The body of /api/session (session info and how many are online). */
  sessionSummary: () => object;
  /** Folder with the built web client; null serves a placeholder page. */
  webRoot: string | null;
  /** Serve the web client's source maps (only with `--dev`). */
  serveSourceMaps: boolean;
}

export function httpRoutes(deps: HttpRoutesDeps): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? '/';
    if (deps.fileApi.handle(req, res)) return;
    if (deps.avatarApi?.handle(req, res)) return;
    if (deps.handOver(req, res)) return;
    // Under /api/ everything answers like the file API: {code, message} JSON
    // (PROTOCOL.md "HTTP errors"), so a client can show the message.
    if (url.startsWith('/api/') && url !== '/api/session') {
      sendJsonError(res, 404, 'api_not_found', 'This host has no such API: the app and the host may be different versions — update the older one.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (url === '/api/session') {
        sendJsonError(res, 405, 'api_not_found', 'Only GET and HEAD here.', { allow: 'GET, HEAD' });
        return;
      }
      res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' }).end('Only GET and HEAD here.');
      return;
    }
    if (url === '/api/session') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(deps.sessionSummary()));
      return;
    }
    if (url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
      return;
    }
    serveStatic(deps.webRoot, req, res, { serveSourceMaps: deps.serveSourceMaps });
  };
}
