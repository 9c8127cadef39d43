// Which events an older client cannot parse. A client validates a whole
// `events` frame at once and drops a frame it does not understand (see
// src-shared/host-frame-parser.ts), so an event kind added in 0.9.0 (threads:
// `thread.reply`, and `message.updated` with change kind "thread") must never
// share a frame with events an older client needs: it would lose them too.
// The live fan-out (host-connection.ts) and the replay (replay-frames.ts) cut
// frames wherever this answer changes.
import type { ChatEvent } from '../../src-shared/protocol/frames.js';

export function isThreadEvent(event: ChatEvent): boolean {
  return event.type === 'thread.reply' || (event.type === 'message.updated' && event.change.kind === 'thread');
}
