// Uploads and downloads the desktop app runs in the main process, streamed
// from and to disk (DESIGN.md: nothing is read whole into memory, in main or
// renderer). The renderer starts them over IPC (files:*), and sees them only
// through files:progress events and opaque ids: chosen files are kept as pick
// tokens (file-picks.ts), finished downloads as transfer ids, so no path the
// renderer sends is ever opened except a dropped file's, which is checked first.
//
// This is the registry of transfers: it queues them (at most maxConcurrent run
// at once), pauses, resumes and cancels them, and reports their progress. One
// run of an upload — file.offer through the offer server, the relay copy, the
// file.cancel a cancel sends — is upload-runner.ts; one run of a download,
// direct first then the relay, is download-runner.ts; a transfer's record and
// what the renderer is shown of it is transfer-record.ts.
//
// Unfinished transfers outlive the app (issue 11): with a `journal`, each
// transfer started while main knows who the token signs in as (signedIn, from
// files:signed-in) is written down (transfer-journal.ts) and forgotten when it
// is done, cancelled or can never finish. A new manager over the same journal
// resumes them — same transfer ids, the .part / the host's offset — once the
// renderer signs in to their session again (resumed-transfers.ts).
//
// Every byte to and from a host goes over TLS pinned to the session's identity
// (`pinFor`, pinned-http.ts): an https host with no pin is refused, a --plain
// (http) host is used as it is. Direct offers are served over TLS with this
// device's own identity (`deviceIdentityDir`).
//
// Plain module: no electron import (lint holds src-main/transfer to that).
// Dialogs, the downloads folder and shell.openPath are passed in by
// src-main/app (ipc-handlers, desktop-app).
import type { StatsFs } from 'node:fs';
import path from 'node:path';
import { nanoid } from 'nanoid';
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import type { FileProgress, PickedFile, TransferState } from '../../src-shared/ipc/ipc-contract.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { MAX_CONCURRENT_TRANSFERS_PER_CLIENT } from '../../src-shared/limits.js';
import { loadOrCreateIdentity, type SessionIdentity } from '../trust/session-identity.js';
import { checkSource, FINAL_FAILURES, journalEntryFor, resumedBy, resumedRequest, sessionChanged, stampSource, type SignedInSession } from './resumed-transfers.js';
import type { TransferJournal } from './transfer-journal.js';
import { DownloadRunner, openableSavedPath } from './download-runner.js';
import { defaultStagingDir, stagedUploadPath, sweepStaging } from './encrypted-files.js';
import { FilePicks } from './file-picks.js';
import type { OfferServer, OfferServerOptions } from './offer-server.js';
import type { PinLookup } from './pinned-http.js';
import type { TransferProgress } from './transfer-progress.js';
import { describeFailure, toFileProgress, type DownloadRequest, type Transfer, type UploadRequest } from './transfer-record.js';
import { UploadRunner } from './upload-runner.js';

/** Finished / cancelled transfers remembered (for files:open); the oldest are forgotten first. */
const MAX_FINISHED = 500;

/** files:progress while bytes move: at most this often per transfer (ms). */
const PROGRESS_INTERVAL_MS = 200;

export interface TransferManagerOptions {
  /** WebSocket constructor for main's own ChatClient (the `ws` package). */
  WebSocket: WebSocketConstructor;
  /**
   * The session identity to pin for a host URL (hostHttpBase), or null when
   * this device trusts none there: then an https host is refused ("not trusted
   * yet — join the session first"). Default: none trusted (--plain hosts only).
   */
  pinFor?: PinLookup;
  /**
   * Folder of this device's identity (key + self-signed certificate, 0600,
   * made on the first direct offer): the offer server serves TLS with it.
   * Without it, uploads are relay-only.
   */
  deviceIdentityDir?: string;
  /** Receives every state change and (throttled) progress. */
  emit: (progress: FileProgress) => void;
  maxConcurrent?: number;
  /** fs.promises.statfs, injectable for tests. */
  statfs?: (dir: string) => Promise<Pick<StatsFs, 'bavail' | 'bsize'>>;
  /** Least time between two progress events of one transfer while bytes move (default 200 ms). */
  progressIntervalMs?: number;
  /** Network retries inside one run (uploadFile / downloadFile default 5). */
  retries?: number;
  log?: (line: string) => void;
  /** Offer uploads directly and try downloads directly first (default true). */
  direct?: boolean;
  /** The offer server's bind address and advertised addresses (default: all interfaces, LAN IPv4s). */
  offerServer?: Pick<OfferServerOptions, 'host' | 'addresses' | 'port'>;
  /** Where unfinished transfers are remembered across restarts (none: forgotten on quit). */
  journal?: TransferJournal;
  /** Main's private folder for the ciphertext of encrypted DM files while they move (encrypted-files.ts). */
  stagingDir?: string;
}

