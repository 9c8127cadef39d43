// The download side of the desktop app's TransferManager (file-transfers.ts):
// one run of a download into a .part file — the sender's offer server first
// when the file was offered directly, else (or on any failure there) the relay
// copy on the host — the .part a cancel removes, and which finished download
// files:open may hand to the system.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import { promises as fsp, type StatsFs } from 'node:fs';
import path from 'node:path';
import type { ChatClient, WebSocketConstructor } from '../../src-shared/chat-client.js';
import { sanitizeFileName } from '../../src-shared/file-names.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { downloadFileDirectOrRelay } from './direct-download.js';
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
}

export class DownloadRunner {
  constructor(private readonly options: DownloadRunnerOptions) {}

  /** One run of a download, resuming the .part an earlier run left. */
  async run(transfer: Transfer, request: DownloadRequest, signal: AbortSignal, onProgress: (p: TransferProgress) => void): Promise<void> {
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
    await fsp.rm(part, { force: true }).catch((error: unknown) => this.options.log(`files: could not remove ${part}: ${String(error)}`));
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
