// Builds the baseline page (bench/renderer/baseline/) with Vite into a
// temporary folder — nothing of it goes into the renderer's production build —
// and serves it over HTTP on 127.0.0.1, port 0.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

export interface BaselineServer {
  url: string;
  /** Stops serving and removes the build (synchronous, so it can run on any way out). */
  close: () => void;
}

export async function startBaseline(): Promise<BaselineServer> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-baseline-'));
  await build({ configFile: false, root: path.join(here, 'baseline'), base: './', logLevel: 'error', build: { outDir, emptyOutDir: true, target: 'es2022' } });
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(outDir, name === '/' ? 'index.html' : name);
    if (!file.startsWith(outDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      server.close();
      fs.rmSync(outDir, { recursive: true, force: true });
    },
  };
}
