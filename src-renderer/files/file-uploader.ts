// Runs my uploads (PROTOCOL.md, "Upload: file.begin → PUT … → file.complete"):
// at most MAX_CONCURRENT_TRANSFERS_PER_CLIENT at once, the rest queued; each
// sent in slices with the SHA-256 computed incrementally from the same slices
// (never the whole file in memory). When a PUT or HEAD fails, the shared
// upload-resume policy (src-shared/upload-resume-policy.ts, also the desktop
// relay upload's) decides: wait and continue from the offset the host
// reports, or give up and show why (with Retry). Pause aborts the slice on
// its way (or the wait before a retry) and keeps the offset; Cancel tells the
// host to drop it.
//
// In an end-to-end encrypted DM (`encryptFor` gives a PreparedDmFile), the
// file is encrypted while it is sliced (encrypted-slices.ts): file.begin gets
// the neutral name, the ciphertext's size and the envelope, no thumbnail (the
// preview rides in the envelope), and the SHA-256 is the ciphertext's.
import type { DmFileSource, PreparedDmFile } from '../../src-shared/e2e/dm-file.js';
import { nanoid } from 'nanoid';
import { MAX_CONCURRENT_TRANSFERS_PER_CLIENT } from '../../src-shared/limits.js';
import type { Message, ReplyData, RequestParams } from '../../src-shared/protocol/frames.js';
import { UPLOAD_RESUME_POLICY, UploadResumeTracker } from '../../src-shared/upload-resume-policy.js';
import type { AppStore } from '../store/app-store.js';
import { EncryptedSlices } from './encrypted-slices.js';
import { tooManyFiles } from './format.js';
import { makeThumbnail as defaultMakeThumbnail } from './thumbnail.js';
import { UploadAborted, UploadHttpError, xhrTransport, type UploadTransport } from './upload-transport.js';

export const SLICE_BYTES = 4 * 1024 * 1024;

type FileRequest = 'file.begin' | 'file.complete' | 'file.cancel';

export interface FileUploaderOptions {
  store: AppStore;
  /** A request over the session's connection (rejects with ChatError). */
  request: <T extends FileRequest>(type: T, params: RequestParams<T>) => Promise<ReplyData<T>>;
  /** The resume token, sent as Authorization: Bearer. */
  token: () => string | null;
  /** http://H:P of the host. */
  httpBase: () => string | null;
  /** The host announced the file: put the message in place. */
  onSent: (message: Message) => void;
  transport?: UploadTransport;
  makeThumbnail?: (file: File) => Promise<string | null>;
  sliceBytes?: number;
  /** The wait before the first retry (default UPLOAD_RESUME_POLICY.baseDelayMs); it doubles from there. */
  retryDelayMs?: number;
  now?: () => number;
  newId?: () => string;
  /**
   * Files to an end-to-end encrypted DM: the file's key and envelope
   * (prepareDmFile), or null to send it as it is (a channel). A throw (no
   * device to encrypt to, …) fails the upload with its words: never sent in plain.
   */
  encryptFor?: (conv: string, clientMsgId: string, file: DmFileSource) => Promise<PreparedDmFile | null>;
}

interface Hasher {
  update(bytes: Uint8Array): unknown;
  digest(): Uint8Array;
}

/** SHA-256 that can be fed slice by slice (WebCrypto cannot); loaded on the first upload. */
const newHasher = async (): Promise<Hasher> => (await import('@noble/hashes/sha2.js')).sha256.create();
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

interface Job {
  file: File;
  /** The running attempt: abort to pause or cancel. */
  abort: AbortController | null;
  /** Null until the run starts (and again after the host refused the hash). */
  hash: Hasher | null;
  hashedUpTo: number;
  /** Encrypted DM file: made once (undefined: not asked yet; null: sent as it is). */
  e2e?: PreparedDmFile | null;
  /** Its ciphertext being sent (null until the run makes it, and again when the host lost it). */
  slices: EncryptedSlices | null;
  /** The message text sent with it: file.begin `text`, or inside an encrypted file's envelope (never beside it). */
  caption?: string;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Waits `ms`; ends early (without an error) when `signal` aborts. */
const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

export class FileUploader {
  private jobs = new Map<string, Job>();
  private readonly opts: Required<Omit<FileUploaderOptions, 'store' | 'request' | 'token' | 'httpBase' | 'onSent' | 'encryptFor'>> & FileUploaderOptions;

  constructor(options: FileUploaderOptions) {
    this.opts = {
      transport: xhrTransport,
      makeThumbnail: defaultMakeThumbnail,
      sliceBytes: SLICE_BYTES,
      retryDelayMs: UPLOAD_RESUME_POLICY.baseDelayMs,
      now: Date.now,
      newId: () => `f-${nanoid(12)}`,
      ...options,
    };
  }

  private get state() {
    return this.opts.store.getState();
  }

