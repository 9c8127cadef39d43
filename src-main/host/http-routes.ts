// Every plain HTTP request to the host: file uploads and downloads
// (file-http-api.ts), /api/session (what a joiner sees before signing in),
// /healthz, and the built web client for everything else.
import type http from 'node:http';
import type { FileHttpApi } from './file-http-api.js';
import { serveStatic } from './static-files.js';

export interface HttpRoutesDeps {
  fileApi: FileHttpApi;
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
    if (deps.handOver(req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
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
    if (url.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: 'No such API.' }));
      return;
    }
    serveStatic(deps.webRoot, req, res, { serveSourceMaps: deps.serveSourceMaps });
  };
}
