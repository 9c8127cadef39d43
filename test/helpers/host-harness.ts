// Real host on port 0 in a temp dir, real `ws` clients through ChatClient.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ChatHost, type ChatHostOptions } from '../../src-main/host/chat-host.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { ChatClient, ChatError, type ChatClientOptions, type WebSocketConstructor } from '../../src-shared/chat-client.js';
import type { ChatEvent } from '../../src-shared/protocol/frames.js';

export const NodeWebSocket = WebSocket as unknown as WebSocketConstructor;

export function tempDir(prefix = 'parley-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Harness {
  host: ChatHost;
  dataDir: string;
  /** wss://127.0.0.1:PORT/ws (ws:// when started with tls: false). */
  url: string;
  /** http(s)://127.0.0.1:PORT */
  httpBase: string;
  /** A WebSocket constructor for ChatClient that trusts exactly this host (pinned-websocket.ts), or plain ws without TLS. */
  WebSocket: WebSocketConstructor;
  client(options?: Partial<ChatClientOptions>): ChatClient;
  /** Connects and signs in a new client. */
  signIn(name: string, password?: string, options?: Partial<ChatClientOptions>): Promise<ChatClient>;
  restart(options?: Partial<ChatHostOptions>): Promise<void>;
  stop(): Promise<void>;
}

export async function startHost(options: Partial<ChatHostOptions> = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? tempDir();
  const clients: ChatClient[] = [];
  let port = 0;
  const make = (extra: Partial<ChatHostOptions> = {}) =>
    new ChatHost({ dataDir, port, bindAddress: '127.0.0.1', ...options, ...extra });
  const harness: Harness = {
    host: make(),
    dataDir,
    url: '',
    httpBase: '',
    WebSocket: NodeWebSocket,
    client(clientOptions = {}) {
      const client = new ChatClient({ url: harness.url, WebSocket: harness.WebSocket, minDelayMs: 20, maxDelayMs: 200, ...clientOptions });
      clients.push(client);
      return client;
    },
    async signIn(name, password = 'secret-pw', clientOptions = {}) {
      const client = harness.client(clientOptions);
      await client.connect();
      await client.signIn({ name, password });
      return client;
    },
    async restart(extra = {}) {
      await harness.host.stop();
      harness.host = make({ port, ...extra });
      await harness.host.start();
    },
    async stop() {
      for (const client of clients) client.close();
      await harness.host.stop();
    },
  };
  await harness.host.start();
  port = harness.host.port;
  const identity = harness.host.identity;
  harness.url = `${identity ? 'wss' : 'ws'}://127.0.0.1:${port}/ws`;
  harness.httpBase = `${harness.host.scheme}://127.0.0.1:${port}`;
  if (identity) harness.WebSocket = pinnedWebSocket(identity);
  return harness;
}

/**
 * A host without TLS (`npm run host -- --plain`), for tests of plain mode
 * itself. Everything else uses startHost, which serves TLS like `npm run host`;
 * file HTTP pins it with `host.identity` (helpers/session-pin.ts pinnedFetch).
 */
export function startPlainHost(options: Partial<ChatHostOptions> = {}): Promise<Harness> {
  return startHost({ tls: false, ...options });
}

/** Collects a client's events; `waitFor` resolves when a predicate holds. */
export function collect(client: ChatClient) {
  const events: ChatEvent[] = [];
  const waiters: Array<() => void> = [];
  client.on('event', (event) => {
    events.push(event);
    for (const w of [...waiters]) w();
  });
  const texts = (conv?: string) =>
    events.flatMap((e) => (e.type === 'message' && e.message.kind === 'text' && (!conv || e.message.conv === conv) ? [e.message.text] : []));
  return {
    events,
    texts,
    waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
      return new Promise((resolve, reject) => {
        if (predicate()) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out; have ${JSON.stringify(texts())}`)), timeoutMs);
        const check = () => {
          if (predicate()) {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(check), 1);
            resolve();
          }
        };
        waiters.push(check);
      });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ChatError a request was refused with (fails the test if it succeeded). */
export async function refusal(promise: Promise<unknown>): Promise<ChatError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChatError) return error;
    throw error;
  }
  throw new Error('expected the host to refuse');
}
