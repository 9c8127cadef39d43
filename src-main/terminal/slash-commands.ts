// The terminal client's typed lines: a plain line is sent to the current
// conversation ("//text" sends "/text"); a line starting with / is a command,
// parsed and run here — /join, /leave, /channels, /users, /msg, /history,
// /search, /thread, /topic, /rename, /archive, /members, /status, /name
// (channel-care-commands.ts), /safety, /verify, /confirm (e2e-commands.ts), /help, /quit. A command that fails prints why ("! …") and the
// session goes on.
// - "/msg NAME" without text makes that DM the current conversation; "/join
//   general" goes back.
// - /history shows each message as it is now ("(edited)", "✖ message
//   deleted"); "/history more" pages further back.
// - /search prints hits newest first, matched words in bold at a terminal
//   that shows colour (else «marked»), and says when there are more than
//   shown; "/search more" pages further back.
import { ChatError } from '../../src-shared/chat-client.js';
import { HISTORY_PAGE_DEFAULT, SEARCH_PAGE_DEFAULT, SEARCH_QUERY_MAX_CHARS, SEARCH_QUERY_MAX_TERMS } from '../../src-shared/limits.js';
import { cleanChannelName, validateChannelName } from '../../src-shared/names.js';
import { channelKey, dmKey, GENERAL_CHANNEL_ID, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo, UserInfo } from '../../src-shared/protocol/frames.js';
import { say } from './delivery.js';
import { shownMessage } from './dm-display.js';
import { archive, CHANNEL_CARE_HELP_LINES, members, rename, setDisplayName, setStatus, setTopic } from './channel-care-commands.js';
import { confirm, E2E_HELP_LINES, safety, verify } from './e2e-commands.js';
import { conversationLabel, formatMessage, formatSearchHit, printable } from './message-format.js';
import { GENERAL, messageOf, type TerminalSession } from './terminal-session.js';

export const HELP_LINES = [
  'Type a line to send it to the current conversation. Commands:',
  '  /join CHANNEL      join a channel (creating it if there is none) and talk there',
  '  /leave [CHANNEL]   leave the current (or named) channel; back to #general',
  '  /channels          list channels, members and which you are in',
  '  /users             who is online and offline',
  '  /msg NAME TEXT     direct message (NAME in quotes if it has spaces)',
  '  /msg NAME          talk to NAME directly from now on',
  '  /history [more]    the last 50 messages here; "more" pages further back',
  '  /search WORDS      find messages in your channels and DMs (newest first); /search more: older hits',
  '  /thread N [TEXT]   show the thread of message #N (numbers: /history), or reply in it',
  '  /thread+ N TEXT    reply in the thread of #N and also send it to the conversation',
  ...CHANNEL_CARE_HELP_LINES,
  ...E2E_HELP_LINES,
  '  /help              this list',
  '  /quit              leave (after your messages are delivered)',
  '  //text             send a line that starts with /',
];

