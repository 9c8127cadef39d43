// Signing in (PROTOCOL.md, "Sign-in"): a name and password (the first
// sign-in claims the name; the first account of a session is its admin), or
// a resume token; then the snapshot, the replay of what was missed, and the
// switch to live events — in one synchronous step, so that no event falls
// between the replay and the live stream, and none is sent twice.
import { REPLAY_MAX_EVENTS } from '../../src-shared/limits.js';
import { planReplay } from './replay-frames.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { RequestFrame, SignedIn } from '../../src-shared/protocol/frames.js';
import { userNameKey, validatePassword, validateUserName } from '../../src-shared/names.js';
import type { DeliveryPositions } from './delivery-positions.js';
import type { HostParts } from './handlers/request-context.js';
import type { HostConnection } from './host-connection.js';
import { hashPassword, newToken, tokenHash, verifyPassword } from './password-hashing.js';
import type { Presence } from './presence.js';
import { RequestError } from './request-error.js';
import type { UserState } from './session-state.js';

export class SignIn {
  constructor(
    private readonly parts: HostParts,
    private readonly presence: Presence,
    private readonly delivery: DeliveryPositions,
    private readonly passcode: string | undefined,
  ) {}

  async withPassword(conn: HostConnection, frame: RequestFrame<'signin'>): Promise<void> {
    const { state } = this.parts;
    conn.canHost = frame.canHost === true;
    const passcode = this.passcode;
    if (passcode !== undefined) {
      if (!frame.passcode) throw new RequestError('passcode_required', 'This session needs a passcode — ask whoever hosts it.', 'passcode');
      if (frame.passcode !== passcode) throw new RequestError('passcode_wrong', 'That passcode is wrong — check it with whoever hosts the session.', 'passcode');
    }
    const nameCheck = validateUserName(frame.name);
    if (!nameCheck.ok) throw new RequestError('name_invalid', nameCheck.message, 'name');
    const name = nameCheck.value;
    const key = userNameKey(name);
    const mode = frame.mode ?? 'auto';

    let user = state.userByKey(key);
    if (!user) {
      if (mode === 'login') throw new RequestError('unknown_name', `Nobody called “${name}” has signed in here yet. Check the spelling, or create the name.`, 'name');
      const passwordCheck = validatePassword(frame.password);
      if (!passwordCheck.ok) throw new RequestError('password_invalid', passwordCheck.message, 'password');
      const hash = await hashPassword(frame.password);
      user = state.userByKey(key); // someone may have claimed it while we hashed
      if (!user) {
        user = await this.createUser(name, key, hash);
        this.complete(conn, frame.id, user, frame.after, null);
        return;
      }
    }
    if (mode === 'register') {
      throw new RequestError('name_taken', `“${user.name}” is taken — pick another name, or sign in with its password.`, 'name');
    }
    if (!(await verifyPassword(frame.password, user.passwordHash))) {
      throw new RequestError('wrong_password', `Wrong password for “${user.name}”. If that name isn't yours, pick another — it is taken.`, 'password');
    }
    refuseRemoved(user);
    this.complete(conn, frame.id, user, frame.after, null);
  }

  async withToken(conn: HostConnection, frame: RequestFrame<'resume'>): Promise<void> {
    conn.canHost = frame.canHost === true;
    const userId = this.parts.db.users.idForToken(tokenHash(frame.token));
    const user = userId === undefined ? undefined : this.parts.state.user(userId);
    if (!user) throw new RequestError('token_invalid', 'That saved sign-in is no longer valid — sign in with your name and password.', 'token');
    refuseRemoved(user);
    this.complete(conn, frame.id, user, frame.after, frame.token);
  }

  /** Claims a name. The first account of a session is its admin. Joins #general. */
  private async createUser(name: string, key: string, passwordHash: string): Promise<UserState> {
    const { db, state, seq, batcher, messages, fanOut } = this.parts;
    const user = state.addUser(db.users.insert(name, key, passwordHash, state.userCount === 0, seq.last));
    const general = state.channel(GENERAL_CHANNEL_ID)!;
    const conv = { key: channelKey(GENERAL_CHANNEL_ID), kind: 'channel', channel: general } as const;
    const joined = await batcher.runAsync(() => {
      db.channels.addMember(GENERAL_CHANNEL_ID, user.id);
      return messages.notice(conv, user, 'join');
    });
    general.members.add(user.id);
    fanOut.message(joined, conv);
    return user;
  }

  /** Snapshot, replay, live — see the top of this file. `token` is kept when resuming; null issues a new one. */
  private complete(conn: HostConnection, re: string, user: UserState, after: number | undefined, token: string | null): void {
    if (conn.closed) return;
    const { db, state, seq } = this.parts;
    const resumeToken = token ?? newToken();
    if (token === null) db.users.insertToken(tokenHash(resumeToken), user.id);
    // Without `after`, replay from what this user's devices last received (so a
    // DM sent while they were away arrives now).
    const from = Math.min(after ?? user.deliveredSeq, seq.last);
    const replay = planReplay(db.replay.eventsAfter(user.id, from, REPLAY_MAX_EVENTS + 1));

    conn.signedIn({ id: user.id, name: user.name }, tokenHash(resumeToken));
    const cameOnline = user.connections.size === 0;
    user.connections.add(conn);
    const dms = db.channels.dmsOf(user.id).map((dm) => ({ conv: dm.conv, peer: dm.userA === user.id ? dm.userB : dm.userA, lastSeq: dm.lastSeq }));
    const signedIn: SignedIn = {
      user: { id: user.id, name: user.name, isAdmin: user.isAdmin },
      token: resumeToken,
      session: state.session,
      lastSeq: seq.last,
      resync: replay.resync,
      replayCount: replay.count,
      channels: state.channelList(user.id),
      users: state.userList(),
      dms,
      convStates: db.readState.convStates(user.id, [...state.joinedChannelKeys(user.id), ...dms]),
      threads: db.threads.unreadThreads(user.id),
    };
    conn.reply(re, signedIn);
    for (const events of replay.frames) conn.sendFrame({ type: 'events', events, replay: true });
    conn.lastSeq = seq.last;
    if (seq.last > user.deliveredSeq) user.deliveredSeq = seq.last;
    if (cameOnline) {
      this.delivery.cameOnline(user);
      this.presence.changed(user, true);
    }
  }
}

function refuseRemoved(user: UserState): void {
  if (user.removed) throw new RequestError('account_removed', `An admin removed “${user.name}” from this session. Ask an admin to let you back in.`);
}