export class TransferManager {
  private readonly picks = new FilePicks();
  private readonly transfers = new Map<string, Transfer>();
  private readonly queue: Transfer[] = [];
  private active = 0;
  private readonly max: number;
  private readonly log: (line: string) => void;
  private readonly uploads: UploadRunner;
  private readonly downloads: DownloadRunner;
  /** whenFinished() callers, by transfer id. */
  private readonly finishWaiters = new Map<string, Array<(state: 'done' | 'cancelled') => void>>();
  /** Who each token the renderer signed in with is (files:signed-in): what the journal records. */
  private readonly signedInBy = new Map<string, SignedInSession>();

  constructor(private readonly options: TransferManagerOptions) {
    this.max = options.maxConcurrent ?? MAX_CONCURRENT_TRANSFERS_PER_CLIENT;
    this.log = options.log ?? (() => {});
    const { WebSocket, retries, direct, offerServer, statfs, deviceIdentityDir, stagingDir } = options;
    const log = this.log;
    const pinFor: PinLookup = options.pinFor ?? (() => null);
    let identity: Promise<SessionIdentity> | null = null;
    const deviceIdentity = deviceIdentityDir === undefined ? undefined : () => (identity ??= loadOrCreateIdentity(deviceIdentityDir).catch((error: unknown) => {
      identity = null; // try again on the next offer
      throw error;
    }));
    this.uploads = new UploadRunner({ WebSocket, pinFor, log, ...(deviceIdentity && { deviceIdentity }), ...(retries !== undefined && { retries }), ...(direct !== undefined && { direct }), ...(offerServer && { offerServer }), ...(stagingDir !== undefined && { stagingDir }) });
    this.downloads = new DownloadRunner({ WebSocket, pinFor, log, ...(retries !== undefined && { retries }), ...(direct !== undefined && { direct }), ...(statfs && { statfs }), ...(stagingDir !== undefined && { stagingDir }) });
    // Staged ciphertext of encrypted DM files that no journaled upload will continue.
    const staging = stagingDir ?? defaultStagingDir();
    const keep = new Set((options.journal?.list() ?? []).flatMap((entry) => (entry.kind === 'upload' && entry.upload.e2e ? [stagedUploadPath(staging, entry.upload.clientMsgId)] : [])));
    void sweepStaging(staging, keep, log);
    // Too old to resume (RESUMABLE_TRANSFER_MAX_AGE_MS): a download's .part would only take space.
    for (const entry of options.journal?.expired ?? []) {
      if (entry.kind === 'download') void this.downloads.removePart({ ...entry.download, hostHttpBase: entry.hostHttpBase, token: '' });
    }
  }

  // ---------------------------------------------------------------- picking

  /** Remembers the chosen paths and returns what the renderer may see of them. */
  registerPicks(paths: readonly string[]): Promise<PickedFile[]> {
    return this.picks.registerPicks(paths);
  }

  /** The path behind a pick token (each token is used once). */
  takePick(token: string): string {
    return this.picks.takePick(token);
  }

  /** Checks a dropped file's path: absolute, and a regular file (not a folder, device or pipe). */
  checkDroppedPath(dropped: string): Promise<string> {
    return this.picks.checkDroppedPath(dropped);
  }

  // ---------------------------------------------------------------- starting

  upload(request: UploadRequest): string {
    return this.add('upload', path.basename(request.path), 0, { upload: request });
  }

  download(request: DownloadRequest): string {
    return this.add('download', sanitizeFileName(request.name), request.file.size, { download: request });
  }

