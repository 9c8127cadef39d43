// Channels as the session's directory of them: creating one, joining,
// leaving, the list of all channels (to browse), and who is in one (for
// mention suggestions). Each answer updates the store; joining or creating
// opens the channel, leaving the open one goes back to #general.
import { ChatError } from '../../src-shared/chat-client.js';
import { validateChannelName } from '../../src-shared/names.js';
import { channelKey } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo } from '../../src-shared/protocol/frames.js';
import { GENERAL_CONV } from '../store/conversations-slice.js';
import type { SessionContext } from './session-context.js';

export class Channels {
  constructor(private readonly context: SessionContext) {}

  private get state() {
    return this.context.store.getState();
  }

  /** Rejects with `channel_name_invalid` before asking the host when the name cannot be one. */
  async create(name: string, topic: string): Promise<ChannelInfo> {
    const check = validateChannelName(name);
    if (!check.ok) throw new ChatError('channel_name_invalid', check.message, 'name');
    const trimmedTopic = topic.trim();
    const { channel } = await this.context.requireClient().request('channel.create', { name: check.value, ...(trimmedTopic && { topic: trimmedTopic }) });
    this.state.upsertChannel(channel);
    this.context.openConversation(channelKey(channel.id));
    return channel;
  }

  async join(channel: number | string): Promise<ChannelInfo> {
    const { channel: info } = await this.context.requireClient().request('channel.join', { channel });
    this.state.upsertChannel(info);
    this.context.openConversation(channelKey(info.id));
    return info;
  }

  async leave(channelId: number): Promise<void> {
    await this.context.requireClient().request('channel.leave', { channelId });
    const channel = this.state.channels[channelId];
    if (channel?.joined) this.state.upsertChannel({ ...channel, joined: false, memberCount: Math.max(0, channel.memberCount - 1) });
    if (this.state.active === channelKey(channelId)) this.context.openConversation(GENERAL_CONV);
  }

  async list(): Promise<ChannelInfo[]> {
    const { channels } = await this.context.requireClient().request('channel.list', {});
    this.state.setChannels(channels);
    return channels;
  }

  /** Who is in a channel, for mention suggestions (then kept up to date from join/leave notices). */
  async loadMembers(channelId: number): Promise<void> {
    try {
      const { userIds } = await this.context.requireClient().request('channel.members', { channelId });
      this.state.setChannelMembers(channelId, userIds);
    } catch {
      // Suggestions fall back to the people seen in the channel.
    }
  }
}
