// Hand-over during a relay upload (issue 11): the desktop's upload run (main's
// UploadRunner, the same code the app uses) is told by its host connection that
// the session moved, and finishes the same upload at the successor — one file
// message, its bytes verified there.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { TakenOver } from '../../src-main/handover/take-over.js';
import { takeOverOnLoopback } from '../helpers/loopback-take-over.js';
import { UploadRunner } from '../../src-main/transfer/upload-runner.js';
import type { Transfer } from '../../src-main/transfer/transfer-record.js';
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { startHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { pinnedFetch } from '../helpers/session-pin.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
let h: Harness | undefined;
let taken: TakenOver | undefined;

afterEach(async () => {
  await taken?.host.stop();
  taken = undefined;
  await h?.stop();
  h = undefined;
});

describe('a relay upload during a hand-over', () => {
  it('finishes against the successor: one message, the bytes verified there', async () => {
    h = await startHost();
    const harness = h;
    const identity = h.host.identity!;
    const pin = { certPem: identity.certPem, fingerprint: identity.fingerprint };
    await h.signIn('ann'); // the admin
    const bob = await h.signIn('bob');
    const content = randomBytes(96 * 1024 ** 2);
    const file = path.join(tempDir('parley-upload-'), 'video.bin');
    fs.writeFileSync(file, content);
    const logs: string[] = [];
    const runner = new UploadRunner({ WebSocket: WebSocket as unknown as WebSocketConstructor, pinFor: () => pin, log: (line) => logs.push(line), direct: false });
    const transfer = { id: 't1', kind: 'upload', state: 'running', name: 'video.bin', lastEmit: 0 } as unknown as Transfer;
    const request = { path: file, conv: GENERAL, clientMsgId: 'upload-1', hostHttpBase: h.httpBase, token: bob.token!, direct: false };

    // The take-over starts as soon as the first bytes went out: the upload is under way.
    let takeOver: Promise<TakenOver> | null = null;
    const successorClient = await h.signIn('ann');
    const run = runner.run(transfer, request, new AbortController().signal, () => {
      takeOver ??= takeOverOnLoopback({ client: successorClient, origin: harness.httpBase, pin });
    });
    await run;
    taken = await takeOver!;
    await taken.files;
    const successor = taken.host;

    expect(logs.some((line) => /the session moved to 127\.0\.0\.1:\d+; the upload carries on there/.test(line))).toBe(true);
    expect(request.hostHttpBase).toBe(`https://127.0.0.1:${successor.port}`);
    // One file message for that upload at the successor, and its bytes are the file's.
    const reader = harness.client({ url: `wss://127.0.0.1:${successor.port}/ws`, reconnect: false });
    await reader.connect();
    await reader.signIn({ name: 'bob', password: 'secret-pw' });
    const { messages } = await reader.request('history', { conv: GENERAL });
    const uploads = messages.filter((m) => m.clientMsgId === 'upload-1');
    expect(uploads).toHaveLength(1);
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(uploads[0]!.file?.sha256).toBe(sha256);
    const res = await pinnedFetch(`https://127.0.0.1:${successor.port}/api/files/${uploads[0]!.file!.id}`, successor.identity!, { headers: { authorization: `Bearer ${reader.token}` } });
    expect(res.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')).toBe(sha256);
    reader.close();
  }, 60_000);
});
