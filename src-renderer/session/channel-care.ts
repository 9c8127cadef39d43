// Channel care (PROTOCOL.md, "Profiles and channel care"): topic, rename and
// archive by the channel's creator or an admin, and the member list with
// profiles and presence. Each answer updates the store; everyone else hears a
// `channel` frame (ChatSession applies it).
import { ChatError } from '../../src-shared/chat-client.js';
import { validateChannelName } from '../../src-shared/names.js';
import { GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo, UserInfo } from '../../src-shared/protocol/frames.js';
import type { SessionContext } from './session-context.js';

export class ChannelCare {
  constructor(private readonly context: SessionContext) {}

  /** Whether this person sees the controls: the channel's creator or an admin (the host decides again). */
  mayChange(channel: ChannelInfo): boolean {
    const me = this.context.store.getState().me;
    return !!me && (me.isAdmin || channel.createdBy === me.id);
  }

  mayRenameOrArchive(channel: ChannelInfo): boolean {
    return this.mayChange(channel) && channel.id !== GENERAL_CHANNEL_ID;
  }

  async update(channelId: number, change: { topic?: string; name?: string }): Promise<ChannelInfo> {
    if (change.name !== undefined) {
      const check = validateChannelName(change.name);
      if (!check.ok) throw new ChatError('channel_name_invalid', check.message, 'name');
    }
    const { channel } = await this.context.requireClient().request('channel.update', { channelId, ...change });
    this.context.store.getState().upsertChannel(channel);
    return channel;
  }

  async archive(channelId: number, archived: boolean): Promise<ChannelInfo> {
    const { channel } = await this.context.requireClient().request('channel.archive', { channelId, archived });
    this.context.store.getState().upsertChannel(channel);
    return channel;
  }

  /** The members with profile and presence, online first (older hosts: from the people known). */
  async members(channelId: number): Promise<UserInfo[]> {
    const reply = await this.context.requireClient().request('channel.members', { channelId });
    const state = this.context.store.getState();
    state.setChannelMembers(channelId, reply.userIds);
    for (const member of reply.members ?? []) if (state.users[member.id]) state.applyUser(member);
    return reply.members ?? reply.userIds.flatMap((id) => (state.users[id] ? [state.users[id]] : []));
  }
}
