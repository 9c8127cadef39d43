// The events a signing-in client missed, cut into `events` frames. Capped by
// count (REPLAY_MAX_EVENTS) and, since encrypted DMs made events up to ~48 KiB
// each, by bytes too: all replay frames are written at once, so more than
// REPLAY_MAX_BYTES would sit in the socket's buffer and trip the too-slow
// guard (MAX_BUFFERED_BYTES_PER_CONNECTION) — the client would be cut off and
// replayed the same again, forever. Past either cap the client is told to
// `resync` (reload history pages) instead. Each frame holds at most
// REPLAY_FRAME_EVENTS events and about REPLAY_FRAME_MAX_BYTES.
import { REPLAY_FRAME_EVENTS, REPLAY_FRAME_MAX_BYTES, REPLAY_MAX_BYTES, REPLAY_MAX_EVENTS } from '../../src-shared/limits.js';
import type { ChatEvent } from '../../src-shared/protocol/frames.js';
import { isThreadEvent } from './event-groups.js';

export interface ReplayPlan {
  /** Too much was missed: replay nothing, the client reloads. */
  resync: boolean;
  frames: ChatEvent[][];
  count: number;
}

/** `missed` as fetched with a limit of REPLAY_MAX_EVENTS + 1. */
export function planReplay(missed: readonly ChatEvent[]): ReplayPlan {
  if (missed.length > REPLAY_MAX_EVENTS) return { resync: true, frames: [], count: 0 };
  const frames: ChatEvent[][] = [];
  let frame: ChatEvent[] = [];
  let frameBytes = 0;
  let total = 0;
  for (const event of missed) {
    const bytes = Buffer.byteLength(JSON.stringify(event), 'utf8');
    total += bytes;
    if (total > REPLAY_MAX_BYTES) return { resync: true, frames: [], count: 0 };
    // Thread events never share a frame with others (event-groups.ts).
    const otherGroup = frame.length > 0 && isThreadEvent(frame[0]!) !== isThreadEvent(event);
    if (frame.length > 0 && (otherGroup || frame.length >= REPLAY_FRAME_EVENTS || frameBytes + bytes > REPLAY_FRAME_MAX_BYTES)) {
      frames.push(frame);
      frame = [];
      frameBytes = 0;
    }
    frame.push(event);
    frameBytes += bytes;
  }
  if (frame.length > 0) frames.push(frame);
  return { resync: false, frames, count: missed.length };
}
