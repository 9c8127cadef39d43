// The terminal client's commands for profiles and channel care (PROTOCOL.md,
// "Profiles and channel care"): /topic, /rename, /archive, /unarchive and
// /members act on the current channel; /status and /name on one's profile.
// The host decides who may (the channel's creator or an admin) and its
// refusal is printed as it says it.
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { isSingleEmoji } from '../../src-shared/emoji.js';
import { printable } from './message-format.js';
import type { TerminalSession } from './terminal-session.js';

export const CHANNEL_CARE_HELP_LINES = [
  '  /topic TEXT        set the current channel\'s topic ("/topic" alone clears it; creator or admin)',
  '  /rename NAME       rename the current channel (creator or admin)',
  '  /archive           archive the current channel: read-only, still searchable (/unarchive undoes it)',
  '  /members           who is in the current channel, online first',
  '  /status [EMOJI] TEXT  set your status, e.g. /status 🍕 at lunch ("/status" alone clears it)',
  '  /name DISPLAY NAME    the name others see ("/name" alone goes back to your sign-in name)',
];

/** "Ann Lee (@ann)" when a display name is set, else "ann". */
export function personLabel(user: UserInfo): string {
  return user.displayName ? `${printable(user.displayName)} (@${printable(user.name)})` : printable(user.name);
}

function currentChannel(session: TerminalSession, command: string): number {
  const parsed = parseConversationKey(session.current);
  if (parsed?.kind !== 'channel') throw new Error(`/${command} works in a channel — /join one first.`);
  return parsed.channelId;
}

export async function setTopic(session: TerminalSession, text: string): Promise<true> {
  const { channel } = await session.client.request('channel.update', { channelId: currentChannel(session, 'topic'), topic: text });
  session.channels.set(channel.id, channel);
  session.print(channel.topic ? `* The topic of #${channel.name} is now: ${printable(channel.topic)}` : `* #${channel.name} has no topic now.`);
  return true;
}

export async function rename(session: TerminalSession, name: string): Promise<true> {
  if (!name) throw new Error('What name? /rename NAME, e.g. /rename lunch-plans');
  const channelId = currentChannel(session, 'rename');
  const before = session.channels.get(channelId)?.name;
  const { channel } = await session.client.request('channel.update', { channelId, name });
  session.channels.set(channel.id, channel);
  session.print(before === channel.name ? `* #${channel.name} keeps its name.` : `* #${before} is now #${channel.name}.`);
  return true;
}

export async function archive(session: TerminalSession, archived: boolean): Promise<true> {
  const { channel } = await session.client.request('channel.archive', { channelId: currentChannel(session, archived ? 'archive' : 'unarchive'), archived });
  session.channels.set(channel.id, channel);
  session.print(archived ? `* #${channel.name} is archived: read-only, still searchable. /unarchive brings it back.` : `* #${channel.name} is open again.`);
  return true;
}

export async function members(session: TerminalSession): Promise<true> {
  const channelId = currentChannel(session, 'members');
  const reply = await session.client.request('channel.members', { channelId });
  const people = reply.members ?? (await session.refreshUsers()).filter((u) => reply.userIds.includes(u.id));
  const shown = (u: UserInfo) => {
    const status = [u.statusEmoji, u.statusText].filter(Boolean).map((s) => printable(s!)).join(' ');
    return `  ${u.online ? '●' : '○'} ${personLabel(u)}${u.id === session.me ? ' (you)' : ''}${u.isAdmin ? ' (admin)' : ''}${status ? ` — ${status}` : ''}`;
  };
  session.print(`* #${session.channels.get(channelId)?.name ?? channelId}: ${people.length} member${people.length === 1 ? '' : 's'}, ${people.filter((u) => u.online).length} online`);
  for (const person of people) session.print(shown(person));
  return true;
}

export async function setStatus(session: TerminalSession, text: string): Promise<true> {
  const [first = '', ...rest] = text.split(/\s+/);
  const emoji = isSingleEmoji(first) ? first : '';
  const statusText = emoji ? rest.join(' ') : text;
  const { user } = await session.client.request('profile.update', { statusText, statusEmoji: emoji });
  const status = [user.statusEmoji, user.statusText].filter(Boolean).map((s) => printable(s!)).join(' ');
  session.print(status ? `* Your status: ${status}` : '* Your status is cleared.');
  return true;
}

export async function setDisplayName(session: TerminalSession, name: string): Promise<true> {
  const { user } = await session.client.request('profile.update', { displayName: name });
  session.print(user.displayName ? `* Others see you as ${personLabel(user)}.` : `* Others see you as ${printable(user.name)}.`);
  return true;
}
