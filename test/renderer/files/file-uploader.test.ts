import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import { MAX_CONCURRENT_TRANSFERS_PER_CLIENT, MAX_FILES_PER_DROP } from '../../../src-shared/limits.js';
import type { Message } from '../../../src-shared/protocol/frames.js';
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

  async put(url: string, token: string, offset: number, body: Blob, onProgress: (sent: number) => void, signal: AbortSignal): Promise<number> {
    this.puts.push({ url, offset, size: body.size, token });
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
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
    return this.held.get(url) ?? 0;
  }
}

function setup(options: { begin?: () => Promise<unknown>; complete?: (p: { fileId: string; sha256: string }) => Promise<unknown> } = {}) {
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
    retryDelayMs: 1,
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