/** Runs one typed line (its "\r" already gone); false when it asked to quit. */
export async function runLine(session: TerminalSession, line: string): Promise<boolean> {
  try {
    if (line.trim() === '') return true;
    if (line.startsWith('//')) return await say(session, session.current, line.slice(1));
    if (!line.startsWith('/')) return await say(session, session.current, line);
    const [, name = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(line) ?? [];
    const arg = rest.trim();
    switch (name.toLowerCase()) {
      case 'join':
        return await join(session, arg);
      case 'leave':
        return await leave(session, arg);
      case 'channels':
        return await listChannels(session);
      case 'users':
        return await listUsers(session);
      case 'msg':
        return await directMessage(session, rest);
      case 'history':
        return await history(session, arg);
      case 'search':
        return await search(session, arg);
      case 'thread':
      case 'thread+':
        return await thread(session, rest, name === 'thread+');
      case 'topic':
        return await setTopic(session, arg);
      case 'rename':
        return await rename(session, arg);
      case 'archive':
      case 'unarchive':
        return await archive(session, name.toLowerCase() === 'archive');
      case 'members':
        return await members(session);
      case 'status':
        return await setStatus(session, arg);
      case 'name':
        return await setDisplayName(session, arg);
      case 'safety':
        return await safety(session, await person(session, rest, 'safety'));
      case 'verify':
        return await verify(session, await person(session, rest, 'verify'));
      case 'confirm':
        return await confirm(session, await person(session, rest, 'confirm'));
      case 'help':
        for (const help of HELP_LINES) session.print(help);
        return true;
      case 'quit':
      case 'exit':
        return false;
      default:
        session.print(`! Unknown command /${printable(name)} — type /help`);
        return true;
    }
  } catch (error) {
    session.print(`! ${messageOf(error)}`);
    return true;
  }
}

async function join(session: TerminalSession, arg: string): Promise<true> {
  if (!arg) throw new Error('Which channel? /join CHANNEL, e.g. /join random');
  const check = validateChannelName(arg);
  if (!check.ok) throw new Error(check.message);
  const name = cleanChannelName(arg);
  let channel: ChannelInfo;
  let created = false;
  try {
    ({ channel } = await session.client.request('channel.join', { channel: name }));
  } catch (error) {
    if (!(error instanceof ChatError && error.code === 'channel_not_found')) throw error;
    try {
      ({ channel } = await session.client.request('channel.create', { name }));
      created = true;
    } catch (createError) {
      // Someone created it between our two requests: join theirs.
      if (!(createError instanceof ChatError && createError.code === 'channel_exists')) throw createError;
      ({ channel } = await session.client.request('channel.join', { channel: name }));
    }
  }
  session.channels.set(channel.id, channel);
  session.switchTo(channelKey(channel.id));
  if (created) session.print(`* #${channel.name} did not exist, so you created it. You are talking in #${channel.name} now.`);
  else session.print(`* You are talking in #${channel.name} now (${channel.memberCount} member${channel.memberCount === 1 ? '' : 's'}).`);
  return true;
}

async function leave(session: TerminalSession, arg: string): Promise<true> {
  let channelId: number;
  if (arg) {
    const name = cleanChannelName(arg);
    const known = [...session.channels.values()].find((c) => c.name === name);
    if (!known) throw new Error(`There is no #${name}. /channels lists them.`);
    channelId = known.id;
  } else {
    const here = parseConversationKey(session.current);
    if (here?.kind !== 'channel') {
      session.switchTo(GENERAL);
      session.print(`* Back in #${session.channelName(GENERAL_CHANNEL_ID)}.`);
      return true;
    }
    channelId = here.channelId;
  }
  // Checked before the request: our own "left" event may switch back first.
  const wasHere = session.current === channelKey(channelId);
  await session.client.request('channel.leave', { channelId });
  const channel = session.channels.get(channelId);
  if (channel) channel.joined = false;
  if (session.current === channelKey(channelId)) session.switchTo(GENERAL);
  session.print(`* You left #${session.channelName(channelId)}.${wasHere ? ` Back in #${session.channelName(GENERAL_CHANNEL_ID)}.` : ''}`);
  return true;
}

async function listChannels(session: TerminalSession): Promise<true> {
  const { channels } = await session.client.request('channel.list', {});
  for (const channel of channels) session.channels.set(channel.id, channel);
  session.print(`* ${channels.length} channel${channels.length === 1 ? '' : 's'}:`);
  for (const channel of [...channels].sort((a, b) => a.name.localeCompare(b.name))) {
    const notes = [`${channel.memberCount} member${channel.memberCount === 1 ? '' : 's'}`];
    if (channel.joined) notes.push('joined');
    if (session.current === channelKey(channel.id)) notes.push('current');
    const topic = channel.topic ? ` — ${printable(channel.topic)}` : '';
    session.print(`  #${channel.name}  (${notes.join(', ')})${topic}`);
  }
  return true;
}

async function listUsers(session: TerminalSession): Promise<true> {
  const users = await session.refreshUsers();
  const shown = (u: UserInfo) => `${printable(u.name)}${u.id === session.me ? ' (you)' : ''}${u.isAdmin ? ' (admin)' : ''}`;
  const byName = (a: UserInfo, b: UserInfo) => a.name.localeCompare(b.name);
  const online = users.filter((u) => u.online).sort(byName);
  const offline = users.filter((u) => !u.online).sort(byName);
  session.print(`* Online (${online.length}): ${online.map(shown).join(', ') || 'nobody'}`);
  session.print(`* Offline (${offline.length}): ${offline.map(shown).join(', ') || 'nobody'}`);
  return true;
}

/**
 * Splits "/msg" arguments into a known person and the text. Names may have
 * spaces: "Mary Ann hi" finds "Mary Ann" if she exists; quotes always work.
 */
function matchRecipient(session: TerminalSession, args: string): { user?: UserInfo; typed: string; text: string } {
  const quoted = /^"([^"]+)"\s*([\s\S]*)$/.exec(args.trimStart());
  if (quoted) return { user: session.findUser(quoted[1]!), typed: quoted[1]!, text: quoted[2]! };
  const words = [...args.matchAll(/\S+/g)];
  for (let count = words.length; count >= 1; count--) {
    const last = words[count - 1]!;
    const end = last.index + last[0].length;
    const user = session.findUser(args.slice(0, end));
    if (user) return { user, typed: args.slice(0, end).trim(), text: args.slice(end).trimStart() };
  }
  const first = words[0];
  return { typed: first?.[0] ?? '', text: first ? args.slice(first.index + first[0].length).trimStart() : '' };
}

