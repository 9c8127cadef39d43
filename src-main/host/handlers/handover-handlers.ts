// handover.* requests (PROTOCOL.md, "Hand-over"): the successor's side of the
// conversation with the old host. The work is in handover/handover-coordinator.ts.
import type { ReplyData } from '../../../src-shared/protocol/frames.js';
import type { HandOverCoordinator } from '../handover/handover-coordinator.js';
import { replyError } from '../request-error.js';
import type { Handlers, HostParts } from './request-context.js';

export function handoverHandlers(parts: HostParts, coordinator: HandOverCoordinator): Handlers<'handover.start' | 'handover.ready' | 'handover.abort' | 'handover.decline'> {
  return {
    'handover.start': (conn, frame) => {
      coordinator.start(conn, frame).then(
        (data) => conn.reply(frame.id, data satisfies ReplyData<'handover.start'>),
        (error: unknown) => replyError(conn, frame.id, error, parts.log),
      );
    },
    'handover.ready': (conn, frame) => {
      coordinator.ready(conn, frame, remoteAddress(conn.remote), () => conn.reply(frame.id, {} satisfies ReplyData<'handover.ready'>));
    },
    'handover.abort': (conn, frame) => {
      coordinator.abort(conn, frame);
      conn.reply(frame.id, {} satisfies ReplyData<'handover.abort'>);
    },
    'handover.decline': (conn, frame) => {
      coordinator.decline(conn, frame);
      conn.reply(frame.id, {} satisfies ReplyData<'handover.decline'>);
    },
  };
}

/** "192.168.1.7:52311" → "192.168.1.7"; "::ffff:10.0.0.2:4000" → "::ffff:10.0.0.2"; null when unknown. */
function remoteAddress(remote: string): string | null {
  const at = remote.lastIndexOf(':');
  const address = at > 0 ? remote.slice(0, at) : '';
  return address && address !== '?' ? address : null;
}
