// One transfer as the desktop app's TransferManager (file-transfers.ts) keeps
// it: what was asked for (an upload or a download), its state and progress,
// and what the renderer is shown of it — the files:progress event and the
// sentence a failed card shows.
//
// Plain module: no electron import (lint holds src-main/transfer to that).
import { promises as fsp, type StatsFs } from 'node:fs';
import path from 'node:path';
import type { FileProgress, TransferState } from '../../src-shared/ipc/ipc-contract.js';
import type { FileInfo } from '../../src-shared/protocol/frames.js';
import { DISK_MARGIN_BYTES } from './incoming-file-writer.js';
import { formatBytes, TransferError } from './transfer-error.js';
import type { TransferProgress } from './transfer-progress.js';

export interface UploadRequest {
  /** Absolute path, already resolved from a pick token or checked as a dropped file. */
  path: string;
  conv: string;
  clientMsgId: string;
  hostHttpBase: string;
  token: string;
  thumbnail?: string;
  /** The message text shown with the file (file.offer / file.begin `text`); never for an encrypted file. */
  caption?: string;
  /**
   * false: relay copy only, no file.offer (a pasted file's temporary copy is
   * deleted once uploaded, so no one could fetch it from this app afterwards).
   */
  direct?: boolean;
  /**
   * An end-to-end encrypted DM file (encrypted-files.ts): the envelope for
   * file.begin (made once by the renderer's DmSession) and the file key,
   * base64url — in memory only, never logged or journaled (null: resumed after
   * a restart, when only a finished staged ciphertext can continue).
   */
  e2e?: { envelope: string; key: string | null };
}

export interface DownloadRequest {
  file: FileInfo;
  hostHttpBase: string;
  token: string;
  /** Folder and file name to save as (the name is sanitised again; never overwrites). */
  dir: string;
  name: string;
  /** Made to be opened (Open on a card): into main's private cache, opened when done (opened-files.ts). */
  open?: boolean;
  /** An end-to-end encrypted DM file: its key (base64url, from the decrypted message; memory only) and the message's clientMsgId the bytes are bound to. */
  e2e?: { key: string; bindingId: string };
}

export interface Transfer {
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
  /** Uploads kept in the journal: the source's size and mtime when it started; each run checks them (resumed-transfers.ts). */
  source?: { size: number; mtimeMs: number };
  /** Resumed after a restart into a session that is no longer the same: every run fails with this. */
  failWith?: Error;
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

/** What files:progress carries for a transfer. */
export function toFileProgress(transfer: Transfer): FileProgress {
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
    ...(transfer.download?.open && { open: true }),
  };
}

/** The sentence the card shows for a failure. */
export async function describeFailure(
  transfer: Transfer,
  error: unknown,
  statfs: ((dir: string) => Promise<Pick<StatsFs, 'bavail' | 'bsize'>>) | undefined,
): Promise<{ code: string; message: string }> {
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
        const stat = await (statfs ?? fsp.statfs)(transfer.download.dir);
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
