// Who may use a conversation, decided once per request: a conversation key
// from the wire is parsed and checked here into a `Conversation`, a typed value
// that then travels with the request to the database write and the fan-out,
// so nothing downstream parses the key again.
import { parseConversationKey, type ConversationKey } from '../../src-shared/protocol/conversations.js';
import { mentionsName } from '../../src-shared/mentions.js';
import { RequestError } from './request-error.js';
import type { ChannelState, SessionState } from './session-state.js';

/** A conversation a particular person was allowed to use. */
export type Conversation =
  | { readonly key: ConversationKey; readonly kind: 'channel'; readonly channel: ChannelState }
  | { readonly key: ConversationKey; readonly kind: 'dm'; readonly userIds: readonly [number, number] };

/** Who receives a conversation's events now: its channel's members, or the DM's two people. */
export function membersOf(conv: Conversation): Iterable<number> {
  return conv.kind === 'channel' ? conv.channel.members : conv.userIds;
}

/** `conv` unless it is an archived channel (then channel_archived, field `conv`). */
export function assertWritable(conv: Conversation): Conversation {
  if (conv.kind === 'channel' && conv.channel.row.archived) {
    throw new RequestError('channel_archived', `#${conv.channel.row.name} is archived: it is read-only. Ask its creator or an admin to unarchive it, or write elsewhere.`, 'conv');
  }
  return conv;
}

export class ConversationAccess {
  constructor(private readonly state: SessionState) {}

  /**
   * `key` as a Conversation `userId` may use (a member of the channel, or one
   * of the DM's two people, the other of whom exists); a RequestError
   * (field `conv`) otherwise.
   */
  require(userId: number, key: ConversationKey): Conversation {
    const parsed = parseConversationKey(key);
    if (!parsed) throw new RequestError('conversation_invalid', `“${key}” is not a conversation. DM keys list the lower user id first: dm:3:7.`, 'conv');
    if (parsed.kind === 'channel') {
      const channel = this.state.channel(parsed.channelId);
      if (!channel) throw new RequestError('conversation_invalid', `There is no channel ${parsed.channelId}.`, 'conv');
      if (!channel.members.has(userId)) throw new RequestError('not_a_member', `Join #${channel.row.name} first.`, 'conv');
      return { key, kind: 'channel', channel };
    }
    const [a, b] = parsed.userIds;
    if (a !== userId && b !== userId) throw new RequestError('conversation_invalid', 'You can only use direct messages you are part of.', 'conv');
    const peer = a === userId ? b : a;
    if (!this.state.user(peer)) throw new RequestError('user_not_found', `There is nobody with id ${peer} in this session.`, 'conv');
    return { key, kind: 'dm', userIds: [a, b] };
  }

  /**
   * `require`, for a write (send, file, edit, react): an archived channel is
   * read-only (PROTOCOL.md, "Archiving"); channel_archived otherwise.
   */
  requireWritable(userId: number, key: ConversationKey): Conversation {
    return assertWritable(this.require(userId, key));
  }

  /** The same check for a key read from the database: null when `userId` may not read it (now). */
  readable(userId: number, key: ConversationKey): Conversation | null {
    try {
      return this.require(userId, key);
    } catch {
      return null;
    }
  }

  /**
   * Who `text` notifies (PROTOCOL.md, "Mentions"): in a channel each member
   * named, and for @here every member online now; in a DM the other person
   * when named. Never the sender.
   */
  mentionsIn(conv: Conversation, senderId: number, text: string): number[] {
    if (!text.includes('@')) return [];
    const here = conv.kind === 'channel' && mentionsName(text, 'here');
    const mentioned: number[] = [];
    for (const userId of membersOf(conv)) {
      const user = this.state.user(userId);
      if (!user || userId === senderId) continue;
      if ((here && user.connections.size > 0) || mentionsName(text, user.name)) mentioned.push(userId);
    }
    return mentioned.sort((a, b) => a - b);
  }
}
