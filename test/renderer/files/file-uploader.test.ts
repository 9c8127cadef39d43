import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import { MAX_CONCURRENT_TRANSFERS_PER_CLIENT, MAX_FILES_PER_DROP } from '../../../src-shared/limits.js';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { UPLOAD_RESUME_POLICY } from '../../../src-shared/upload-resume-policy.js';
import { FileUploader } from '../../../src-renderer/files/file-uploader.js';
import { UploadAborted, UploadHttpError, type UploadTransport } from '../../../src-renderer/files/upload-transport.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';

const SLICE = 10;

function bytesFile(n: number, name = 'data.bin', type = 'application/octet-stream'): { file: File; sha: string } {
  const bytes = new Uint8Array(n).map((_, i) => (i * 7) % 251);
  return { file: new File([bytes], name, { type }), sha: createHash('sha256').update(bytes).digest('hex') };
}

/** A host holding uploads in memory; `hold` makes PUTs wait until released (or aborted). */
class FakeHost implements UploadTransport {
  held = new Map<string, number>();
  puts: Array<{ url: string; offset: number; size: number; token: string }> = [];
  hold = false;
  waiting: Array<() => void> = [];
  failNext: UploadHttpError | null = null;
  /** Further failures: the next PUTs / HEADs throw these, in order. */
  failPuts: UploadHttpError[] = [];
  failHeads: UploadHttpError[] = [];
  heads = 0;

  async put(url: string, token: string, offset: number, body: Blob, onProgress: (sent: number) => void, signal: AbortSignal): Promise<number> {
    this.puts.push({ url, offset, size: body.size, token });
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
    const failure = this.failPuts.shift();
    if (failure) throw failure;
    if (this.hold) {
      onProgress(Math.floor(body.size / 2));
      await new Promise<void>((resolve, reject) => {
        this.waiting.push(resolve);
        signal.addEventListener('abort', () => reject(new UploadAborted()));
      });
    }
    const now = (this.held.get(url) ?? 0) + body.size;
    this.held.set(url, now);
    onProgress(body.size);
    return now;
  }

  async head(url: string): Promise<number> {
    this.heads++;
    const failure = this.failHeads.shift();
    if (failure) throw failure;
    return this.held.get(url) ?? 0;
  }
}

