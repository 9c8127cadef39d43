// The download side of the desktop app's TransferManager (file-transfers.ts):
// one run of a download into a .part file — the sender's offer server first
// when the file was offered directly, else (or on any failure there) the relay
// copy on the host — the .part a cancel removes, and which finished download
// files:open may hand to the system.
// An end-to-end encrypted DM file (request.e2e) comes from the relay only: its
// ciphertext is downloaded into main's staging folder and decrypted into the
// target (encrypted-files.ts); a changed byte saves nothing and says so.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import { promises as fsp, type StatsFs } from 'node:fs';
import path from 'node:path';
import type { ChatClient, WebSocketConstructor } from '../../src-shared/chat-client.js';
import { fileKeyOf } from '../../src-shared/e2e/dm-file.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { downloadFileDirectOrRelay } from './direct-download.js';
import { decryptDownload, defaultStagingDir } from './encrypted-files.js';
import { downloadFile } from './incoming-file-writer.js';
import { connectHostClient, type PinLookup } from './pinned-http.js';
import type { TransferProgress } from './transfer-progress.js';
import { webSocketUrl, type DownloadRequest, type Transfer } from './transfer-record.js';

/**
 * Downloads files:open will not hand to the system: opening them runs them.
 * (The person can still find them in the folder; Parley does not start programs someone sent.)
 */
const RUNNABLE = new Set([
  '.exe', '.com', '.bat', '.cmd', '.msi', '.msp', '.scr', '.pif', '.cpl', '.ps1', '.psm1', '.vbs', '.vbe', '.js', '.jse', '.wsf', '.wsh', '.hta', '.lnk', '.url', '.reg', '.jar',
  '.app', '.command', '.pkg', '.workflow', '.terminal', '.sh', '.bash', '.zsh', '.csh', '.run', '.bin', '.desktop', '.appimage', '.deb', '.rpm', '.py', '.pl', '.rb',
]);

/** True for a name whose extension runs a program when opened (Open refuses it before downloading). */
export const isRunnableName = (name: string): boolean => RUNNABLE.has(path.extname(name).toLowerCase());

export interface DownloadRunnerOptions {
  /** WebSocket constructor for main's own ChatClient (the `ws` package); wss connections are pinned on top of it. */
  WebSocket: WebSocketConstructor;
  /** The identity to pin for a host URL (null: not trusted, and an https host is then refused). */
  pinFor: PinLookup;
  /** fs.promises.statfs, injectable for tests. */
  statfs?: (dir: string) => Promise<Pick<StatsFs, 'bavail' | 'bsize'>>;
  /** Network retries inside one run (downloadFile default 5). */
  retries?: number;
  log: (line: string) => void;
  /** Try downloads directly first (default true). */
  direct?: boolean;
  /** Main's private folder for an encrypted file's ciphertext until it is decrypted (default defaultStagingDir()). */
  stagingDir?: string;
}

export class DownloadRunner {
  constructor(private readonly options: DownloadRunnerOptions) {}

  /** One run of a download, resuming the .part an earlier run left. */
  async run(transfer: Transfer, request: DownloadRequest, signal: AbortSignal, onProgress: (p: TransferProgress) => void): Promise<void> {
    if (request.e2e) {
      transfer.savedPath = await this.runEncrypted(request, request.e2e, signal, onProgress);
      transfer.via = 'relay';
      return;
    }
    // file.direct needs the WebSocket: a short-lived client, only when the file was offered directly.
    let client: ChatClient | null = null;
    const pin = this.options.pinFor(request.hostHttpBase);
    let relayOnly = this.options.direct === false || !request.file.direct;
    if (!relayOnly) {
      try {
        client = await connectHostClient(webSocketUrl(request.hostHttpBase), request.token, pin, this.options.WebSocket);
      } catch (error) {
        this.options.log(`files: direct download of ${transfer.name} skipped: ${error instanceof Error ? error.message : String(error)}`);
        relayOnly = true;
      }
    }
    try {
      const result = await this.downloadVia(request, pin, signal, client, relayOnly, onProgress);
      transfer.savedPath = result.path;
      transfer.via = result.via;
      if (result.directFailure !== undefined) this.options.log(`files: ${transfer.name} came from the host (direct: ${result.directFailure})`);
    } finally {
      client?.close();
    }
  }

