// The session as the host holds it in memory: people (with their live
// connections) and channels (with their members), loaded from the database
// at start and kept in step with it by the handlers after each commit; and
// the projections clients see of them (UserInfo, ChannelInfo).
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '../../src-shared/limits.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo, SessionInfo, UserInfo } from '../../src-shared/protocol/frames.js';
import { cleanChannelName } from '../../src-shared/names.js';
import type { ChannelRow } from './database/channel-store.js';
import type { SessionDatabase } from './database/session-database.js';
import type { UserRow } from './database/user-store.js';
import type { HostConnection } from './host-connection.js';
import { RequestError } from './request-error.js';

export interface ChannelState {
  row: ChannelRow;
  members: Set<number>;
}

export interface UserState extends UserRow {
  connections: Set<HostConnection>;
}

export class SessionState {
  readonly session: SessionInfo;
  private readonly users = new Map<number, UserState>();
  private readonly usersByKey = new Map<string, number>();
  private readonly channels = new Map<number, ChannelState>();
  private readonly channelsByName = new Map<string, number>();

  /** Loads people, channels and memberships; creates the session id and #general on first start. */
  constructor(db: SessionDatabase, options: { sessionName: string | undefined; passcodeRequired: boolean; identity: string | undefined }, nextSeq: () => number) {
    let sessionId = db.getMeta('session_id');
    if (!sessionId) {
      sessionId = randomUUID();
      db.setMeta('session_id', sessionId);
    }
    if (options.sessionName) db.setMeta('session_name', options.sessionName);
    const name = db.getMeta('session_name') ?? `${os.hostname()}’s session`;
    this.session = { id: sessionId, name, passcodeRequired: options.passcodeRequired, protocol: PROTOCOL_VERSION, ...(options.identity && { identity: options.identity }) };

    if (!db.channels.all().some((c) => c.id === GENERAL_CHANNEL_ID)) db.channels.ensureGeneral(nextSeq());
    for (const user of db.users.all()) this.addUser(user);
    for (const row of db.channels.all()) this.addChannel(row, []);
    for (const { channelId, userId } of db.channels.allMemberships()) this.channels.get(channelId)?.members.add(userId);
  }

  // ---- people

  addUser(row: UserRow): UserState {
    const user: UserState = { ...row, connections: new Set() };
    this.users.set(user.id, user);
    this.usersByKey.set(user.nameKey, user.id);
    return user;
  }

  user(id: number): UserState | undefined {
    return this.users.get(id);
  }

  /** The person behind a signed-in connection (who always exists). */
  signedIn(conn: { user: { id: number } }): UserState {
    return this.users.get(conn.user.id)!;
  }

  userByKey(nameKey: string): UserState | undefined {
    const id = this.usersByKey.get(nameKey);
    return id === undefined ? undefined : this.users.get(id);
  }

  get userCount(): number {
    return this.users.size;
  }

  allUsers(): IterableIterator<UserState> {
    return this.users.values();
  }

  /** Connections of `userIds` (unknown ids are skipped). */
  *devicesOf(userIds: Iterable<number>): Iterable<HostConnection> {
    for (const id of userIds) yield* this.users.get(id)?.connections ?? [];
  }

  // ---- channels

  addChannel(row: ChannelRow, members: Iterable<number>): ChannelState {
    const channel = { row, members: new Set(members) };
    this.channels.set(row.id, channel);
    this.channelsByName.set(row.name, row.id);
    return channel;
  }

  /** Keeps the by-name index in step after a rename was committed. */
  renamed(channel: ChannelState, newName: string): void {
    this.channelsByName.delete(channel.row.name);
    channel.row.name = newName;
    this.channelsByName.set(newName, channel.row.id);
  }

  channel(id: number): ChannelState | undefined {
    return this.channels.get(id);
  }

  hasChannelNamed(name: string): boolean {
    return this.channelsByName.has(name);
  }

  /** A channel by id or by name (`#` and case forgiven); channel_not_found otherwise. */
  findChannel(ref: number | string): ChannelState {
    if (typeof ref === 'number') {
      const channel = this.channels.get(ref);
      if (!channel) throw new RequestError('channel_not_found', `There is no channel ${ref}.`, 'channel');
      return channel;
    }
    const name = cleanChannelName(ref);
    const id = this.channelsByName.get(name);
    if (id === undefined) throw new RequestError('channel_not_found', `There is no #${name}. Create it, or pick one from the channel list.`, 'channel');
    return this.channels.get(id)!;
  }

  joinedChannels(userId: number): ChannelState[] {
    return [...this.channels.values()].filter((c) => c.members.has(userId));
  }

  // ---- projections

  userInfo(user: UserState): UserInfo {
    const online = [...user.connections].some((conn) => !conn.closed);
    return {
      id: user.id,
      name: user.name,
      online,
      isAdmin: user.isAdmin,
      ...(user.removed && { removed: true }),
      ...(user.displayName && { displayName: user.displayName }),
      ...(user.statusText && { statusText: user.statusText }),
      ...(user.statusEmoji && { statusEmoji: user.statusEmoji }),
      ...(user.avatar && { avatar: user.avatar }),
    };
  }

  userList(): UserInfo[] {
    return [...this.users.values()].map((u) => this.userInfo(u));
  }

  signedInUserIds(): number[] {
    return [...this.users.values()].filter((u) => u.connections.size > 0).map((u) => u.id);
  }

  onlineCount(): number {
    let count = 0;
    for (const user of this.users.values()) if (user.connections.size > 0) count++;
    return count;
  }

  channelInfo(channel: ChannelState, viewer: number): ChannelInfo {
    const { row, members } = channel;
    return { id: row.id, name: row.name, topic: row.topic, createdBy: row.createdBy, memberCount: members.size, joined: members.has(viewer), ...(row.archived && { archived: true }) };
  }

  channelList(viewer: number): ChannelInfo[] {
    return [...this.channels.values()].map((c) => this.channelInfo(c, viewer));
  }

  /** The conversation keys of `userId`'s channels (DMs come from the database). */
  joinedChannelKeys(userId: number): Array<{ conv: string }> {
    return this.joinedChannels(userId).map((c) => ({ conv: channelKey(c.row.id) }));
  }
}