  /**
   * The renderer signed in (files:signed-in): transfers started with this token
   * from now on are journaled as this person's in this session, and the
   * journal's unfinished ones of the same session and person resume — once
   * each, however often the renderer reconnects.
   */
  signedIn(who: SignedInSession): void {
    this.signedInBy.set(who.token, who);
    const journal = this.options.journal;
    if (!journal) return;
    for (const entry of journal.list()) {
      if (this.transfers.has(entry.id) || !resumedBy(entry, who)) continue;
      const request = resumedRequest(entry, who);
      const name = entry.kind === 'upload' ? path.basename(entry.upload.path) : sanitizeFileName(entry.download.name);
      const total = entry.kind === 'upload' ? entry.upload.size : entry.download.file.size;
      const changed = sessionChanged(entry, this.options.pinFor?.(who.hostHttpBase)?.fingerprint ?? null);
      this.log(`files: resuming the ${entry.kind} of ${name} from before the restart`);
      this.add(entry.kind, name, total, {
        ...request,
        // The old process's offer is gone: the relay copy continues the same upload (same clientMsgId).
        ...(entry.kind === 'upload' && { source: { size: entry.upload.size, mtimeMs: entry.upload.mtimeMs }, offerSettled: true }),
        ...(changed && { failWith: changed }),
      }, entry.id);
    }
  }

  private add(kind: Transfer['kind'], name: string, total: number, request: Pick<Transfer, 'upload' | 'download' | 'source' | 'offerSettled' | 'failWith'>, resumedId?: string): string {
    const transfer: Transfer = {
      id: resumedId ?? `${kind === 'upload' ? 'u' : 'd'}-${nanoid()}`,
      kind,
      state: 'queued',
      name,
      progress: { bytes: 0, total, bytesPerSecond: 0, secondsLeft: null },
      abort: null,
      running: null,
      stopAs: null,
      lastEmit: 0,
      ...request,
    };
    this.transfers.set(transfer.id, transfer);
    if (resumedId === undefined) this.journal(transfer);
    this.forgetOldFinished();
    this.enqueue(transfer);
    return transfer.id;
  }

  /** Writes a new transfer down, when there is a journal and main knows whose token it runs with. */
  private journal(transfer: Transfer): void {
    const journal = this.options.journal;
    const request = transfer.upload ?? transfer.download;
    const who = request && this.signedInBy.get(request.token);
    if (!journal || !request || !who) return;
    if (transfer.upload) {
      const source = stampSource(transfer.upload.path);
      if (source) transfer.source = source;
    }
    const entry = journalEntryFor(transfer, who, this.options.pinFor?.(request.hostHttpBase)?.fingerprint ?? null, Date.now());
    if (entry) journal.put(entry);
  }