  /**
   * Queues files for `conv`; `caption` rides with the first (its message
   * shows the text above the file). A refusal (too many at once) comes back
   * as words to show; null when queued.
   */
  add(conv: string, files: readonly File[], caption = ''): string | null {
    if (files.length === 0) return null;
    const refusal = tooManyFiles(files.length);
    if (refusal) return refusal;
    for (const [index, file] of files.entries()) {
      const clientMsgId = this.opts.newId();
      this.jobs.set(clientMsgId, { file, abort: null, hash: null, hashedUpTo: 0, slices: null, ...(index === 0 && caption && { caption }) });
      this.state.addTransfer({ clientMsgId, conv, name: file.name || 'pasted-file', type: file.type || 'application/octet-stream', total: file.size, ts: this.opts.now(), ...(index === 0 && caption && { caption }) });
    }
    this.pump();
    return null;
  }

  pause(clientMsgId: string): void {
    const t = this.state.transfers[clientMsgId];
    if (!t || (t.state !== 'uploading' && t.state !== 'queued')) return;
    this.state.setTransferState(clientMsgId, 'paused');
    this.jobs.get(clientMsgId)?.abort?.abort();
    this.pump();
  }

  resume(clientMsgId: string): void {
    if (this.state.transfers[clientMsgId]?.state !== 'paused') return;
    this.state.setTransferState(clientMsgId, 'queued');
    this.pump();
  }

  retry(clientMsgId: string): void {
    if (this.state.transfers[clientMsgId]?.state !== 'failed') return;
    this.state.setTransferState(clientMsgId, 'queued');
    this.pump();
  }

  cancel(clientMsgId: string): void {
    const t = this.state.transfers[clientMsgId];
    const job = this.jobs.get(clientMsgId);
    job?.abort?.abort();
    this.jobs.delete(clientMsgId);
    this.state.removeTransfer(clientMsgId);
    if (t?.fileId) this.opts.request('file.cancel', { fileId: t.fileId }).catch(() => {});
    this.pump();
  }

  /** Drops everything (signed out / left the session); the host deletes unfinished uploads in time. */
  dispose(): void {
    for (const job of this.jobs.values()) job.abort?.abort();
    this.jobs.clear();
    this.state.resetTransfers();
  }

  private running(): number {
    let n = 0;
    for (const id of this.jobs.keys()) if (this.jobs.get(id)!.abort) n++;
    return n;
  }

  private pump(): void {
    let free = MAX_CONCURRENT_TRANSFERS_PER_CLIENT - this.running();
    if (free <= 0) return;
    // Oldest first: jobs are kept in the order they were added.
    for (const [id, job] of this.jobs) {
      if (free <= 0) break;
      if (job.abort || this.state.transfers[id]?.state !== 'queued') continue;
      free--;
      void this.run(id, job);
    }
  }

