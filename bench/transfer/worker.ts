// One process of the transfer benchmark (forked by run.ts with an IPC
// channel): the session host, the Parley uploader, the Parley downloader, or
// the plain-HTTP baseline receiver. Each reports its peak RSS when done, and
// what its memory was made of at the highest RSS a 20 ms sampler saw.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import { hashingTap } from '../../src-main/transfer/file-hashing.js';
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import { pinnedTlsOptions, type SessionPin } from '../../src-main/trust/pinned-tls.js';
import { residentByMapping } from '../process-memory.js';
import type { MemoryAtPeak, MemorySnapshot, ParentMessage, WorkerJob, WorkerReport } from './ipc.js';

function memoryNow(): MemoryAtPeak {
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const youngGeneration = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.physical_space_size ?? 0;
  return { rss, heapTotal, heapUsed, youngGeneration, external, arrayBuffers };
}

/** The memory breakdown at the highest RSS seen, sampled every 20 ms for the worker's whole life. */
let peak: MemoryAtPeak | null = null;
setInterval(() => {
  if (peak && process.memoryUsage.rss() <= peak.rss) return;
  peak = memoryNow();
}, 20).unref();

/** Peak RSS once the role's modules are loaded, before any transfer (set by each role). */
let startRssBytes = 0;
let atStart: MemorySnapshot | null = null;
const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;
/** Called by each role once its modules are loaded, before it transfers anything. */
function markStart(): void {
  startRssBytes = maxRssBytes();
  atStart = { memory: memoryNow(), maps: residentByMapping() };
}

const send = (report: WorkerReport) =>
  process.send?.(report.type === 'done' ? { ...report, ...(peak && { peak }), ...(atStart && { atStart }), atEnd: { memory: memoryNow(), maps: residentByMapping() } } : report);

async function plainDownload(url: string, out: string, pin: SessionPin | undefined): Promise<void> {
  markStart();
  const start = performance.now();
  const hash = createHash('sha256');
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      pipeline(res, hashingTap(hash, (n) => (bytes += n)), fs.createWriteStream(out)).then(resolve, reject);
    };
    (pin ? https.get(url, { agent: false, ...pinnedTlsOptions(pin) } as https.RequestOptions, onResponse) : http.get(url, { agent: false }, onResponse)).on('error', reject);
  });
  send({ type: 'done', ms: performance.now() - start, bytes, sha256: hash.digest('hex'), maxRssBytes: maxRssBytes(), startRssBytes });
}

// Each role imports only what it uses, so a client's RSS does not include the host's modules.

async function host(dataDir: string, tls: boolean): Promise<void> {
  const { ChatHost } = await import('../../src-main/host/chat-host.js');
  markStart();
  const chatHost = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1', tls, minFreeDiskBytes: 64 * 1024 * 1024 });
  await chatHost.start();
  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'stop') return;
    void chatHost.stop().then(() => {
      send({ type: 'done', ms: 0, bytes: 0, sha256: '', maxRssBytes: maxRssBytes(), startRssBytes });
      process.disconnect();
    });
  });
  const identity = chatHost.identity;
  send({ type: 'ready', port: chatHost.port, pin: identity ? { certPem: identity.certPem, fingerprint: identity.fingerprint } : null });
}

