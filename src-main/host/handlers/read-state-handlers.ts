// Read state: read positions and mute, kept per person and synced to their devices.
import type { ReplyData } from '../../../src-shared/protocol/frames.js';
import { commitThenReply, type Handlers, type HostParts } from './request-context.js';

export function readStateHandlers(parts: HostParts): Handlers<'read' | 'mute'> {
  const { db, access, seq, fanOut } = parts;
  return {
    read: (conn, frame) => {
      const conv = access.require(conn.user.id, frame.conv);
      const userId = conn.user.id;
      commitThenReply(
        parts,
        conn,
        frame.id,
        () => {
          const before = db.readState.readSeq(userId, conv.key);
          return { before, now: db.readState.markRead(userId, conv.key, Math.min(frame.seq, seq.last)) };
        },
        {
          reply: ({ now }) => ({ conv: conv.key, seq: now }) satisfies ReplyData<'read'>,
          publish: ({ before, now }) => {
            if (now <= before) return;
            // The reader's other devices, and in a DM the other person ("Seen"); nobody else.
            fanOut.toDevices(conv.kind === 'dm' ? conv.userIds : [userId], { type: 'read', conv: conv.key, user: userId, seq: now }, conn);
          },
        },
      );
    },

    mute: (conn, frame) => {
      const conv = access.require(conn.user.id, frame.conv);
      const userId = conn.user.id;
      commitThenReply(parts, conn, frame.id, () => db.readState.setMuted(userId, conv.key, frame.muted), {
        reply: () => ({ conv: conv.key, muted: frame.muted }) satisfies ReplyData<'mute'>,
        publish: () => fanOut.toDevices([userId], { type: 'mute', conv: conv.key, muted: frame.muted }, conn),
      });
    },
  };
}