  private async run(id: string, job: Job): Promise<void> {
    const abort = new AbortController();
    job.abort = abort;
    const { store, transport } = this.opts;
    const set = store.getState();
    set.setTransferState(id, 'uploading');
    try {
      job.hash ??= await newHasher();
      let t = this.state.transfers[id]!;
      if (t.thumbnail === null && !t.fileId) {
        const thumbnail = await this.opts.makeThumbnail(job.file).catch(() => null);
        if (thumbnail) this.state.updateTransfer(id, { thumbnail });
      }
      t = this.state.transfers[id]!;
      if (job.e2e === undefined) {
        job.e2e = (await this.opts.encryptFor?.(t.conv, id, { name: t.name, type: t.type, size: job.file.size, ...(t.thumbnail && { preview: t.thumbnail }), ...(job.caption && { caption: job.caption }) })) ?? null;
      }
      const e2e = job.e2e;
      if (e2e) job.slices ??= await EncryptedSlices.create(job.file, e2e.key, e2e.bindingId, this.opts.sliceBytes, await newHasher());
      const slices = job.slices;
      /** Bytes the host is to hold: the ciphertext's for an encrypted file (the card counts the file's own). */
      const total = slices?.size ?? t.total;
      const progress = (bytes: number) => this.state.recordProgress(id, Math.min(t.total, bytes), this.opts.now());
      this.checkAborted(abort);
      const base = this.opts.httpBase();
      const token = this.opts.token();
      if (!base || !token) throw new Error('Not connected to the host.');

      let offset = 0;
      /** The bytes the host holds are not known (resuming, or after a failure): HEAD before the next PUT. */
      let askOffset = false;
      t = this.state.transfers[id]!;
      let fileId = t.fileId;
      let url: string;
      if (!fileId) {
        const begun = await this.opts.request('file.begin', {
          conv: t.conv,
          clientMsgId: id,
          ...(e2e
            ? e2e.begin
            : { name: t.name, size: t.total, ...(t.type && { mimeType: t.type }), ...(t.thumbnail && { thumbnail: t.thumbnail }), ...(job.caption && { text: job.caption }) }),
        });
        fileId = begun.fileId;
        url = `${base}${begun.uploadUrl}`;
        offset = begun.offset;
        this.state.updateTransfer(id, { fileId, uploadUrl: begun.uploadUrl });
        // Cancelled while the host was answering: it holds an upload nobody will finish.
        if (abort.signal.aborted && !this.state.transfers[id]) this.opts.request('file.cancel', { fileId }).catch(() => {});
        this.checkAborted(abort);
        progress(offset);
      } else {
        url = `${base}${t.uploadUrl ?? `/api/uploads/${fileId}`}`;
        askOffset = true;
      }

      const tracker = new UploadResumeTracker(offset, { ...UPLOAD_RESUME_POLICY, baseDelayMs: this.opts.retryDelayMs });
      while (askOffset || offset < total) {
        try {
          if (askOffset) {
            offset = await transport.head(url, token, abort.signal);
            askOffset = false;
            tracker.heldByHost(offset);
            this.checkAborted(abort);
            progress(offset);
            continue;
          }
          if (slices) {
            const from = offset;
            const body = new Blob([(await slices.sliceAt(from)) as Uint8Array<ArrayBuffer>]);
            offset = await transport.put(url, token, from, body, (sent) => progress(from + sent), abort.signal);
            tracker.heldByHost(offset);
            progress(offset);
            continue;
          }
          const end = Math.min(t.total, offset + this.opts.sliceBytes);
          await this.hashUpTo(job, offset, abort);
          const slice = job.file.slice(offset, end);
          // Hash the part of this slice not hashed yet while it goes out.
          const hashing = this.hashSlice(job, offset, slice);
          const from = offset;
          offset = await transport.put(url, token, from, slice, (sent) => this.state.recordProgress(id, from + sent, this.opts.now()), abort.signal);
          tracker.heldByHost(offset);
          await hashing;
          this.state.recordProgress(id, offset, this.opts.now());
        } catch (error) {
          if (error instanceof UploadAborted || abort.signal.aborted) throw new UploadAborted();
          if (!(error instanceof UploadHttpError)) throw error;
          const step = tracker.failed({ status: error.status, offset: error.offset });
          if (step.action === 'give-up') throw error;
          await wait(step.delayMs, abort.signal);
          this.checkAborted(abort);
          if (step.action === 'continue') {
            offset = step.offset;
            tracker.heldByHost(offset);
            progress(offset);
          } else {
            askOffset = true;
          }
        }
      }
      if (!slices) await this.hashUpTo(job, t.total, abort);
      this.checkAborted(abort);
      set.setTransferState(id, 'verifying');
      const { message } = await this.opts.request('file.complete', { fileId, sha256: hex(slices ? slices.digest() : job.hash.digest()) });
      job.abort = null;
      this.jobs.delete(id);
      this.state.setTransferState(id, 'done');
      this.opts.onSent(message);
      this.state.removeTransfer(id);
    } catch (error) {
      job.abort = null;
      if (error instanceof UploadAborted || abort.signal.aborted) {
        // Paused or cancelled: the state says which, already.
      } else {
        const code = (error as { code?: unknown }).code;
        if (code === 'checksum_mismatch' || code === 'file_not_found') {
          // The host dropped the partial file: start again from nothing on Retry.
          job.hash = null;
          job.hashedUpTo = 0;
          job.slices = null; // encrypted again from the start: same key and envelope, a new header
          this.state.updateTransfer(id, { fileId: null, uploadUrl: null, bytes: 0 });
        }
        this.state.setTransferState(id, 'failed', describe(error));
      }
    } finally {
      if (job.abort === abort) job.abort = null;
      this.pump();
    }
  }

  private checkAborted(abort: AbortController): void {
    if (abort.signal.aborted) throw new UploadAborted();
  }

  /** Hashes [hashedUpTo, upTo) — bytes the host holds that this run did not read (resumed elsewhere). */
  private async hashUpTo(job: Job, upTo: number, abort: AbortController): Promise<void> {
    while (job.hashedUpTo < upTo) {
      this.checkAborted(abort);
      const end = Math.min(upTo, job.hashedUpTo + this.opts.sliceBytes);
      await this.hashSlice(job, job.hashedUpTo, job.file.slice(job.hashedUpTo, end));
    }
  }

  /** Adds the bytes of `slice` (starting at `start`) beyond what is hashed already. */
  private async hashSlice(job: Job, start: number, slice: Blob): Promise<void> {
    const end = start + slice.size;
    if (end <= job.hashedUpTo || start > job.hashedUpTo) return;
    const bytes = new Uint8Array(await slice.arrayBuffer());
    // Another read may have moved on meanwhile; only ever append in order.
    if (start > job.hashedUpTo || end <= job.hashedUpTo) return;
    job.hash!.update(bytes.subarray(job.hashedUpTo - start));
    job.hashedUpTo = end;
  }
}
