// A real host serving the real renderer build, for browser tests.
import fs from 'node:fs';
import path from 'node:path';
import { ChatHost, type ChatHostOptions } from '../../../src-main/host/chat-host.js';
import { tempDir } from '../../helpers/host-harness.js';

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
  web.url = `http://127.0.0.1:${port}/`;
  return web;
}