async function upload(wsUrl: string, baseUrl: string, file: string, pin: SessionPin | undefined): Promise<void> {
  const { default: WebSocket } = await import('ws');
  const { pinnedWebSocket } = await import('../../src-main/trust/pinned-websocket.js');
  const { ChatClient, ChatError } = await import('../../src-shared/chat-client.js');
  const { channelKey, GENERAL_CHANNEL_ID } = await import('../../src-shared/protocol/conversations.js');
  const { uploadFile } = await import('../../src-main/transfer/relay-upload.js');
  const { TransferError } = await import('../../src-main/transfer/transfer-error.js');
  markStart();
  const client = new ChatClient({ url: wsUrl, WebSocket: pin ? pinnedWebSocket(pin) : (WebSocket as unknown as WebSocketConstructor), reconnect: false, requestTimeoutMs: 60_000 });
  await client.connect();
  await client.signIn({ name: 'bench', password: 'bench-password-1' });
  const start = performance.now();
  try {
    const message = await uploadFile({ client, baseUrl, pin: pin ?? null, conv: channelKey(GENERAL_CHANNEL_ID), path: file });
    const info = message.file;
    if (!info) throw new Error('the host stored no file info');
    send({ type: 'done', ms: performance.now() - start, bytes: info.size, sha256: info.sha256, maxRssBytes: maxRssBytes(), startRssBytes, token: client.token ?? '', file: info });
  } catch (error) {
    // An unknown frame type, or no upload endpoint (404), means this host has no relay yet.
    if ((error instanceof ChatError && error.code === 'unknown_type') || (error instanceof TransferError && error.code === 'file_not_found')) {
      send({ type: 'unavailable', reason: `${error.code}: ${error.message}` });
    } else throw error;
  } finally {
    client.close();
  }
}

async function download(job: Extract<WorkerJob, { kind: 'download' }>): Promise<void> {
  const { downloadFile } = await import('../../src-main/transfer/incoming-file-writer.js');
  markStart();
  const start = performance.now();
  const result = await downloadFile({ baseUrl: job.baseUrl, pin: job.pin ?? null, file: job.file, token: job.token, dir: job.dir });
  send({ type: 'done', ms: performance.now() - start, bytes: job.file.size, sha256: result.sha256, maxRssBytes: maxRssBytes(), startRssBytes });
}

async function offerSender(job: Extract<WorkerJob, { kind: 'offer-sender' }>): Promise<void> {
  const { OfferServer } = await import('../../src-main/transfer/offer-server.js');
  const { issueOfferTicket } = await import('../../src-main/host/file-tickets.js');
  const { loadOrCreateIdentity } = await import('../../src-main/trust/session-identity.js');
  const identity = await loadOrCreateIdentity(job.identityDir);
  markStart();
  const server = await new OfferServer({ host: '127.0.0.1', addresses: () => ['127.0.0.1'], identity }).start();
  const offer = server.register({ path: job.path, size: job.size, sha256: job.sha256, name: 'payload.bin' });
  // The host would issue this ticket on file.direct; the bench measures the transport only.
  const { ticket } = issueOfferTicket(Buffer.from(offer.key, 'base64url'), offer.offerId, 1);
  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'stop') return;
    void server.stop().then(() => {
      send({ type: 'done', ms: 0, bytes: server.bytesServed, sha256: '', maxRssBytes: maxRssBytes(), startRssBytes });
      process.disconnect();
    });
  });
  send({ type: 'offer', url: `${server.urls(offer.offerId)[0]}?ticket=${ticket}`, pin: { certPem: identity.certPem, fingerprint: identity.fingerprint } });
}

async function directDownload(job: Extract<WorkerJob, { kind: 'direct-download' }>): Promise<void> {
  const { downloadFile } = await import('../../src-main/transfer/incoming-file-writer.js');
  markStart();
  const start = performance.now();
  const result = await downloadFile({ baseUrl: 'http://unused.invalid', sourceUrl: job.url, pin: job.pin, file: job.file, dir: job.dir });
  send({ type: 'done', ms: performance.now() - start, bytes: job.file.size, sha256: result.sha256, maxRssBytes: maxRssBytes(), startRssBytes });
}

process.once('message', (message: ParentMessage) => {
  if (message.type !== 'job') return;
  const { job } = message;
  const run =
    job.kind === 'plain-download'
      ? plainDownload(job.url, job.out, job.pin)
      : job.kind === 'host'
        ? host(job.dataDir, job.tls)
        : job.kind === 'upload'
          ? upload(job.wsUrl, job.baseUrl, job.path, job.pin)
          : job.kind === 'offer-sender'
            ? offerSender(job)
            : job.kind === 'direct-download'
              ? directDownload(job)
              : download(job);
  run.then(
    () => {
      if (job.kind !== 'host' && job.kind !== 'offer-sender') process.disconnect();
    },
    (error: unknown) => {
      send({ type: 'failed', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), maxRssBytes: maxRssBytes() });
      process.disconnect();
    },
  );
});
