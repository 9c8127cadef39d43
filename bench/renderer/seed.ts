// The host side of bench/renderer: a real ChatHost in a temporary folder with
// the accounts Writer and Reader (password bench-password) and channels
// seeded straight into SQLite with the host's own code (SessionDatabase,
// MessageStore.insert), as the protocol would store them:
// - #big: `total` messages, no threads;
// - #threaded (when `threads` > 0): `total` messages in the channel, of which
//   `threads` are thread roots; the root 3 messages from the end holds
//   `heavyReplies` replies, the others one to three each (PROTOCOL.md, "Threads").
// Reader has read both channels and every thread to the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { SessionDatabase } from '../../src-main/host/database/session-database.js';
import { ChatClient, type WebSocketConstructor } from '../../src-shared/chat-client.js';
import { channelKey } from '../../src-shared/protocol/conversations.js';
import { messageText, replyText } from './texts.js';

export const PASSWORD = 'bench-password';
const MESSAGE_GAP_MS = 30_000;

export interface SeedOptions {
  total: number;
  /** 0: no #threaded channel. */
  threads: number;
  heavyReplies: number;
}

export interface Seeded {
  dataDir: string;
  /** The seq of the root with `heavyReplies` replies (in #threaded), or null. */
  heavyRoot: number | null;
  seedSeconds: number;
}

async function signIn(url: string, name: string): Promise<ChatClient> {
  const client = new ChatClient({ url, WebSocket: WebSocket as unknown as WebSocketConstructor, reconnect: false });
  await client.connect();
  await client.signIn({ name, password: PASSWORD });
  return client;
}

export async function seedSession({ total, threads, heavyReplies }: SeedOptions): Promise<Seeded> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-renderer-'));
  const host = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1', tls: false, sessionName: 'Renderer bench' });
  await host.start();
  const url = `ws://127.0.0.1:${host.port}/ws`;
  const writer = await signIn(url, 'Writer');
  const reader = await signIn(url, 'Reader');
  const big = (await writer.request('channel.create', { name: 'big', topic: `${total.toLocaleString('en')} messages` })).channel;
  await reader.request('channel.join', { channel: big.id });
  const withThreads = threads > 0 ? (await writer.request('channel.create', { name: 'threaded', topic: `${threads.toLocaleString('en')} threads` })).channel : null;
  if (withThreads) await reader.request('channel.join', { channel: withThreads.id });
  writer.close();
  reader.close();
  await host.stop();

  const started = performance.now();
  const db = new SessionDatabase(path.join(dataDir, 'session.db'));
  const writerId = 1;
  const readerId = 2;
  let seq = db.maxSeq();
  const startTs = Date.now() - (total + heavyReplies + threads * 3) * MESSAGE_GAP_MS;
  let ts = startTs;
  db.connectionForInspection.exec('BEGIN');
  const conv = channelKey(big.id);
  for (let i = 1; i <= total; i++) {
    db.messages.insert({ seq: ++seq, conv, senderId: writerId, senderName: 'Writer', clientMsgId: null, kind: 'text', text: messageText(i), ts: (ts += MESSAGE_GAP_MS) });
  }
  // Reader has read everything: both channels open at their newest messages
  // (with unread ones they would open at the "New messages" line).
  db.readState.markRead(readerId, conv, seq);
  let heavyRoot: number | null = null;
  if (withThreads) {
    const tconv = channelKey(withThreads.id);
    ts = startTs;
    const every = Math.max(1, Math.floor(total / threads));
    const heavyAt = total - 3;
    for (let i = 1; i <= total; i++) {
      const root = ++seq;
      db.messages.insert({ seq: root, conv: tconv, senderId: writerId, senderName: 'Writer', clientMsgId: null, kind: 'text', text: messageText(i), ts: (ts += MESSAGE_GAP_MS) });
      const isHeavy = i === heavyAt;
      if (!isHeavy && (i % every !== 0 || i > total - 10)) continue;
      const replies = isHeavy ? heavyReplies : 1 + (i % 3);
      if (isHeavy) heavyRoot = root;
      for (let n = 1; n <= replies; n++) {
        const from = n % 2 ? readerId : writerId;
        db.messages.insert({ seq: ++seq, conv: tconv, senderId: from, senderName: from === readerId ? 'Reader' : 'Writer', clientMsgId: null, kind: 'text', text: replyText(i, n, replies), ts: ts + n, threadRoot: root });
      }
      db.threads.follow(writerId, root, tconv, 0);
      db.threads.follow(readerId, root, tconv, seq);
    }
    db.readState.markRead(readerId, tconv, seq);
  }
  db.connectionForInspection.exec('COMMIT');
  db.close();
  return { dataDir, heavyRoot, seedSeconds: (performance.now() - started) / 1000 };
}

/** The host of a seeded folder, serving `webRoot` (the renderer build) over plain HTTP. */
export async function startHost(dataDir: string, webRoot: string): Promise<ChatHost> {
  const host = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1', tls: false, webRoot });
  await host.start();
  return host;
}
