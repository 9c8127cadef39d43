// When an upload to the host (PROTOCOL.md, "Upload: file.begin → PUT … →
// file.complete") goes wrong, what to do next: try again or give up, how long
// to wait, and where to continue from. The desktop app's relay upload
// (src-main/transfer/relay-upload.ts, one streamed PUT for the rest of the
// file) and the browser's uploader (src-renderer/files/file-uploader.ts, PUTs
// of 4 MiB slices) both follow this one policy; each only maps its own errors
// to an UploadFailure and does the waiting and the HTTP.
//
// The decision (the two used to differ; this is what both do now):
//
// - Retry what can pass by itself: no answer at all (status 0: refused, cut,
//   timed out — a host restarting, Wi-Fi roaming), 408, 409, 429 and 5xx.
//   Not 507 (the host's disk is full: a person has to act), nor 401/403/404/
//   413 (sign-in, membership, a gone upload or a changed file: trying again
//   cannot help). Those give up at once, with the host's words.
// - Where to continue: a 409 carries Upload-Offset, the bytes the host holds
//   — continue from there. After anything else, ask the host (HEAD) first:
//   a cut connection may have delivered more or fewer bytes than were sent.
// - How often: at most `maxRetries` failures in a row. The count starts over
//   whenever the host holds more bytes than before, so a long upload over a
//   link that keeps dropping but keeps moving data is not given up; one that
//   makes no progress stops after `maxRetries` tries.
// - How long to wait: 500 ms, doubling, at most 5 s (0.5, 1, 2, 4, 5 s: about
//   12 s in all, long enough for a host restart or a roam between access
//   points, short enough that a person is told soon when it is really down).
//   The wait also applies to a 409, which the host answers both for a wrong
//   offset and for "another request is sending this upload right now".
// - A failed HEAD is a failure like any other (counted, waited for, retried).
//
// Giving up keeps the upload resumable: the host holds the bytes for 24 h, and
// the same clientMsgId (file.begin) or Resume/Retry continues from its offset.

export interface UploadResumePolicy {
  /** Failed attempts in a row, without the host's offset moving forward, that are retried; the next one gives up. */
  maxRetries: number;
  /** The wait before the first retry; it doubles for each failure in a row. */
  baseDelayMs: number;
  /** The longest wait between two tries. */
  maxDelayMs: number;
}

export const UPLOAD_RESUME_POLICY: Readonly<UploadResumePolicy> = Object.freeze({ maxRetries: 5, baseDelayMs: 500, maxDelayMs: 5000 });

/** How one PUT or HEAD of an upload failed. */
export interface UploadFailure {
  /** The HTTP status, or 0 when there was no answer (connection refused, cut or timed out). */
  status: number;
  /** The Upload-Offset the answer carried, if any. */
  offset: number | null;
}

export type UploadResumeStep =
  /** Wait, then PUT again from `offset` (the bytes the host said it holds). */
  | { action: 'continue'; offset: number; delayMs: number }
  /** Wait, then ask the host for its offset (HEAD) and PUT from there. */
  | { action: 'ask-offset'; delayMs: number }
  /** Stop: `refused` — the host's answer will not change by trying again; `kept-failing` — too many failures in a row. */
  | { action: 'give-up'; reason: 'refused' | 'kept-failing' };

/** Whether an answer with this status (0 = none) may succeed when tried again. */
export function isRetryableUploadStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 409 || status === 429 || (status >= 500 && status <= 599 && status !== 507);
}

/** The wait before retry number `retry` (1 for the first). */
export function uploadRetryDelay(retry: number, policy: UploadResumePolicy = UPLOAD_RESUME_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
}

/** What to do after `failure`, the `failuresInARow`-th failure (1 for the first) since the host's offset last moved. */
export function nextUploadStep(failure: UploadFailure, failuresInARow: number, policy: UploadResumePolicy = UPLOAD_RESUME_POLICY): UploadResumeStep {
  if (!isRetryableUploadStatus(failure.status)) return { action: 'give-up', reason: 'refused' };
  if (failuresInARow > policy.maxRetries) return { action: 'give-up', reason: 'kept-failing' };
  const delayMs = uploadRetryDelay(failuresInARow, policy);
  if (failure.status === 409 && failure.offset !== null) return { action: 'continue', offset: failure.offset, delayMs };
  return { action: 'ask-offset', delayMs };
}

/**
 * The policy for one run of an upload: counts failures in a row and starts
 * over when the host's offset moves forward. Pure state, no timers: the
 * caller waits `delayMs` and does the HTTP.
 */
export class UploadResumeTracker {
  private failuresInARow = 0;
  private held: number;

  /** `heldByHost`: the bytes the host holds when the run starts (file.begin's or HEAD's offset). */
  constructor(
    heldByHost: number,
    private readonly policy: UploadResumePolicy = UPLOAD_RESUME_POLICY,
  ) {
    this.held = heldByHost;
  }

  /** Failures since the host's offset last moved forward. */
  get failures(): number {
    return this.failuresInARow;
  }

  /** The host holds `offset` bytes now (a PUT's answer, a HEAD, a 409). */
  heldByHost(offset: number): void {
    if (offset > this.held) {
      this.held = offset;
      this.failuresInARow = 0;
    }
  }

  /** A PUT or HEAD failed: the next step. */
  failed(failure: UploadFailure): UploadResumeStep {
    this.failuresInARow++;
    return nextUploadStep(failure, this.failuresInARow, this.policy);
  }
}