  /** The ciphertext (resumed, or kept from a run that stopped while decrypting) into staging, then decrypted into the target. */
  private async runEncrypted(request: DownloadRequest, e2e: NonNullable<DownloadRequest['e2e']>, signal: AbortSignal, onProgress: (p: TransferProgress) => void): Promise<string> {
    const key = await fileKeyOf({ key: e2e.key });
    const cipherPath = this.stagedCiphertext(request);
    await fsp.mkdir(path.dirname(cipherPath), { recursive: true, mode: 0o700 });
    const held = await fsp.stat(cipherPath).catch(() => null);
    if (!(held?.isFile() && held.size === request.file.size)) {
      await fsp.rm(cipherPath, { force: true });
      await downloadFile({
        baseUrl: request.hostHttpBase,
        pin: this.options.pinFor(request.hostHttpBase),
        file: { ...request.file, name: path.basename(cipherPath) },
        token: request.token,
        dir: path.dirname(cipherPath),
        signal,
        onProgress,
        ...(this.options.statfs && { statfs: this.options.statfs }),
        ...(this.options.retries !== undefined && { retries: this.options.retries }),
      });
    }
    return decryptDownload({ cipherPath, dir: request.dir, name: request.name, key, bindingId: e2e.bindingId, signal });
  }

  /** Where an encrypted download's ciphertext is kept until decrypted (its .part beside it). */
  private stagedCiphertext(request: DownloadRequest): string {
    return path.join(this.options.stagingDir ?? defaultStagingDir(), `dl-${sanitizeFileName(request.file.id)}.e2e`);
  }

  private downloadVia(request: DownloadRequest, pin: SessionPin | null, signal: AbortSignal, client: ChatClient | null, relayOnly: boolean, onProgress: (p: TransferProgress) => void) {
    const noClient = {
      request: () => Promise.reject(new Error('not connected')),
    } as unknown as Pick<ChatClient, 'request'>;
    return downloadFileDirectOrRelay({
      client: client ?? noClient,
      relayOnly,
      baseUrl: request.hostHttpBase,
      pin,
      // The chosen name replaces the sender's (downloadFile sanitises it again).
      file: { ...request.file, name: request.name },
      token: request.token,
      dir: request.dir,
      signal,
      onProgress,
      ...(this.options.statfs && { statfs: this.options.statfs }),
      ...(this.options.retries !== undefined && { retries: this.options.retries }),
    });
  }

  /** A cancelled download leaves no .part. */
  async removePart(request: DownloadRequest): Promise<void> {
    const part = path.join(path.resolve(request.dir), `${sanitizeFileName(request.name)}.part`);
    const staged = request.e2e ? [this.stagedCiphertext(request), `${this.stagedCiphertext(request)}.part`] : [];
    for (const file of [part, ...staged]) {
      await fsp.rm(file, { force: true }).catch((error: unknown) => this.options.log(`files: could not remove ${file}: ${String(error)}`));
    }
  }
}

/** The path of a download main finished writing itself; refuses anything else. */
export function openableSavedPath(transfer: Transfer): string {
  if (transfer.kind !== 'download' || transfer.state !== 'done' || transfer.savedPath === undefined) {
    throw new IpcError('not_allowed', 'Only a finished download can be opened.');
  }
  if (isRunnableName(transfer.savedPath)) {
    throw new IpcError('not_allowed', `Parley does not open programs or scripts (${path.basename(transfer.savedPath)}); it is in ${path.dirname(transfer.savedPath)} if you trust it.`);
  }
  return transfer.savedPath;
}
