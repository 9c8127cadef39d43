// Channels and the people list: create, join, leave, members, list, users.list.
import { channelKey, GENERAL_CHANNEL_ID } from '../../../src-shared/protocol/conversations.js';
import type { ReplyData } from '../../../src-shared/protocol/frames.js';
import { validateChannelName } from '../../../src-shared/names.js';
import type { Conversation } from '../conversation-access.js';
import type { ChannelRow } from '../database/channel-store.js';
import type { ChannelState } from '../session-state.js';
import { RequestError } from '../request-error.js';
import { commitThenReply, type Handlers, type HostParts } from './request-context.js';

export function channelHandlers(parts: HostParts): Handlers<'channel.create' | 'channel.join' | 'channel.leave' | 'channel.members' | 'channel.list' | 'users.list'> {
  const { db, state, access, seq, fanOut, messages } = parts;
  const exists = (name: string) => new RequestError('channel_exists', `#${name} exists already — join it, or pick another name.`, 'name');

  return {
    'channel.create': (conn, frame) => {
      const check = validateChannelName(frame.name);
      if (!check.ok) throw new RequestError('channel_name_invalid', check.message, 'name');
      const name = check.value;
      if (state.hasChannelNamed(name)) throw exists(name);
      const topic = (frame.topic ?? '').trim();
      const creator = state.signedIn(conn);
      let channel: ChannelState;
      commitThenReply(
        parts,
        conn,
        frame.id,
        () => {
          let row: ChannelRow;
          try {
            row = db.channels.insert(name, topic, creator.id, seq.next());
          } catch (error) {
            // Two creations of one name in a batch: the second finds the first's row.
            if (String((error as Error)?.message ?? '').includes('UNIQUE')) throw exists(name);
            throw error;
          }
          db.channels.addMember(row.id, creator.id);
          return { row, joined: messages.notice(channelConversation({ row, members: new Set([creator.id]) }), creator, 'join') };
        },
        {
          apply: ({ row }) => {
            channel = state.addChannel(row, [creator.id]);
          },
          reply: () => ({ channel: state.channelInfo(channel, creator.id) }) satisfies ReplyData<'channel.create'>,
          publish: ({ row, joined }) => {
            const { joined: _joined, ...info } = state.channelInfo(channel, creator.id);
            fanOut.event({ seq: row.createdSeq, type: 'channel.created', channel: info }, state.signedInUserIds());
            fanOut.message(joined, channelConversation(channel));
          },
        },
      );
    },

    'channel.join': (conn, frame) => {
      const channel = state.findChannel(frame.channel);
      const user = state.signedIn(conn);
      const reply = () => ({ channel: state.channelInfo(channel, user.id) }) satisfies ReplyData<'channel.join'>;
      if (channel.members.has(user.id)) {
        conn.reply(frame.id, reply());
        return;
      }
      const conv = channelConversation(channel);
      commitThenReply(
        parts,
        conn,
        frame.id,
        () => {
          db.channels.addMember(channel.row.id, user.id);
          return messages.notice(conv, user, 'join');
        },
        {
          apply: () => channel.members.add(user.id),
          reply,
          publish: (joined) => fanOut.message(joined, conv),
        },
      );
    },

    'channel.leave': (conn, frame) => {
      const channel = state.channel(frame.channelId);
      if (!channel) throw new RequestError('channel_not_found', `There is no channel ${frame.channelId}. Ask for channel.list to see them.`, 'channelId');
      if (channel.row.id === GENERAL_CHANNEL_ID) throw new RequestError('cannot_leave_general', 'Everyone stays in #general so the whole session can be reached.', 'channelId');
      const user = state.signedIn(conn);
      if (!channel.members.has(user.id)) throw new RequestError('not_a_member', `You are not in #${channel.row.name}.`, 'channelId');
      const conv = access.require(user.id, channelKey(channel.row.id));
      commitThenReply(
        parts,
        conn,
        frame.id,
        () => {
          const left = messages.notice(conv, user, 'leave');
          db.channels.removeMember(channel.row.id, user.id);
          return left;
        },
        {
          reply: () => ({ channelId: channel.row.id }) satisfies ReplyData<'channel.leave'>,
          publish: (left) => {
            fanOut.message(left, conv); // the leaver's devices see it too
            channel.members.delete(user.id);
          },
        },
      );
    },

    'channel.members': (conn, frame) => {
      const conv = access.require(conn.user.id, channelKey(frame.channelId));
      const userIds = (conv.kind === 'channel' ? [...conv.channel.members] : []).sort((a, b) => a - b);
      // With profile and presence (0.10.0): online first, then by the name people see.
      const members = userIds
        .map((userId) => state.user(userId))
        .filter((user) => user !== undefined)
        .map((user) => state.userInfo(user))
        .sort((a, b) => Number(b.online) - Number(a.online) || (a.displayName || a.name).localeCompare(b.displayName || b.name));
      conn.reply(frame.id, { channelId: frame.channelId, userIds, members } satisfies ReplyData<'channel.members'>);
    },

    'channel.list': (conn, frame) => {
      conn.reply(frame.id, { channels: state.channelList(conn.user.id) } satisfies ReplyData<'channel.list'>);
    },

    'users.list': (conn, frame) => {
      conn.reply(frame.id, { users: state.userList() } satisfies ReplyData<'users.list'>);
    },
  };
}

/** A channel as a Conversation, for one the caller knows the person is (or is becoming) a member of. */
function channelConversation(channel: ChannelState): Conversation {
  return { key: channelKey(channel.row.id), kind: 'channel', channel };
}
