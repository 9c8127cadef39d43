// The one error type the transfer clients throw: a stable code for the UI and
// a sentence a person can act on.

export type TransferErrorCode =
  | 'disk_full'
  | 'checksum_mismatch'
  | 'file_not_found'
  | 'host_unreachable'
  | 'forbidden'
  | 'unauthorized'
  | 'too_many_transfers'
  | 'aborted'
  | 'http_error'
  | 'not_uploaded_yet'
  | 'file_changed'
  | 'io_error'
  /** An https host (or offer server) this device has no pin for: join the session first (pinned-http.ts). */
  | 'not_trusted'
  /** The peer presented another identity than the one pinned: refused before anything was sent. */
  | 'identity_mismatch'
  /** A resumed upload's source file was moved or deleted since the upload started (resumed-transfers.ts). */
  | 'source_gone'
  /** A resumed upload's source file changed (size or mtime) since the upload started. */
  | 'source_changed'
  /** A resumed transfer's session now presents another identity than when it started. */
  | 'session_changed'
  /** The session is moving to another host (hand-over), or this file's bytes still are: wait and try again (http-errors.ts). */
  | 'still_moving'
  /** An end-to-end encrypted file did not decrypt (changed on the way, or not the file its message names): nothing was saved. */
  | 'decrypt_failed';

export class TransferError extends Error {
  constructor(
    readonly code: TransferErrorCode,
    message: string,
    /** True when trying again later can pick up where this left off. */
    readonly resumable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransferError';
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether `error` is a dropped or refused connection (worth retrying). */
export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || /socket hang up|aborted/i.test(error.message);
}

/** "1.5 GB" style sizes for messages. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Waits `ms`, or rejects early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(signal?: AbortSignal): TransferError {
  return new TransferError('aborted', 'The transfer was stopped.', true, { cause: signal?.reason });
}