/** The other person named by a command's argument ("/safety NAME"). */
async function person(session: TerminalSession, args: string, command: string): Promise<UserInfo> {
  if (args.trim() === '') throw new Error(`Whose? /${command} NAME`);
  let match = matchRecipient(session, args);
  if (!match.user) {
    await session.refreshUsers();
    match = matchRecipient(session, args);
  }
  if (!match.user) throw new Error(`Nobody called “${printable(match.typed)}” is in this session — /users lists who is.`);
  if (match.user.id === session.me) throw new Error('That is you — name the person you DM.');
  return match.user;
}

async function directMessage(session: TerminalSession, args: string): Promise<true> {
  if (args.trim() === '') throw new Error('Who to? /msg NAME TEXT, e.g. /msg bob lunch?');
  let match = matchRecipient(session, args);
  if (!match.user) {
    await session.refreshUsers(); // someone new may have signed in since
    match = matchRecipient(session, args);
  }
  const { user, typed, text } = match;
  if (!user) throw new Error(`Nobody called “${printable(typed)}” is in this session — /users lists who is.`);
  if (user.id === session.me) throw new Error('That is you — direct messages go to someone else.');
  const conv = dmKey(session.me, user.id);
  if (text.trim() === '') {
    session.switchTo(conv);
    session.print(`* Talking to ${user.name} directly now; /join general goes back.`);
    await session.dm.opened(user.id).catch(() => {}); // device changes print as notices
    return true;
  }
  return await say(session, conv, text);
}

async function history(session: TerminalSession, arg: string): Promise<true> {
  if (arg !== '' && arg !== 'more') throw new Error('/history shows the latest messages here; /history more shows older ones.');
  const more = arg === 'more' && session.historyCursor?.conv === session.current;
  const label = conversationLabel(session.current, session);
  const page = await session.client.request('history', {
    conv: session.current,
    limit: HISTORY_PAGE_DEFAULT,
    ...(more && { before: session.historyCursor!.before }),
  });
  if (page.messages.length === 0) {
    session.print(`* No ${more ? 'older ' : ''}messages in ${label}.`);
    return true;
  }
  session.historyCursor = { conv: session.current, before: page.messages[0]!.seq };
  const count = page.messages.length;
  session.print(`* ${more ? 'Older' : 'Last'} ${count} message${count === 1 ? '' : 's'} in ${label}:`);
  // DMs are decrypted on this device (not through the replay guard: history is older on purpose).
  // Each line starts with its number, for /thread N.
  for (const message of page.messages) session.print(`#${message.seq} ${formatMessage(await shownMessage(session, message, false), session)}`);
  if (page.hasMore) session.print('* /history more shows older ones.');
  else session.print(`* That is the start of ${label}.`);
  return true;
}

