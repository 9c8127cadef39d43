// Uploads and downloads the desktop app runs in the main process, streamed
// from and to disk (DESIGN.md: nothing is read whole into memory, in main or
// renderer). The renderer starts them over IPC (files:*), and sees them only
// through files:progress events and opaque ids: chosen files are kept here as
// pick tokens, finished downloads as transfer ids, so no path the renderer
// sends is ever opened except a dropped file's, which is checked first.
//
// Uploads need file.begin / file.complete over the WebSocket. Main opens its
// own short-lived ChatClient per upload and resumes it with the renderer's
// token (the host allows several connections per person). That reuses the
// protocol as it is — no second HTTP form of file.begin to keep in step — and
// the connection lives exactly as long as the upload.
//
// Direct transfer (PROTOCOL.md, "Direct transfer"): the manager owns one
// OfferServer, started on the first upload. Each upload hashes the file from
// disk, registers it there and sends file.offer so members see the card at
// once; then it uploads the relay copy with the same clientMsgId (that upload's
// progress drives the card). A host without file.offer gets today's relay-only
// upload. Offers stay registered while the app runs (a cancel unregisters).
// A cancel also sends file.cancel for the host's file id — running, paused or
// failed alike — so the host drops its partial copy at once instead of keeping
// it until its own sweep.
// Downloads try the sender's offer server first and fall back to the relay.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
// Dialogs, the downloads folder and shell.openPath are passed in by
// src-main/app (ipc-handlers, desktop-app).
import { createHash } from 'node:crypto';
import { promises as fsp, type StatsFs } from 'node:fs';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { ChatClient, type WebSocketConstructor } from '../../src-shared/chat-client.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import type { FileProgress, PickedFile, TransferState } from '../../src-shared/ipc/ipc-contract.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { MAX_CONCURRENT_TRANSFERS_PER_CLIENT } from '../../src-shared/limits.js';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import { downloadFileDirectOrRelay } from './direct-download.js';
import { hashFileRange } from './file-hashing.js';
import { DISK_MARGIN_BYTES } from './incoming-file-writer.js';
import { OfferServer, type OfferServerOptions } from './offer-server.js';
import { uploadFile } from './relay-upload.js';
import { formatBytes, TransferError } from './transfer-error.js';
import type { TransferProgress } from './transfer-progress.js';

/** Pick tokens kept at most (oldest forgotten first): a person picks a few files at a time. */
const MAX_PICKS = 256;
/** Finished / cancelled transfers remembered (for files:open); the oldest are forgotten first. */
const MAX_FINISHED = 500;
/**
 * Downloads files:open will not hand to the system: opening them runs them.
 * (The person can still find them in the folder; Parley does not start programs someone sent.)
 */
const RUNNABLE = new Set([
  '.exe', '.com', '.bat', '.cmd', '.msi', '.msp', '.scr', '.pif', '.cpl', '.ps1', '.psm1', '.vbs', '.vbe', '.js', '.jse', '.wsf', '.wsh', '.hta', '.lnk', '.url', '.reg', '.jar',
  '.app', '.command', '.pkg', '.workflow', '.terminal', '.sh', '.bash', '.zsh', '.csh', '.run', '.bin', '.desktop', '.appimage', '.deb', '.rpm', '.py', '.pl', '.rb',
]);

/** files:progress while bytes move: at most this often per transfer (ms). */
const PROGRESS_INTERVAL_MS = 200;

const MIME_BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function guessMimeType(name: string): string {
  return MIME_BY_EXTENSION[path.extname(name).toLowerCase()] ?? '';
}

export interface TransferManagerOptions {
  /** WebSocket constructor for main's own ChatClient (the `ws` package). */
  WebSocket: WebSocketConstructor;
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
}

export interface UploadRequest {
  /** Absolute path, already resolved from a pick token or checked as a dropped file. */
  path: string;
  conv: string;
  clientMsgId: string;
  hostHttpBase: string;
  token: string;
  thumbnail?: string;
}

