// What the host sends, printed for the terminal and kept in the session state:
// the sign-in welcome, conversation events (messages, joins and leaves,
// channels created, and changes to messages — edits, deletions, reactions —
// each as its own line when it happens), people coming online and going
// offline, the connection dropping and coming back, the session moving to
// another host (follow-move.ts), the host's notices, and
// signing in again when the saved token stops working. Text from others is
// printed through message-format.ts, which neutralises terminal control
// sequences.
import type { ConnectionState } from '../../src-shared/chat-client.js';
import { GENERAL_CHANNEL_ID, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import { socketUrlLabel } from '../../src-shared/session-rediscovery.js';
import type { ChannelInfo, ChatEvent, Message, SignedIn, UserInfo } from '../../src-shared/protocol/frames.js';
import { rosterNoticeLines, shownMessage } from './dm-display.js';
import { arrivedAfterMove, followMoves } from './follow-move.js';
import { clock, formatMessage, formatUpdate, printable } from './message-format.js';
import { GENERAL, messageOf, type TerminalSession } from './terminal-session.js';

/** Prints what the client receives from now on, keeping `session` up to date. */
export function printIncoming(session: TerminalSession): void {
  const { client } = session;
  client.on('signedIn', (result) => onSignedIn(session, result));
  // Every conversation line goes through session.later(): a DM is decrypted first, and lines keep their order.
  client.on('event', (event) => session.later(() => onEvent(session, event)));
  session.dm.on('notice', (notice) => session.later(() => rosterNoticeLines(session, notice).forEach((line) => session.print(line))));
  session.dm.on('problem', (problem) => session.later(() => session.print(`! ${printable(problem)}`)));
  client.on('presence', (user, online) => onPresence(session, user, online));
  client.on('user', (user) => session.rememberUser(user));
  client.on('channel', (channel) => onChannelChanged(session, channel));
  client.on('state', (state) => onState(session, state));
  client.on('notice', (frame) => session.print(`! ${printable(frame.message)}`));
  client.on('authRequired', () => void signInAgain(session));
  followMoves(session);
}

/** A channel was renamed, re-topiced or (un)archived (0.10.0): said when it is one we are in. */
function onChannelChanged(session: TerminalSession, channel: ChannelInfo): void {
  const before = session.channels.get(channel.id);
  session.channels.set(channel.id, channel);
  if (!channel.joined || !before) return;
  if (before.name !== channel.name) session.print(`* #${before.name} was renamed to #${channel.name}.`);
  if (before.topic !== channel.topic) session.print(channel.topic ? `* The topic of #${channel.name} is now: ${printable(channel.topic)}` : `* #${channel.name} has no topic now.`);
  if ((before.archived === true) !== (channel.archived === true)) {
    session.print(channel.archived ? `* #${channel.name} was archived: read-only, still searchable.` : `* #${channel.name} is open again.`);
  }
  if (session.current === `ch:${channel.id}`) session.options.onPromptChange?.(session.prompt);
}

async function signInAgain(session: TerminalSession): Promise<void> {
  // The saved token stopped working (e.g. the session was reset): we still
  // have the password, so sign in again; the client asks for what we missed.
  try {
    await session.client.signIn(session.credentialsFrame());
  } catch (error) {
    session.fail(1, `! Could not sign in again: ${messageOf(error)}`);
  }
}

function onSignedIn(session: TerminalSession, result: SignedIn): void {
  const first = session.signedIn === null;
  session.signedIn = result.user;
  for (const user of result.users) session.rememberUser(user);
  session.channels.clear();
  for (const channel of result.channels) session.channels.set(channel.id, channel);
  const here = parseConversationKey(session.current);
  // Left elsewhere while we were away: back to #general.
  if (here?.kind === 'channel' && !session.channels.get(here.channelId)?.joined) session.switchTo(GENERAL);
  if (first) {
    const online = result.users.filter((u) => u.online || u.id === result.user.id).map((u) => u.name);
    session.print(`* Signed in as ${result.user.name}${result.user.isAdmin ? ' (admin)' : ''} to “${printable(result.session.name)}”.`);
    session.print(`* Online: ${online.join(', ')}. You are in #${session.channelName(GENERAL_CHANNEL_ID)}; /help lists the commands.`);
    session.options.onPromptChange?.(session.prompt);
  }
  if (result.resync) session.print('* You missed too much to replay here; /history shows the latest messages.');
}

// ChatClient emits 'signedIn' before the events replayed after it, so names are known here.
async function onEvent(session: TerminalSession, event: ChatEvent): Promise<void> {
  if (event.type === 'channel.created') {
    const mine = event.channel.createdBy === session.me;
    session.channels.set(event.channel.id, { ...event.channel, joined: mine || session.channels.get(event.channel.id)?.joined });
    const by = event.channel.createdBy === null ? '' : ` by ${printable(session.userName(event.channel.createdBy))}`;
    if (!mine) session.print(`[${clock(Date.now())}] * #${event.channel.name} was created${by} — /join ${event.channel.name} to talk there`);
    return;
  }
  session.userNames.set(event.message.from, event.message.fromName);
  if (event.type === 'message.updated') {
    session.userNames.set(event.change.by.id, event.change.by.name);
    // A thread's new reply printed its own line ("↳ in thread #N"); the root's new count adds nothing.
    if (event.change.kind === 'thread') return;
    // An edit brings a new envelope; a reaction carries the one already seen (not a replay).
    const message = await shownMessage(session, event.message, event.change.kind === 'edit');
    session.print(formatUpdate({ ...event, message }, session));
    return;
  }
  if (event.message.from === session.me) trackOwnMembership(session, event.message);
  session.print(formatMessage(await shownMessage(session, event.message, true), session));
}

/** Joins and leaves made elsewhere (another device of ours) keep the channel list right. */
function trackOwnMembership(session: TerminalSession, message: Message): void {
  const parsed = parseConversationKey(message.conv);
  if (parsed?.kind !== 'channel' || message.kind === 'text') return;
  const channel = session.channels.get(parsed.channelId);
  if (channel) channel.joined = message.kind === 'join';
  if (message.kind === 'leave' && session.current === message.conv) session.switchTo(GENERAL);
}

function onPresence(session: TerminalSession, user: UserInfo, online: boolean): void {
  if (online && session.users.get(user.id)?.online !== true) session.cameOnlineAt.set(user.id, Date.now());
  session.rememberUser({ ...user, online });
  session.print(`* ${printable(user.name)} is ${online ? 'online' : 'offline'}`);
}

function onState(session: TerminalSession, state: ConnectionState): void {
  // A move was announced in its own line (follow-move.ts): the close that follows is not a lost connection.
  if (session.moving && state === 'reconnecting') return;
  if (session.moving && state === 'online') {
    session.connectionLost = false;
    arrivedAfterMove(session);
    return;
  }
  if (state === 'reconnecting' && !session.connectionLost) {
    session.connectionLost = true;
    session.print('* Connection lost — reconnecting…');
  } else if (state === 'online' && session.connectionLost) {
    session.connectionLost = false;
    const url = session.client.url;
    session.print(url === session.onlineUrl ? '* Reconnected' : `* The session moved to ${socketUrlLabel(url)}; reconnected.`);
    session.onlineUrl = url;
  } else if (state === 'closed' && !session.closing && session.signedIn) {
    session.fail(1, '! The host closed the connection for good.');
  }
}
