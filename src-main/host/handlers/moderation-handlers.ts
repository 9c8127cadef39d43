// Moderation and signing out: an admin removes a person or changes admin
// rights (never their own); anyone signs out a device.
import type { ReplyData } from '../../../src-shared/protocol/frames.js';
import { RequestError } from '../request-error.js';
import type { UserState } from '../session-state.js';
import { commitThenReply, type Handlers, type HostParts } from './request-context.js';

export function moderationHandlers(parts: HostParts): Handlers<'user.remove' | 'user.admin' | 'signout'> {
  const { db, state, fanOut } = parts;

  /** user.remove / user.admin: only an admin, never on oneself, on someone who exists. */
  const adminTarget = (actorId: number, targetId: number, selfAction: string): UserState => {
    if (!state.user(actorId)?.isAdmin) throw new RequestError('not_allowed', 'Only an admin can do that; ask one of the session’s admins.');
    if (targetId === actorId) throw new RequestError('not_allowed', `You cannot ${selfAction}; ask another admin.`, 'userId');
    const target = state.user(targetId);
    if (!target) throw new RequestError('user_not_found', `There is nobody with id ${targetId} in this session.`, 'userId');
    return target;
  };

  /** The target's info is the reply, and goes to everyone signed in as a `user` frame. */
  const publishUser = (target: UserState) => ({
    reply: () => ({ user: state.userInfo(target) }) satisfies ReplyData<'user.remove'>,
    publish: () => fanOut.toEveryone({ type: 'user', user: state.userInfo(target) }),
  });

  return {
    'user.remove': (conn, frame) => {
      const target = adminTarget(conn.user.id, frame.userId, 'remove yourself');
      commitThenReply(parts, conn, frame.id, () => db.users.setRemoved(target.id, frame.removed), {
        apply: () => {
          target.removed = frame.removed;
          if (!frame.removed) return;
          for (const other of target.connections) other.fail('account_removed', 'An admin removed you from this session. Ask an admin to let you back in.');
        },
        ...publishUser(target),
      });
    },

    'user.admin': (conn, frame) => {
      const target = adminTarget(conn.user.id, frame.userId, 'change your own admin rights');
      commitThenReply(parts, conn, frame.id, () => db.users.setAdmin(target.id, frame.admin), {
        apply: () => {
          target.isAdmin = frame.admin;
        },
        ...publishUser(target),
      });
    },

    signout: (conn, frame) => {
      const hash = conn.tokenHash;
      commitThenReply(
        parts,
        conn,
        frame.id,
        () => {
          if (hash !== null) db.users.deleteToken(hash);
        },
        {
          reply: () => ({}) satisfies ReplyData<'signout'>,
          publish: () => conn.fail('signed_out', 'You signed out on this device. Sign in again to continue.'),
        },
      );
    },
  };
}
