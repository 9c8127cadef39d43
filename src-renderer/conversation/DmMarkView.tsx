// How a DM message says whether it was end-to-end encrypted (issue 13):
//   - encrypted: a small lock after the text, named "End-to-end encrypted"
//     (the usual case, so it stays quiet, as in Signal);
//   - plain: "Not end-to-end encrypted" after the text, subtle (a DM from
//     before encryption, or from an app without it: the host could read it);
//   - failed: "Could not decrypt this message: why" in place of the text.
import type { DmMark } from '../store/dm-e2e-slice.js';

export function LockIcon({ size = 12 }: { size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path d="M7 11V8a5 5 0 0 1 10 0v3M5 11h14v10H5z" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinejoin="round" />
    </svg>
  );
}

/** What goes after the text of a DM (nothing outside DMs). */
export function DmMarkAfter({ mark }: { mark: DmMark | undefined }) {
  if (!mark) return null;
  if (mark.kind === 'encrypted') {
    return (
      <span className="dm-mark dm-mark--lock" role="img" aria-label="End-to-end encrypted" title="End-to-end encrypted: only your devices and theirs can read it">
        <LockIcon />
      </span>
    );
  }
  if (mark.kind === 'plain') {
    return (
      <span className="dm-mark dm-mark--plain" title="Sent before end-to-end encryption, or from an app without it: the host could read it">
        Not end-to-end encrypted
      </span>
    );
  }
  return null;
}

/** Shown in place of the text of a DM this device could not read. */
export function DmFailedLine({ reason }: { reason: string }) {
  return <div className="dm-failed">Could not decrypt this message: {reason}</div>;
}
