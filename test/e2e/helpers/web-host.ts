// A real host serving the real renderer build, for browser tests.
import fs from 'node:fs';
import path from 'node:path';
import { ChatHost, type ChatHostOptions } from '../../../src-main/host/chat-host.js';
import { RATE_LIMIT_BURST, RATE_LIMIT_FRAMES_PER_SECOND } from '../../../src-shared/limits.js';
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

/**
 * Host options for tests in which a protocol person writes a long history
 * (Bob's 200 messages in scrolling.test.ts, 150 in keyboard.test.ts). At the
 * real per-connection rate limit (RATE_LIMIT_FRAMES_PER_SECOND, bursts of
 * RATE_LIMIT_BURST) 200 sends spend 8 s waiting for the limit alone: about
 * 50 s of the browser suite's 6 minutes. Only that writer comes near the
 * limit; the pages under test never do. The limit has its own tests
 * (test/integration/rate-limit.test.ts).
 */
export const LONG_HISTORY_HOST: Partial<ChatHostOptions> = {
  limits: { ratePerSecond: 50 * RATE_LIMIT_FRAMES_PER_SECOND, burst: 25 * RATE_LIMIT_BURST },
};

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