export interface DownloadRequest {
  file: FileInfo;
  hostHttpBase: string;
  token: string;
  /** Folder and file name to save as (the name is sanitised again; never overwrites). */
  dir: string;
  name: string;
}

interface Transfer {
  id: string;
  kind: 'upload' | 'download';
  state: TransferState;
  name: string;
  progress: TransferProgress;
  abort: AbortController | null;
  /** Settles when the current run has fully stopped. */
  running: Promise<void> | null;
  /** Set before aborting: what the abort means. */
  stopAs: 'paused' | 'cancelled' | null;
  error?: { code: string; message: string };
  lastEmit: number;
  upload?: UploadRequest;
  download?: DownloadRequest;
  /** The file main wrote (finished downloads only). */
  savedPath?: string;
  /** Uploads: the file.offer step is settled (offered, or fell back to relay-only). */
  offerSettled?: boolean;
  /** Uploads: the offer registered with the offer server, if any. */
  offerId?: string;
  /** Uploads: the host's file id, once file.offer or file.begin answered (what a cancel sends file.cancel for). */
  fileId?: string;
  /** Downloads: which path delivered the bytes. */
  via?: 'direct' | 'relay';
}

/** http://host:port → ws://host:port/ws */
export function webSocketUrl(hostHttpBase: string): string {
  const url = new URL(hostHttpBase);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = '/ws';
  return url.toString();
}

export class TransferManager {
  private readonly picks = new Map<string, string>();
  private readonly transfers = new Map<string, Transfer>();
  private readonly queue: Transfer[] = [];
  private active = 0;
  private readonly max: number;
  private readonly log: (line: string) => void;
  private offerServer: OfferServer | null = null;
  private offerServerStarting: Promise<OfferServer> | null = null;
  private disposed = false;

  constructor(private readonly options: TransferManagerOptions) {
    this.max = options.maxConcurrent ?? MAX_CONCURRENT_TRANSFERS_PER_CLIENT;
    this.log = options.log ?? (() => {});
  }

  // ---------------------------------------------------------------- picking

  /** Remembers the chosen paths and returns what the renderer may see of them. */
  async registerPicks(paths: readonly string[]): Promise<PickedFile[]> {
    const picked: PickedFile[] = [];
    for (const chosen of paths) {
      const full = path.resolve(chosen);
      const stat = await fsp.stat(full).catch(() => null);
      if (!stat?.isFile()) continue;
      const token = nanoid();
      this.picks.set(token, full);
      while (this.picks.size > MAX_PICKS) this.picks.delete(this.picks.keys().next().value as string);
      const name = path.basename(full);
      picked.push({ token, name, size: stat.size, type: guessMimeType(name) });
    }
    return picked;
  }

  /** The path behind a pick token (each token is used once). */
  takePick(token: string): string {
    const chosen = this.picks.get(token);
    if (chosen === undefined) throw new IpcError('unknown_pick', 'That file was not chosen in this window; choose it again.');
    this.picks.delete(token);
    return chosen;
  }

  /** Checks a dropped file's path: absolute, and a regular file (not a folder, device or pipe). */
  async checkDroppedPath(dropped: string): Promise<string> {
    if (!path.isAbsolute(dropped) || dropped.includes('\0')) throw new IpcError('not_a_file', 'Only files can be sent.');
    const stat = await fsp.stat(dropped).catch(() => null);
    if (!stat?.isFile()) throw new IpcError('not_a_file', `${path.basename(dropped)} is not a file that can be sent (folders cannot be sent).`);
    return path.normalize(dropped);
  }

  // ---------------------------------------------------------------- starting

  upload(request: UploadRequest): string {
    return this.add('upload', path.basename(request.path), 0, { upload: request });
  }

  download(request: DownloadRequest): string {
    return this.add('download', sanitizeFileName(request.name), request.file.size, { download: request });
  }