/** "/thread N": the thread of message #N in the current conversation; "/thread N TEXT" replies in it ("/thread+" also sends it here). */
async function thread(session: TerminalSession, rest: string, alsoToChannel: boolean): Promise<true> {
  const match = /^\s*#?(\d+)\s*([\s\S]*)$/.exec(rest);
  if (!match) throw new Error('Which message? /thread N shows the thread of message #N (/history shows the numbers); /thread N TEXT replies in it.');
  const root = Number(match[1]);
  const text = match[2]!.trim();
  if (text !== '') return await say(session, session.current, text, { threadRoot: root, ...(alsoToChannel && { alsoToChannel: true }) });
  if (alsoToChannel) throw new Error('What to say? /thread+ N TEXT replies in the thread of #N and also sends it here.');
  const page = await session.client.request('thread.history', { conv: session.current, root });
  session.print(`* Thread of #${root}:`);
  session.print(`#${root} ${formatMessage(await shownMessage(session, page.root, false), session)}`);
  for (const message of page.messages) session.print(`#${message.seq} ${formatMessage(await shownMessage(session, message, false), session)}`);
  if (page.messages.length === 0) session.print('* No replies yet: /thread N TEXT starts the thread.');
  if (page.hasMore) session.print(`* Older replies are not shown (the newest ${page.messages.length} are).`);
  return true;
}

async function search(session: TerminalSession, arg: string): Promise<true> {
  if (arg === '') {
    throw new Error('What to look for? /search WORDS, e.g. /search deploy friday — every word must occur, the last may be the start of a word.');
  }
  const more = arg === 'more' && session.searchCursor !== null;
  const query = more ? session.searchCursor!.query : arg;
  let result;
  try {
    result = await session.client.request('search', {
      query,
      limit: SEARCH_PAGE_DEFAULT,
      ...(more && { before: session.searchCursor!.before }),
    });
  } catch (error) {
    if (error instanceof ChatError && error.code === 'query_invalid') {
      // The host says what is wrong (no word, too long, too many words).
      const why = error.message.trim() || `Give 1–${SEARCH_QUERY_MAX_TERMS} words, at most ${SEARCH_QUERY_MAX_CHARS} characters.`;
      throw new Error(`Cannot search for “${printable(query)}”: ${printable(why)}`);
    }
    throw error;
  }
  // The host cannot search encrypted DMs: the ones decrypted in this run are searched here (src-shared/e2e/dm-index.ts).
  const hostSeqs = new Set(result.hits.map((hit) => hit.message.seq));
  const local = more ? [] : session.dmIndex.search(query).filter((hit) => !hostSeqs.has(hit.message.seq));
  const hits = [...result.hits, ...local].sort((a, b) => b.message.seq - a.message.seq);
  const shown = (more ? session.searchCursor!.shown : 0) + hits.length;
  const oldestFromHost = Math.min(...result.hits.map((hit) => hit.message.seq));
  session.searchCursor = result.hasMore && result.hits.length > 0 ? { query, before: oldestFromHost, shown } : null;
  if (hits.length === 0) {
    session.print(more ? `* No older messages match “${printable(query)}”.` : `* No messages match “${printable(query)}” in your channels and DMs.`);
    return true;
  }
  const count = `${hits.length}${result.hasMore ? '+' : ''} message${hits.length === 1 && !result.hasMore ? '' : 's'}`;
  session.print(`* ${more ? 'Older messages' : count} matching “${printable(query)}”, newest first:`);
  const emphasis = session.options.emphasis ?? 'marks';
  for (const hit of hits) session.print(`  ${formatSearchHit(hit, session, emphasis)}`);
  if (result.hasMore) session.print(`* More than ${shown} match — refine the search (add a word), or /search more shows older ones.`);
  return true;
}
