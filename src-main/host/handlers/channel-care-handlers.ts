// Channel care (PROTOCOL.md, "Profiles and channel care", 0.10.0): the
// channel's creator or an admin changes its topic, renames it, or archives it
// (read-only, still readable and searchable: conversation-access.ts refuses
// the writes). #general is everyone's: it is never renamed or archived, and
// only admins change its topic (it has no creator). Everyone signed in hears
// the change as a `channel` frame carrying their own `joined`.
import { GENERAL_CHANNEL_ID } from '../../../src-shared/protocol/conversations.js';
import type { ReplyData } from '../../../src-shared/protocol/frames.js';
import { CHANNEL_TOPIC_MAX_CHARS } from '../../../src-shared/limits.js';
import { validateChannelName } from '../../../src-shared/names.js';
import { cleanProfileText } from '../../../src-shared/profile-rules.js';
import { RequestError } from '../request-error.js';
import type { ChannelState, UserState } from '../session-state.js';
import { commitThenReply, type Handlers, type HostParts } from './request-context.js';

export function channelCareHandlers(parts: HostParts): Handlers<'channel.update' | 'channel.archive'> {
  const { db, state } = parts;

  /** The channel, if `user` may change it; RequestError otherwise. */
  const changeable = (user: UserState, channelId: number): ChannelState => {
    const channel = state.channel(channelId);
    if (!channel) throw new RequestError('channel_not_found', `There is no channel ${channelId}.`, 'channelId');
    if (channel.row.createdBy !== user.id && !user.isAdmin) {
      throw new RequestError('not_allowed', `Only the person who created #${channel.row.name} or an admin can change it.`, 'channelId');
    }
    return channel;
  };

  const publish = (channel: ChannelState) => {
    for (const person of state.allUsers()) {
      if (person.connections.size === 0) continue;
      const frame = { type: 'channel', channel: state.channelInfo(channel, person.id) };
      for (const conn of person.connections) conn.sendFrame(frame);
    }
  };

  return {
    'channel.update': (conn, frame) => {
      const user = state.signedIn(conn);
      const channel = changeable(user, frame.channelId);
      const change: { name?: string; topic?: string } = {};
      if (frame.topic !== undefined) {
        const topic = cleanProfileText(frame.topic);
        if ([...topic].length > CHANNEL_TOPIC_MAX_CHARS) throw new RequestError('invalid_field', `A topic can be at most ${CHANNEL_TOPIC_MAX_CHARS} characters — shorten it.`, 'topic');
        if (topic !== channel.row.topic) change.topic = topic;
      }
      if (frame.name !== undefined) {
        const check = validateChannelName(frame.name);
        if (!check.ok) throw new RequestError('channel_name_invalid', check.message, 'name');
        if (check.value !== channel.row.name) {
          if (channel.row.id === GENERAL_CHANNEL_ID) throw new RequestError('not_allowed', '#general keeps its name: everyone finds the whole session there.', 'name');
          if (state.hasChannelNamed(check.value)) throw new RequestError('channel_exists', `#${check.value} exists already — pick another name.`, 'name');
          change.name = check.value;
        }
      }
      const reply = () => ({ channel: state.channelInfo(channel, user.id) }) satisfies ReplyData<'channel.update'>;
      if (change.name === undefined && change.topic === undefined) {
        conn.reply(frame.id, reply());
        return;
      }
      commitThenReply(
        parts,
        conn,
        frame.id,
        () => {
          try {
            db.channels.update(channel.row.id, change);
          } catch (error) {
            // Two renames to one name in a batch: the second finds the first's row.
            if (String((error as Error)?.message ?? '').includes('UNIQUE')) throw new RequestError('channel_exists', `#${change.name} exists already — pick another name.`, 'name');
            throw error;
          }
        },
        {
          apply: () => {
            if (change.topic !== undefined) channel.row.topic = change.topic;
            if (change.name !== undefined) state.renamed(channel, change.name);
          },
          reply,
          publish: () => publish(channel),
        },
      );
    },

    'channel.archive': (conn, frame) => {
      const user = state.signedIn(conn);
      const channel = changeable(user, frame.channelId);
      if (channel.row.id === GENERAL_CHANNEL_ID) throw new RequestError('not_allowed', '#general cannot be archived: everyone in the session is reached there.', 'channelId');
      const reply = () => ({ channel: state.channelInfo(channel, user.id) }) satisfies ReplyData<'channel.archive'>;
      if (channel.row.archived === frame.archived) {
        conn.reply(frame.id, reply());
        return;
      }
      commitThenReply(parts, conn, frame.id, () => db.channels.setArchived(channel.row.id, frame.archived), {
        apply: () => {
          channel.row.archived = frame.archived;
        },
        reply,
        publish: () => publish(channel),
      });
    },
  };
}