  private add(kind: Transfer['kind'], name: string, total: number, request: Pick<Transfer, 'upload' | 'download'>): string {
    const transfer: Transfer = {
      id: `${kind === 'upload' ? 'u' : 'd'}-${nanoid()}`,
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
    this.forgetOldFinished();
    this.enqueue(transfer);
    return transfer.id;
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
      if (transfer.upload) await this.runUpload(transfer, transfer.upload, abort.signal);
      else if (transfer.download) await this.runDownload(transfer, transfer.download, abort.signal);
      transfer.state = 'done';
      transfer.progress = { ...transfer.progress, bytes: transfer.progress.total, secondsLeft: 0 };
    } catch (error) {
      if (transfer.stopAs !== null) {
        transfer.state = transfer.stopAs;
      } else {
        transfer.state = 'failed';
        transfer.error = await this.describe(transfer, error);
        this.log(`files: ${transfer.kind} of ${transfer.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      transfer.abort = null;
    }
    const cancelled = (transfer.state as TransferState) === 'cancelled';
    if (cancelled) await this.cleanUpCancelled(transfer);
    this.emit(transfer);
    if (cancelled) await this.cancelOnHost(transfer);
  }

  private onProgress(transfer: Transfer): (p: TransferProgress) => void {
    return (p) => {
      transfer.progress = p;
      const now = Date.now();
      if (now - transfer.lastEmit >= (this.options.progressIntervalMs ?? PROGRESS_INTERVAL_MS)) this.emit(transfer);
    };
  }

  private async runUpload(transfer: Transfer, request: UploadRequest, signal: AbortSignal): Promise<void> {
    const client = new ChatClient({ url: webSocketUrl(request.hostHttpBase), WebSocket: this.options.WebSocket, reconnect: false, keepaliveMs: 0 });
    try {
      try {
        await client.connect();
        await client.resume(request.token);
      } catch (error) {
        throw new TransferError('host_unreachable', `Could not reach the host: ${error instanceof Error ? error.message : String(error)}`, true, { cause: error });
      }
      const type = guessMimeType(request.path);
      if (!transfer.offerSettled) await this.offer(transfer, request, client, type, signal);
      await uploadFile({
        client,
        baseUrl: request.hostHttpBase,
        conv: request.conv,
        path: request.path,
        clientMsgId: request.clientMsgId,
        ...(type !== '' && { type }),
        ...(request.thumbnail !== undefined && { thumbnail: request.thumbnail }),
        signal,
        // Not `cancel`: cancelOnHost sends file.cancel, for a paused upload as much as a running one.
        onBegin: (fileId) => {
          transfer.fileId = fileId;
        },
        onProgress: this.onProgress(transfer),
        ...(this.options.retries !== undefined && { retries: this.options.retries }),
      });
    } finally {
      client.close();
    }
  }

  /** The offer server, started on first use (null when direct transfer is off or it cannot start). */
  private async offers(): Promise<OfferServer | null> {
    if (this.options.direct === false || this.disposed) return null;
    if (this.offerServer) return this.offerServer;
    this.offerServerStarting ??= new OfferServer(this.options.offerServer ?? {}).start();
    try {
      this.offerServer = await this.offerServerStarting;
      if (this.disposed) await this.offerServer.stop();
      return this.offerServer;
    } catch (error) {
      this.offerServerStarting = null;
      this.log(`files: could not start the offer server: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /** The offer server once started (tests). */
  get offerServerForTests(): OfferServer | null {
    return this.offerServer;
  }

  /**
   * Hashes the file, registers it with the offer server and sends file.offer,
   * so members see the file at once. Any failure but an abort (old host:
   * unknown_type, no LAN address, …) leaves the upload relay-only.
   */
  private async offer(transfer: Transfer, request: UploadRequest, client: ChatClient, type: string, signal: AbortSignal): Promise<void> {
    const server = await this.offers();
    if (!server) {
      transfer.offerSettled = true;
      return;
    }
    const stat = await fsp.stat(request.path);
    const hash = createHash('sha256');
    await hashFileRange(request.path, hash, 0, stat.size, signal);
    const sha256 = hash.digest('hex');
    const offer = server.register({ path: request.path, size: stat.size, sha256, name: path.basename(request.path), ...(type !== '' && { mimeType: type }) });
    try {
      const urls = server.urls(offer.offerId).slice(0, 8);
      if (urls.length === 0) throw new Error('no LAN address to offer the file on');
      const { message } = await client.request('file.offer', {
        conv: request.conv,
        clientMsgId: request.clientMsgId,
        name: path.basename(request.path),
        size: stat.size,
        sha256,
        ...(type !== '' && { mimeType: type }),
        ...(request.thumbnail !== undefined && { thumbnail: request.thumbnail }),
        offer: { urls, key: offer.key },
      });
      transfer.offerId = offer.offerId;
      if (message.file) transfer.fileId = message.file.id;
    } catch (error) {
      server.unregister(offer.offerId);
      if (signal.aborted) throw error;
      this.log(`files: ${transfer.name} goes through the host only (file.offer: ${error instanceof Error ? error.message : String(error)})`);
    }
    transfer.offerSettled = true;
  }

  private async runDownload(transfer: Transfer, request: DownloadRequest, signal: AbortSignal): Promise<void> {
    // file.direct needs the WebSocket: a short-lived client, only when the file was offered directly.
    let client: ChatClient | null = null;
    let relayOnly = this.options.direct === false || !request.file.direct;
    if (!relayOnly) {
      client = new ChatClient({ url: webSocketUrl(request.hostHttpBase), WebSocket: this.options.WebSocket, reconnect: false, keepaliveMs: 0 });
      try {
        await client.connect();
        await client.resume(request.token);
      } catch (error) {
        this.log(`files: direct download of ${transfer.name} skipped: ${error instanceof Error ? error.message : String(error)}`);
        relayOnly = true;
      }
    }
    try {
      const result = await this.downloadVia(transfer, request, signal, client, relayOnly);
      transfer.savedPath = result.path;
      transfer.via = result.via;
      if (result.directFailure !== undefined) this.log(`files: ${transfer.name} came from the host (direct: ${result.directFailure})`);
    } finally {
      client?.close();
    }
  }

  private downloadVia(transfer: Transfer, request: DownloadRequest, signal: AbortSignal, client: ChatClient | null, relayOnly: boolean) {
    const noClient = {
      request: () => Promise.reject(new Error('not connected')),
    } as unknown as Pick<ChatClient, 'request'>;
    return downloadFileDirectOrRelay({
      client: client ?? noClient,
      relayOnly,
      baseUrl: request.hostHttpBase,
      // The chosen name replaces the sender's (downloadFile sanitises it again).
      file: { ...request.file, name: request.name },
      token: request.token,
      dir: request.dir,
      signal,
      onProgress: this.onProgress(transfer),
      ...(this.options.statfs && { statfs: this.options.statfs }),
      ...(this.options.retries !== undefined && { retries: this.options.retries }),
    });
  }

  /** A cancelled download leaves no .part; a cancelled upload withdraws its offer (then cancelOnHost). */
  private async cleanUpCancelled(transfer: Transfer): Promise<void> {
    if (transfer.offerId !== undefined) {
      this.offerServer?.unregister(transfer.offerId);
      delete transfer.offerId;
    }
    if (transfer.download) {
      const part = path.join(path.resolve(transfer.download.dir), `${sanitizeFileName(transfer.download.name)}.part`);
      await fsp.rm(part, { force: true }).catch((error: unknown) => this.log(`files: could not remove ${part}: ${String(error)}`));
    }
  }

  /**
   * Tells the host to drop what it holds of a cancelled upload (file.cancel) —
   * running, paused or failed alike, once file.offer / file.begin gave an id.
   * Over a short-lived connection of its own, like the upload's (a paused one
   * has none); after the card has gone, so an unreachable host does not hold it.
   */
  private async cancelOnHost(transfer: Transfer): Promise<void> {
    const request = transfer.upload;
    const fileId = transfer.fileId;
    if (!request || fileId === undefined) return;
    delete transfer.fileId;
    const client = new ChatClient({ url: webSocketUrl(request.hostHttpBase), WebSocket: this.options.WebSocket, reconnect: false, keepaliveMs: 0 });
    try {
      await client.connect();
      await client.resume(request.token);
      await client.request('file.cancel', { fileId });
    } catch (error) {
      // Unreachable, or it holds nothing any more: the host's own sweep deletes what is left.
      this.log(`files: could not tell the host to drop ${transfer.name}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      client.close();
    }
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
    await this.cleanUpCancelled(transfer);
    this.emit(transfer);
    await this.cancelOnHost(transfer);
  }

  /** The path of a download main finished writing itself; refuses anything else. */
  savedPath(transferId: string): string {
    const transfer = this.get(transferId);
    if (transfer.kind !== 'download' || transfer.state !== 'done' || transfer.savedPath === undefined) {
      throw new IpcError('not_allowed', 'Only a finished download can be opened.');
    }
    if (RUNNABLE.has(path.extname(transfer.savedPath).toLowerCase())) {
      throw new IpcError('not_allowed', `Parley does not open programs or scripts (${path.basename(transfer.savedPath)}); it is in ${path.dirname(transfer.savedPath)} if you trust it.`);
    }
    return transfer.savedPath;
  }

  /** Current progress of one transfer (tests and the UI after a reload). */
  snapshot(transferId: string): FileProgress {
    return this.toEvent(this.get(transferId));
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
    this.disposed = true;
    await this.stopAll();
    const server = this.offerServer ?? (await this.offerServerStarting?.catch(() => null));
    this.offerServer = null;
    await server?.stop();
  }

  // ---------------------------------------------------------------- reporting

  private emit(transfer: Transfer): void {
    transfer.lastEmit = Date.now();
    this.options.emit(this.toEvent(transfer));
  }

  private toEvent(transfer: Transfer): FileProgress {
    const p = transfer.progress;
    return {
      transferId: transfer.id,
      kind: transfer.kind,
      state: transfer.state,
      name: transfer.savedPath ? path.basename(transfer.savedPath) : transfer.name,
      bytes: p.bytes,
      total: p.total,
      bytesPerSecond: Math.max(0, p.bytesPerSecond),
      secondsLeft: p.secondsLeft === null ? null : Math.max(0, p.secondsLeft),
      ...(transfer.error && { error: transfer.error }),
      ...(transfer.state === 'done' && transfer.savedPath !== undefined && { path: transfer.savedPath }),
      ...(transfer.upload && { conv: transfer.upload.conv, clientMsgId: transfer.upload.clientMsgId }),
      ...(transfer.download && { fileId: transfer.download.file.id }),
    };
  }

  /** The sentence the card shows for a failure. */
  private async describe(transfer: Transfer, error: unknown): Promise<{ code: string; message: string }> {
    if (!(error instanceof TransferError)) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ENOENT' && transfer.upload) return { code: 'io_error', message: `${transfer.name} is no longer on this computer.` };
      return { code: 'io_error', message: error instanceof Error ? error.message : String(error) };
    }
    switch (error.code) {
      case 'disk_full': {
        if (!transfer.download) return { code: error.code, message: error.message };
        const needed = Math.max(0, transfer.progress.total - transfer.progress.bytes) + DISK_MARGIN_BYTES;
        let free = '?';
        try {
          const stat = await (this.options.statfs ?? fsp.statfs)(transfer.download.dir);
          free = formatBytes(Number(stat.bavail) * Number(stat.bsize));
        } catch {
          // keep '?'
        }
        return { code: error.code, message: `Not enough space on disk: needs ${formatBytes(needed)}, ${free} free` };
      }
      case 'checksum_mismatch':
        return { code: error.code, message: 'The file arrived damaged and was deleted — try again' };
      case 'file_not_found':
        return { code: error.code, message: 'The host no longer has this file' };
      case 'not_uploaded_yet':
        // The host answers 409 while the relay copy is still coming; a 404 means it no longer has the file.
        if (error.cause instanceof TransferError && error.cause.code === 'file_not_found') {
          return { code: 'file_not_found', message: 'The host no longer has this file' };
        }
        return { code: error.code, message: 'The sender is still uploading this file — try again in a moment' };
      case 'host_unreachable':
        return { code: error.code, message: 'Lost the connection to the host — it resumes when you press Resume' };
      default:
        return { code: error.code, message: error.message };
    }
  }
}
