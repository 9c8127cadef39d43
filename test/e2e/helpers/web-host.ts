// A real host serving the real renderer build, for browser tests.
import fs from 'node:fs';
import path from 'node:path';
import { ChatHost, type ChatHostOptions } from '../../../src-main/host/chat-host.js';
import WebSocket from 'ws';
import type { WebSocketConstructor } from '../../../src-shared/chat-client.js';
import { tempDir } from '../../helpers/host-harness.js';

/**
 * For the protocol people beside the browser windows: the page's origin as a
 * chat socket URL, and a ws client that accepts the host's self-signed
 * certificate (these helpers are the other side of a chat, not the subject:
 * pinning has its own tests).
 */
export function chatSocketUrl(webUrl: string): string {
  return `${webUrl.replace(/^http/, 'ws')}ws`;
}
export const TestWebSocket = class extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { rejectUnauthorized: false });
  }
} as unknown as WebSocketConstructor;

// PARLEY_E2E_WEB_ROOT lets parallel work build the renderer elsewhere (vite build --outDir …).
export const WEB_ROOT = path.resolve(process.env.PARLEY_E2E_WEB_ROOT ?? 'dist/renderer');

export interface WebHost {
  host: ChatHost;
  url: string;
  dataDir: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWebHost(options: Partial<ChatHostOptions> = {}): Promise<WebHost> {
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error(`The renderer is not built (${WEB_ROOT}/index.html missing): run npm run build:renderer first (npm test does).`);
  }
  const dataDir = options.dataDir ?? tempDir('parley-e2e-');
  let port = 0;
  const make = () => new ChatHost({ dataDir, port, bindAddress: '127.0.0.1', webRoot: WEB_ROOT, sessionName: 'E2E session', ...options });
  const web: WebHost = {
    host: make(),
    url: '',
    dataDir,
    async restart() {
      await web.host.stop();
      web.host = make();
      await web.host.start();
    },
    async stop() {
      await web.host.stop();
    },
  };
  await web.host.start();
  port = web.host.port;
  // https: browsers open the host's own page over TLS (tests accept its self-signed certificate, as a person clicking through the warning would).
  web.url = `${web.host.scheme}://127.0.0.1:${port}/`;
  return web;
}
