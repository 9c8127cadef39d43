// My uploads, keyed by clientMsgId (the id the file message will carry): what
// the file card shows while the bytes go to the host. The FileUploader
// (files/file-uploader.ts) runs them and reports here; once the host has
// announced the file it is an ordinary message and the transfer goes away.
//
// Downloads the desktop app's main process runs (platform.files) are kept
// here too, keyed by the host's file id: the file card shows the latest one.
import type { StateCreator } from 'zustand';
import type { FileProgress } from '../../src-shared/ipc/ipc-contract.js';
import type { AppState } from './app-store.js';

export type TransferState = 'queued' | 'uploading' | 'paused' | 'verifying' | 'done' | 'failed';

export interface Transfer {
  clientMsgId: string;
  conv: string;
  /** The host's id, once file.begin answered. */
  fileId: string | null;
  /** Where the bytes go ("/api/uploads/<fileId>"), once file.begin answered. */
  uploadUrl: string | null;
  name: string;
  type: string;
  thumbnail: string | null;
  ts: number;
  state: TransferState;
  /** Bytes the host holds (or is receiving in the slice on its way). */
  bytes: number;
  total: number;
  /** Smoothed; 0 until measured. */
  bytesPerSecond: number;
  /** null until the speed is known. */
  secondsLeft: number | null;
  /** Why it failed, in words for people (the host's message when it has one). */
  error: string | null;
  /**
   * The message text going with this file (the first of those sent together),
   * shown above its card as above the file once sent: the composer has let go
   * of it, so a card that fails or waits still shows it (Retry sends it again).
   */
  caption?: string;
  /** Last speed sample (internal to recordProgress). */
  sampleAt: number;
  sampleBytes: number;
}

export interface NewTransfer {
  clientMsgId: string;
  conv: string;
  name: string;
  type: string;
  total: number;
  ts: number;
  thumbnail?: string | null;
  caption?: string;
}

/** Take a new speed sample at most this often (ms). */
export const SPEED_SAMPLE_MS = 500;
/** Weight of the newest sample in the moving average. */
const SPEED_SMOOTHING = 0.3;

/** A download main runs for this file (desktop only), as its last files:progress said. */
export type DownloadTransfer = FileProgress & { fileId: string };

export interface TransfersSlice {
  transfers: Record<string, Transfer>;
  /** By file id. */
  downloads: Record<string, DownloadTransfer>;
  setDownload(progress: DownloadTransfer): void;
  removeDownload(fileId: string): void;
  addTransfer(transfer: NewTransfer): void;
  /** Any other change (state, fileId, thumbnail, error…). */
  updateTransfer(clientMsgId: string, patch: Partial<Omit<Transfer, 'clientMsgId'>>): void;
  /** The host holds (or is receiving) `bytes`; updates the speed and time left. */
  recordProgress(clientMsgId: string, bytes: number, now?: number): void;
  setTransferState(clientMsgId: string, state: TransferState, error?: string | null): void;
  removeTransfer(clientMsgId: string): void;
  resetTransfers(): void;
}

export const createTransfersSlice: StateCreator<AppState, [], [], TransfersSlice> = (set, get) => ({
  transfers: {},
  downloads: {},

  setDownload: (progress) => {
    const current = get().downloads[progress.fileId];
    // Late events of an earlier download of the same file do not replace the newer one.
    if (current && current.transferId !== progress.transferId && progress.state !== 'queued' && progress.state !== 'running') {
      if (current.state === 'queued' || current.state === 'running') return;
    }
    set({ downloads: { ...get().downloads, [progress.fileId]: progress } });
  },

  removeDownload: (fileId) => {
    const { [fileId]: _gone, ...rest } = get().downloads;
    if (_gone) set({ downloads: rest });
  },

  addTransfer: (t) =>
    set({
      transfers: {
        ...get().transfers,
        [t.clientMsgId]: {
          clientMsgId: t.clientMsgId,
          conv: t.conv,
          fileId: null,
          uploadUrl: null,
          name: t.name,
          type: t.type,
          thumbnail: t.thumbnail ?? null,
          ts: t.ts,
          state: 'queued',
          bytes: 0,
          total: t.total,
          bytesPerSecond: 0,
          secondsLeft: null,
          error: null,
          sampleAt: 0,
          sampleBytes: 0,
          ...(t.caption && { caption: t.caption }),
        },
      },
    }),

  updateTransfer: (id, patch) => {
    const current = get().transfers[id];
    if (current) set({ transfers: { ...get().transfers, [id]: { ...current, ...patch } } });
  },

  recordProgress: (id, bytes, now = Date.now()) => {
    const t = get().transfers[id];
    if (!t) return;
    const next: Transfer = { ...t, bytes: Math.min(bytes, t.total) };
    if (t.sampleAt === 0 || bytes < t.sampleBytes) {
      // First sample, or the offset went back (resumed from what the host holds).
      next.sampleAt = now;
      next.sampleBytes = bytes;
    } else if (now - t.sampleAt >= SPEED_SAMPLE_MS) {
      const rate = ((bytes - t.sampleBytes) * 1000) / (now - t.sampleAt);
      next.bytesPerSecond = t.bytesPerSecond > 0 ? t.bytesPerSecond * (1 - SPEED_SMOOTHING) + rate * SPEED_SMOOTHING : rate;
      next.sampleAt = now;
      next.sampleBytes = bytes;
    }
    next.secondsLeft = next.bytesPerSecond > 0 ? (next.total - next.bytes) / next.bytesPerSecond : null;
    set({ transfers: { ...get().transfers, [id]: next } });
  },

  setTransferState: (id, state, error = null) => {
    const t = get().transfers[id];
    if (!t) return;
    // Speed samples restart after a pause or failure: the gap is not a slow link.
    const resetSpeed = state !== 'uploading';
    set({
      transfers: {
        ...get().transfers,
        [id]: { ...t, state, error, ...(resetSpeed && { bytesPerSecond: 0, secondsLeft: null, sampleAt: 0, sampleBytes: 0 }) },
      },
    });
  },

  removeTransfer: (id) => {
    const { [id]: _gone, ...rest } = get().transfers;
    if (_gone) set({ transfers: rest });
  },

  resetTransfers: () => set({ transfers: {}, downloads: {} }),
});
