// The hand-over benchmark's target (issue 11): after a take-over, chat
// resumes through the successor within 3 s of the "hand over" call.
import type { Target } from '../common/targets.js';

export const FIRST_MESSAGE_TARGET_MS = 3000;

/** PASS when the first message after a take-over reached another person within FIRST_MESSAGE_TARGET_MS; not judged when there is no figure. */
export function firstMessageTarget(firstMessageMs: number): Target {
  return {
    name: `take-over: first message through the successor < ${FIRST_MESSAGE_TARGET_MS / 1000} s after the call`,
    pass: Number.isFinite(firstMessageMs) ? firstMessageMs < FIRST_MESSAGE_TARGET_MS : null,
    detail: Number.isFinite(firstMessageMs) ? `${(firstMessageMs / 1000).toFixed(2)} s` : 'not measured',
  };
}