  private forgetOldFinished(): void {
    const finished = [...this.transfers.values()].filter((t) => t.state === 'done' || t.state === 'cancelled');
    for (const old of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED))) this.transfers.delete(old.id);
  }

  private enqueue(transfer: Transfer): void {
    transfer.state = 'queued';
    delete transfer.error;
    this.queue.push(transfer);
    this.emit(transfer);
    this.pump();
  }

  private pump(): void {
    while (this.active < this.max && this.queue.length > 0) {
      const next = this.queue.shift()!;
      if (next.state !== 'queued') continue;
      this.active++;
      next.running = this.run(next).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async run(transfer: Transfer): Promise<void> {
    const abort = new AbortController();
    transfer.abort = abort;
    transfer.stopAs = null;
    transfer.state = 'running';
    this.emit(transfer);
    try {
      if (transfer.failWith) throw transfer.failWith;
      await checkSource(transfer);
      if (transfer.upload) await this.uploads.run(transfer, transfer.upload, abort.signal, this.onProgress(transfer));
      else if (transfer.download) await this.downloads.run(transfer, transfer.download, abort.signal, this.onProgress(transfer));
      transfer.state = 'done';
      transfer.progress = { ...transfer.progress, bytes: transfer.progress.total, secondsLeft: 0 };
    } catch (error) {
      if (transfer.stopAs !== null) {
        transfer.state = transfer.stopAs;
      } else {
        transfer.state = 'failed';
        transfer.error = await describeFailure(transfer, error, this.options.statfs);
        this.log(`files: ${transfer.kind} of ${transfer.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      transfer.abort = null;
    }
    const cancelled = (transfer.state as TransferState) === 'cancelled';
    this.forgetIfOver(transfer);
    if (cancelled) await this.cleanUpCancelled(transfer);
    this.emit(transfer);
    if (cancelled) await this.uploads.cancelOnHost(transfer);
  }

  private onProgress(transfer: Transfer): (p: TransferProgress) => void {
    return (p) => {
      transfer.progress = p;
      const now = Date.now();
      if (now - transfer.lastEmit >= (this.options.progressIntervalMs ?? PROGRESS_INTERVAL_MS)) this.emit(transfer);
    };
  }

  /** The offer server once started (tests). */
  get offerServerForTests(): OfferServer | null {
    return this.uploads.offerServerForTests;
  }

  /** Done, cancelled, or failed for good: nothing is left to resume after a restart. */
  private forgetIfOver(transfer: Transfer): void {
    const { state } = transfer;
    const over = state === 'done' || state === 'cancelled' || (state === 'failed' && transfer.error !== undefined && FINAL_FAILURES.has(transfer.error.code));
    if (over) this.options.journal?.remove(transfer.id);
  }

  /** A cancelled download leaves no .part; a cancelled upload withdraws its offer (then cancelOnHost). */
  private async cleanUpCancelled(transfer: Transfer): Promise<void> {
    this.uploads.withdrawOffer(transfer);
    await this.uploads.removeStaged(transfer);
    if (transfer.download) await this.downloads.removePart(transfer.download);
  }

  // ---------------------------------------------------------------- controls

  private get(transferId: string): Transfer {
    const transfer = this.transfers.get(transferId);
    if (!transfer) throw new IpcError('unknown_transfer', 'That transfer is not known to this app (it may have been from before a restart).');
    return transfer;
  }

  /** Stops the transfer, keeping what arrived (.part / the host's partial upload) for resume. */
  async pause(transferId: string): Promise<void> {
    const transfer = this.get(transferId);
    if (transfer.state === 'queued') {
      transfer.state = 'paused';
      this.emit(transfer);
      return;
    }
    if (transfer.state !== 'running') return;
    transfer.stopAs = 'paused';
    transfer.abort?.abort();
    await transfer.running;
  }

  /** Continues a paused or failed transfer from where it stopped. */
  resume(transferId: string): void {
    const transfer = this.get(transferId);
    if (transfer.state !== 'paused' && transfer.state !== 'failed') return;
    this.enqueue(transfer);
  }

  /** Stops for good: a download's .part is removed; an upload sends file.cancel, running or paused. */
  async cancel(transferId: string): Promise<void> {
    const transfer = this.get(transferId);
    if (transfer.state === 'done' || transfer.state === 'cancelled') return;
    if (transfer.state === 'running') {
      transfer.stopAs = 'cancelled';
      transfer.abort?.abort();
      await transfer.running;
      return;
    }
    transfer.state = 'cancelled';
    this.forgetIfOver(transfer);
    await this.cleanUpCancelled(transfer);
    this.emit(transfer);
    await this.uploads.cancelOnHost(transfer);
  }

  /** The path of a download main finished writing itself; refuses anything else. */
  savedPath(transferId: string): string {
    return openableSavedPath(this.get(transferId));
  }

  /**
   * Resolves when the transfer is done or cancelled — not when it fails, since
   * Retry may still finish it. What a pasted upload's temporary file and an
   * Open's download wait for (pasted-files.ts, opened-files.ts).
   */
  whenFinished(transferId: string): Promise<'done' | 'cancelled'> {
    const transfer = this.get(transferId);
    if (transfer.state === 'done' || transfer.state === 'cancelled') return Promise.resolve(transfer.state);
    return new Promise((resolve) => {
      const waiters = this.finishWaiters.get(transferId) ?? [];
      waiters.push(resolve);
      this.finishWaiters.set(transferId, waiters);
    });
  }

  /** Current progress of one transfer (tests and the UI after a reload). */
  snapshot(transferId: string): FileProgress {
    return toFileProgress(this.get(transferId));
  }

  /** Waits for every running transfer to stop (quitting, tests). */
  async stopAll(): Promise<void> {
    for (const transfer of this.transfers.values()) {
      if (transfer.state === 'queued') transfer.state = 'paused';
      if (transfer.state === 'running') {
        transfer.stopAs = 'paused';
        transfer.abort?.abort();
      }
    }
    await Promise.allSettled([...this.transfers.values()].map((t) => t.running));
  }

  /** Stops every transfer and the offer server (quitting). */
  async dispose(): Promise<void> {
    this.uploads.beginDispose();
    await this.stopAll();
    await this.uploads.stopOfferServer();
  }

  // ---------------------------------------------------------------- reporting

  private emit(transfer: Transfer): void {
    transfer.lastEmit = Date.now();
    this.options.emit(toFileProgress(transfer));
    const { state } = transfer;
    if (state === 'done' || state === 'cancelled') {
      const waiters = this.finishWaiters.get(transfer.id) ?? [];
      this.finishWaiters.delete(transfer.id);
      for (const resolve of waiters) resolve(state);
    }
  }
}