function setup(options: { begin?: () => Promise<unknown>; complete?: (p: { fileId: string; sha256: string }) => Promise<unknown>; retryDelayMs?: number } = {}) {
  const store = createAppStore();
  const host = new FakeHost();
  const sent: Message[] = [];
  const requests: Array<{ type: string; params: Record<string, unknown> }> = [];
  let n = 0;
  let clock = 1_000;
  const request = vi.fn(async (type: string, params: Record<string, unknown>) => {
    requests.push({ type, params });
    if (type === 'file.begin') {
      await options.begin?.();
      return { fileId: `F${params.clientMsgId as string}`, uploadUrl: `/api/uploads/F${params.clientMsgId as string}`, offset: 0, duplicate: false };
    }
    if (type === 'file.complete') {
      if (options.complete) await options.complete(params as { fileId: string; sha256: string });
      const message = { seq: 10 + sent.length, conv: 'ch:1', from: 1, fromName: 'Alice', clientMsgId: null, kind: 'file', text: '', ts: 1, file: undefined } as unknown as Message;
      return { message, duplicate: false };
    }
    if (type === 'file.cancel') return { fileId: params.fileId };
    throw new Error(type);
  });
  const uploader = new FileUploader({
    store,
    request: request as never,
    token: () => 'tok',
    httpBase: () => 'http://h:1',
    onSent: (m) => sent.push(m),
    transport: host,
    makeThumbnail: async () => null,
    sliceBytes: SLICE,
    retryDelayMs: options.retryDelayMs ?? 1,
    now: () => (clock += 600),
    newId: () => `c${++n}`,
  });
  return { store, host, uploader, sent, requests };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('FileUploader', () => {
  it('sends the file in slices with the token and offsets, then file.complete with its SHA-256', async () => {
    const { store, host, uploader, sent, requests } = setup();
    const { file, sha } = bytesFile(25);
    expect(uploader.add('ch:1', [file])).toBeNull();
    expect(store.getState().transfers.c1).toMatchObject({ name: 'data.bin', total: 25 });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(host.puts.map((p) => [p.url, p.offset, p.size, p.token])).toEqual([
      ['http://h:1/api/uploads/Fc1', 0, 10, 'tok'],
      ['http://h:1/api/uploads/Fc1', 10, 10, 'tok'],
      ['http://h:1/api/uploads/Fc1', 20, 5, 'tok'],
    ]);
    expect(requests[0]).toMatchObject({ type: 'file.begin', params: { conv: 'ch:1', clientMsgId: 'c1', name: 'data.bin', size: 25, mimeType: 'application/octet-stream' } });
    expect(requests.find((r) => r.type === 'file.complete')?.params).toEqual({ fileId: 'Fc1', sha256: sha });
    expect(store.getState().transfers.c1).toBeUndefined();
  });

  it('sends the caption with the first file only (one message: text above its files)', async () => {
    const { uploader, sent, requests } = setup();
    uploader.add('ch:1', [bytesFile(5, 'a.bin').file, bytesFile(5, 'b.bin').file], 'both drafts');
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    const begins = requests.filter((r) => r.type === 'file.begin').map((r) => [r.params.name, r.params.text]);
    expect(begins).toEqual([
      ['a.bin', 'both drafts'],
      ['b.bin', undefined],
    ]);
  });

  it('pauses (aborting the slice, keeping the offset) and resumes from what the host holds', async () => {
    const { store, host, uploader, requests } = setup();
    const { file, sha } = bytesFile(30);
    host.hold = true;
    uploader.add('ch:1', [file]);
    await vi.waitFor(() => expect(host.puts).toHaveLength(1));
    host.waiting.shift()!(); // the first slice lands
    await vi.waitFor(() => expect(host.puts).toHaveLength(2)); // the second hangs half-way
    uploader.pause('c1');
    expect(store.getState().transfers.c1).toMatchObject({ state: 'paused', bytes: 15 });
    await settle();
    expect(host.held.get('http://h:1/api/uploads/Fc1')).toBe(10);
    host.hold = false;
    uploader.resume('c1');
    await vi.waitFor(() => expect(requests.some((r) => r.type === 'file.complete')).toBe(true));
    expect(host.puts.slice(2).map((p) => p.offset)).toEqual([10, 20]);
    expect(requests.find((r) => r.type === 'file.complete')?.params.sha256).toBe(sha);
    expect(requests.filter((r) => r.type === 'file.begin')).toHaveLength(1);
  });

  it('continues after a cut connection from the offset the host reports', async () => {
    const { host, uploader, requests } = setup();
    const { file, sha } = bytesFile(25);
    host.failNext = new UploadHttpError('cut', 0, null, null);
    uploader.add('ch:1', [file]);
    await vi.waitFor(() => expect(requests.some((r) => r.type === 'file.complete')).toBe(true));
    expect(requests.find((r) => r.type === 'file.complete')?.params.sha256).toBe(sha);
  });

  it('follows a 409 to the offset it carries, without asking', async () => {
    const { host, uploader, requests } = setup();
    const { file, sha } = bytesFile(25);
    host.failNext = new UploadHttpError('offset', 409, 'invalid_field', 0);
    uploader.add('ch:1', [file]);
    await vi.waitFor(() => expect(requests.some((r) => r.type === 'file.complete')).toBe(true));
    expect(host.puts.map((p) => p.offset)).toEqual([0, 0, 10, 20]);
    expect(host.heads).toBe(0);
    expect(requests.find((r) => r.type === 'file.complete')?.params.sha256).toBe(sha);
  });

  it('retries a HEAD that fails like any other try (upload-resume policy)', async () => {
    const { host, uploader, requests } = setup();
    const { file, sha } = bytesFile(25);
    host.failNext = new UploadHttpError('cut', 0, null, null);
    host.failHeads = [new UploadHttpError('cut', 0, null, null), new UploadHttpError('busy', 503, 'server_error', null)];
    uploader.add('ch:1', [file]);
    await vi.waitFor(() => expect(requests.some((r) => r.type === 'file.complete')).toBe(true));
    expect(host.heads).toBe(3);
    expect(requests.find((r) => r.type === 'file.complete')?.params.sha256).toBe(sha);
  });

  it(`gives up after ${UPLOAD_RESUME_POLICY.maxRetries} retries in a row without progress, showing the last error`, async () => {
    const { store, host, uploader } = setup();
    const cut = () => new UploadHttpError('The connection to the host was cut.', 0, null, null);
    host.failPuts = Array.from({ length: UPLOAD_RESUME_POLICY.maxRetries + 1 }, cut);
    uploader.add('ch:1', [bytesFile(25).file]);
    await vi.waitFor(() => expect(store.getState().transfers.c1?.state).toBe('failed'));
    expect(store.getState().transfers.c1?.error).toBe('The connection to the host was cut.');
    expect(host.puts).toHaveLength(UPLOAD_RESUME_POLICY.maxRetries + 1);
  });

  it('starts the count over whenever a slice lands', async () => {
    const { host, uploader, sent } = setup();
    const cut = () => new UploadHttpError('cut', 0, null, null);
    const many = UPLOAD_RESUME_POLICY.maxRetries;
    // Before each of the three slices, as many failures as the policy allows.
    let puts = 0;
    const put = host.put.bind(host);
    host.put = (...args) => {
      if (puts++ % (many + 1) < many) return Promise.reject(cut());
      return put(...args);
    };
    uploader.add('ch:1', [bytesFile(25).file]);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
  });

  it('pausing during the wait before a retry stops at once', async () => {
    const { store, host, uploader, requests } = setup({ retryDelayMs: 60_000 });
    host.failNext = new UploadHttpError('busy', 503, 'server_error', null);
    uploader.add('ch:1', [bytesFile(25).file]);
    await vi.waitFor(() => expect(host.puts).toHaveLength(1));
    await settle();
    uploader.pause('c1');
    await settle();
    expect(store.getState().transfers.c1?.state).toBe('paused');
    uploader.resume('c1');
    await vi.waitFor(() => expect(requests.some((r) => r.type === 'file.complete')).toBe(true));
  });

  it('shows the host’s reason when it refuses, and Retry starts it again', async () => {
    const { store, host, uploader, sent } = setup();
    host.failNext = new UploadHttpError('The host’s disk is full.', 507, 'disk_full', null);
    uploader.add('ch:1', [bytesFile(15).file]);
    await vi.waitFor(() => expect(store.getState().transfers.c1?.state).toBe('failed'));
    expect(store.getState().transfers.c1?.error).toBe('The host’s disk is full.');
    uploader.retry('c1');
    await vi.waitFor(() => expect(sent).toHaveLength(1));
  });

  it('fails with the checksum message when the host refuses the hash', async () => {
    const { store, uploader } = setup({
      complete: async () => {
        throw new ChatError('checksum_mismatch', 'The file changed while it was being sent.');
      },
    });
    uploader.add('ch:1', [bytesFile(5).file]);
    await vi.waitFor(() => expect(store.getState().transfers.c1?.state).toBe('failed'));
    expect(store.getState().transfers.c1).toMatchObject({ error: 'The file changed while it was being sent.', fileId: null });
  });

  it(`runs at most ${MAX_CONCURRENT_TRANSFERS_PER_CLIENT} at once; the rest wait`, async () => {
    const { store, host, uploader, sent } = setup();
    host.hold = true;
    uploader.add('ch:1', Array.from({ length: 5 }, (_, i) => bytesFile(5, `f${i}.bin`).file));
    await vi.waitFor(() => expect(host.puts).toHaveLength(MAX_CONCURRENT_TRANSFERS_PER_CLIENT));
    const states = Object.values(store.getState().transfers).map((t) => t.state);
    expect(states.filter((s) => s === 'queued')).toHaveLength(5 - MAX_CONCURRENT_TRANSFERS_PER_CLIENT);
    host.hold = false;
    while (sent.length < 5) {
      host.waiting.splice(0).forEach((release) => release());
      await settle();
    }
    expect(Object.keys(store.getState().transfers)).toHaveLength(0);
  });

  it('cancels: the host is told, the card goes', async () => {
    const { store, host, uploader, requests } = setup();
    host.hold = true;
    uploader.add('ch:1', [bytesFile(25).file]);
    await vi.waitFor(() => expect(host.puts).toHaveLength(1));
    uploader.cancel('c1');
    expect(store.getState().transfers.c1).toBeUndefined();
    await vi.waitFor(() => expect(requests.some((r) => r.type === 'file.cancel' && r.params.fileId === 'Fc1')).toBe(true));
  });

  it('cancelling a paused upload tells the host too, so it drops the partial copy at once', async () => {
    const { store, host, uploader, requests } = setup();
    host.hold = true;
    uploader.add('ch:1', [bytesFile(25).file]);
    await vi.waitFor(() => expect(host.puts).toHaveLength(1));
    host.waiting.shift()!(); // the first slice lands
    await vi.waitFor(() => expect(host.puts).toHaveLength(2));
    uploader.pause('c1');
    await settle();
    expect(store.getState().transfers.c1?.state).toBe('paused');
    expect(requests.some((r) => r.type === 'file.cancel')).toBe(false);
    uploader.cancel('c1');
    expect(store.getState().transfers.c1).toBeUndefined();
    await vi.waitFor(() => expect(requests.filter((r) => r.type === 'file.cancel').map((r) => r.params)).toEqual([{ fileId: 'Fc1' }]));
  });

  it('cancelling an upload paused before file.begin answered tells the host once it has', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const { store, uploader, requests } = setup({ begin: () => answered });
    uploader.add('ch:1', [bytesFile(25).file]);
    await vi.waitFor(() => expect(requests.some((r) => r.type === 'file.begin')).toBe(true));
    uploader.pause('c1');
    answer();
    await settle();
    expect(store.getState().transfers.c1).toMatchObject({ state: 'paused', fileId: 'Fc1' });
    uploader.cancel('c1');
    await vi.waitFor(() => expect(requests.filter((r) => r.type === 'file.cancel').map((r) => r.params)).toEqual([{ fileId: 'Fc1' }]));
  });

  it(`refuses more than ${MAX_FILES_PER_DROP} files at once`, () => {
    const { store, uploader } = setup();
    const refusal = uploader.add('ch:1', Array.from({ length: MAX_FILES_PER_DROP + 1 }, () => bytesFile(1).file));
    expect(refusal).toMatch(/at most 20/);
    expect(store.getState().transfers).toEqual({});
  });
});
