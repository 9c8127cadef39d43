// The terminal client's logic, free of any TTY: lines in (an async iterable),
// lines out (a print function), a ChatClient to the host. ../cli/chat-cli.ts wires it
// to stdin/stdout; the tests drive it directly.
//
// Decisions (where the brief is silent):
// - Lines are handled one at a time, in order: "/join x" then "hello" sends
//   "hello" to #x even when both arrive in the same chunk of piped input.
// - Your own messages print once, from the host's echo (so they show the
//   host's seq order and time), never when typed.
// - At end of input or /quit it waits (bounded) for the host to acknowledge
//   every message and for their echoes, then exits 0 — or 1 if some message
//   could not be delivered, so scripts notice.
// - "/msg NAME" without text makes that DM the current conversation; "/join
//   general" goes back. "//text" sends "/text".
// - Changes to messages (edits, deletions, reactions) print as their own
//   lines when they happen; /history shows each message as it is now
//   ("(edited)", "✖ message deleted"). Replies quote the start of the original.
// - /search prints hits newest first, matched words in bold at a terminal
//   that shows colour (else «marked»), and says when there are more than
//   shown; "/search more" pages further back.
// - Text from others is printed through message-format.ts, which neutralises
//   terminal control sequences.
import type { ChatClient, ConnectionState } from '../../src-shared/chat-client.js';
import { ChatError } from '../../src-shared/chat-client.js';
import { HISTORY_PAGE_DEFAULT, SEARCH_PAGE_DEFAULT, SEARCH_QUERY_MAX_CHARS, SEARCH_QUERY_MAX_TERMS } from '../../src-shared/limits.js';
import { cleanChannelName, userNameKey, validateChannelName } from '../../src-shared/names.js';
import { channelKey, dmKey, GENERAL_CHANNEL_ID, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo, ChatEvent, Message, SignedIn, UserInfo } from '../../src-shared/protocol/frames.js';
import { clock, conversationLabel, formatMessage, formatSearchHit, formatUpdate, printable, type Emphasis, type NameLookup } from './message-format.js';

export interface Credentials {
  name: string;
  password: string;
  passcode?: string;
}

export interface TerminalChatOptions {
  client: ChatClient;
  credentials: Credentials;
  print: (line: string) => void;
  /** The current conversation changed; a TTY shows it in its prompt ("#general> "). */
  onPromptChange?: (prompt: string) => void;
  /** A line has been handled and the next one can be typed. */
  onReady?: () => void;
  /** How long to wait for the host's welcome before giving up. Default 10 s. */
  connectTimeoutMs?: number;
  /** How long to wait at exit for messages to be acknowledged. Default 10 s. */
  drainTimeoutMs?: number;
  /** How /search shows matched words: bold (a terminal with colour) or «marks». Default marks. */
  emphasis?: Emphasis;
}

const GENERAL = channelKey(GENERAL_CHANNEL_ID);

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
  '  /help              this list',
  '  /quit              leave (after your messages are delivered)',
  '  //text             send a line that starts with /',
];

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Resolves after `ms`, or when `cancel` is called; never keeps the process alive past that. */
function delay(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done!: () => void;
  const promise = new Promise<void>((resolve) => {
    done = resolve;
    timer = setTimeout(resolve, ms);
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(timer);
      done();
    },
  };
}

interface Fatal {
  exitCode: number;
}

export class TerminalChat implements NameLookup {
  private readonly client: ChatClient;
  private readonly print: (line: string) => void;
  private readonly options: TerminalChatOptions;

  private signedIn: SignedIn['user'] | null = null;
  private readonly userNames = new Map<number, string>();
  private readonly users = new Map<number, UserInfo>();
  private readonly channels = new Map<number, Omit<ChannelInfo, 'joined'> & { joined?: boolean }>();
  private current = GENERAL;
  private historyCursor: { conv: string; before: number } | null = null;
  /** The last search with more hits than shown: "/search more" continues it. */
  private searchCursor: { query: string; before: number; shown: number } | null = null;
  private readonly pending = new Set<Promise<unknown>>();
  private highestAcked = 0;
  /** Messages the host refused (too long, not a member…): reported, and the exit code says so. */
  private refused = 0;
  private connectionLost = false;
  private closing = false;
  private resolveFatal!: (fatal: Fatal) => void;
  /** Settles when the session cannot go on (the host refused us for good). */
  readonly fatal: Promise<Fatal> = new Promise((resolve) => (this.resolveFatal = resolve));

  constructor(options: TerminalChatOptions) {
    this.options = options;
    this.client = options.client;
    this.print = options.print;
    this.client.on('signedIn', (result) => this.onSignedIn(result));
    this.client.on('event', (event) => this.onEvent(event));
    this.client.on('presence', (user, online) => this.onPresence(user, online));
    this.client.on('state', (state) => this.onState(state));
    this.client.on('notice', (frame) => this.print(`! ${printable(frame.message)}`));
    this.client.on('authRequired', () => void this.signInAgain());
  }

  // ------------------------------------------------------------------ names (NameLookup)

  get me(): number {
    return this.signedIn?.id ?? 0;
  }

  userName(id: number): string {
    return this.userNames.get(id) ?? `user ${id}`;
  }

  channelName(id: number): string {
    return this.channels.get(id)?.name ?? String(id);
  }

  /** "#general> " — what a TTY shows before the cursor. */
  get prompt(): string {
    return `${conversationLabel(this.current, this)}> `;
  }

  // ------------------------------------------------------------------ lifecycle

  /** Connects and signs in; on failure prints why and returns false. */
  async start(): Promise<boolean> {
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    const timeout = delay(timeoutMs);
    try {
      const timedOut = timeout.promise.then(() => {
        throw new ChatError('timeout', `The host did not answer within ${Math.round(timeoutMs / 1000)} s. Check the address and that the host is running.`);
      });
      await Promise.race([this.client.connect(), timedOut]);
    } catch (error) {
      this.print(`! ${messageOf(error)}`);
      this.close();
      return false;
    } finally {
      timeout.cancel();
    }
    let replayed = 0;
    const countReplayed = this.client.on('event', (_event, { replay }) => void (replay && replayed++));
    try {
      const result = await this.client.signIn(this.credentialsFrame());
      // What we missed comes right after the reply: show it before handling
      // any input (piped input may end at once, and we would leave without it).
      await this.waitFor(() => replayed >= result.replayCount, 5000);
    } catch (error) {
      const hint = error instanceof ChatError && error.code === 'passcode_required' ? ' Give it with --passcode.' : '';
      this.print(`! Could not sign in: ${messageOf(error)}${hint}`);
      this.close();
      return false;
    } finally {
      countReplayed();
    }
    return true;
  }

  /** Resolves when `condition` holds after some event (or already does), or after `ms`. */
  private async waitFor(condition: () => boolean, ms: number): Promise<void> {
    if (condition()) return;
    const timeout = delay(ms);
    const stop = this.client.on('event', () => {
      if (condition()) timeout.cancel();
    });
    await timeout.promise;
    stop();
  }

  /**
   * Waits (at most drainTimeoutMs) until the host has acknowledged every
   * message sent and their echoes have been printed. False if some were not.
   */
  async drain(): Promise<boolean> {
    const limitMs = this.options.drainTimeoutMs ?? 10_000;
    const deadline = Date.now() + limitMs;
    const timeout = delay(limitMs);
    const settled = (async () => {
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    })();
    await Promise.race([settled, timeout.promise]);
    timeout.cancel();
    // Our own messages print from the host's echo, which follows the acknowledgement.
    await this.waitFor(() => this.client.lastSeq >= this.highestAcked, Math.max(0, deadline - Date.now()));
    const unsent = this.client.unsent.length;
    if (unsent > 0) {
      this.print(`! ${unsent} message${unsent === 1 ? ' was' : 's were'} not delivered: the host did not acknowledge ${unsent === 1 ? 'it' : 'them'} in time.`);
    }
    return unsent === 0 && this.refused === 0;
  }

  close(): void {
    this.closing = true;
    this.client.close();
  }

  private credentialsFrame() {
    const { name, password, passcode } = this.options.credentials;
    return { name, password, ...(passcode !== undefined && { passcode }) };
  }

  private fail(exitCode: number, line: string): void {
    this.print(line);
    this.resolveFatal({ exitCode });
  }

  private async signInAgain(): Promise<void> {
    // The saved token stopped working (e.g. the session was reset): we still
    // have the password, so sign in again; the client asks for what we missed.
    try {
      await this.client.signIn(this.credentialsFrame());
    } catch (error) {
      this.fail(1, `! Could not sign in again: ${messageOf(error)}`);
    }
  }

  // ------------------------------------------------------------------ incoming

  private onSignedIn(result: SignedIn): void {
    const first = this.signedIn === null;
    this.signedIn = result.user;
    for (const user of result.users) this.rememberUser(user);
    this.channels.clear();
    for (const channel of result.channels) this.channels.set(channel.id, channel);
    const here = parseConversationKey(this.current);
    // Left elsewhere while we were away: back to #general.
    if (here?.kind === 'channel' && !this.channels.get(here.channelId)?.joined) this.switchTo(GENERAL);
    if (first) {
      const online = result.users.filter((u) => u.online || u.id === result.user.id).map((u) => u.name);
      this.print(`* Signed in as ${result.user.name}${result.user.isAdmin ? ' (admin)' : ''} to “${printable(result.session.name)}”.`);
      this.print(`* Online: ${online.join(', ')}. You are in #${this.channelName(GENERAL_CHANNEL_ID)}; /help lists the commands.`);
      this.options.onPromptChange?.(this.prompt);
    }
    if (result.resync) this.print('* You missed too much to replay here; /history shows the latest messages.');
  }

  // ChatClient emits 'signedIn' before the events replayed after it, so names are known here.
  private onEvent(event: ChatEvent): void {
    if (event.type === 'channel.created') {
      const mine = event.channel.createdBy === this.me;
      this.channels.set(event.channel.id, { ...event.channel, joined: mine || this.channels.get(event.channel.id)?.joined });
      const by = event.channel.createdBy === null ? '' : ` by ${printable(this.userName(event.channel.createdBy))}`;
      if (!mine) this.print(`[${clock(Date.now())}] * #${event.channel.name} was created${by} — /join ${event.channel.name} to talk there`);
      return;
    }
    const message = event.message;
    this.userNames.set(message.from, message.fromName);
    if (event.type === 'message.updated') {
      this.userNames.set(event.change.by.id, event.change.by.name);
      this.print(formatUpdate(event, this));
      return;
    }
    if (message.from === this.me) this.trackOwnMembership(message);
    this.print(formatMessage(message, this));
  }

  /** Joins and leaves made elsewhere (another device of ours) keep the channel list right. */
  private trackOwnMembership(message: Message): void {
    const parsed = parseConversationKey(message.conv);
    if (parsed?.kind !== 'channel' || message.kind === 'text') return;
    const channel = this.channels.get(parsed.channelId);
    if (channel) channel.joined = message.kind === 'join';
    if (message.kind === 'leave' && this.current === message.conv) this.switchTo(GENERAL);
  }

  private onPresence(user: UserInfo, online: boolean): void {
    this.rememberUser({ ...user, online });
    this.print(`* ${printable(user.name)} is ${online ? 'online' : 'offline'}`);
  }

  private onState(state: ConnectionState): void {
    if (state === 'reconnecting' && !this.connectionLost) {
      this.connectionLost = true;
      this.print('* Connection lost — reconnecting…');
    } else if (state === 'online' && this.connectionLost) {
      this.connectionLost = false;
      this.print('* Reconnected');
    } else if (state === 'closed' && !this.closing && this.signedIn) {
      this.fail(1, '! The host closed the connection for good.');
    }
  }

  private rememberUser(user: UserInfo): void {
    this.users.set(user.id, user);
    this.userNames.set(user.id, user.name);
  }

  // ------------------------------------------------------------------ typed lines

  /** Handles one typed line; false when it asked to quit. */
  async handleLine(raw: string): Promise<boolean> {
    const goOn = await this.runLine(raw.replace(/\r$/, ''));
    if (goOn) this.options.onReady?.();
    return goOn;
  }

  private async runLine(line: string): Promise<boolean> {
    try {
      if (line.trim() === '') return true;
      if (line.startsWith('//')) return this.say(this.current, line.slice(1));
      if (!line.startsWith('/')) return this.say(this.current, line);
      const [, name = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(line) ?? [];
      const arg = rest.trim();
      switch (name.toLowerCase()) {
        case 'join':
          return await this.join(arg);
        case 'leave':
          return await this.leave(arg);
        case 'channels':
          return await this.listChannels();
        case 'users':
          return await this.listUsers();
        case 'msg':
          return await this.directMessage(rest);
        case 'history':
          return await this.history(arg);
        case 'search':
          return await this.search(arg);
        case 'help':
          for (const help of HELP_LINES) this.print(help);
          return true;
        case 'quit':
        case 'exit':
          return false;
        default:
          this.print(`! Unknown command /${printable(name)} — type /help`);
          return true;
      }
    } catch (error) {
      this.print(`! ${messageOf(error)}`);
      return true;
    }
  }

  private say(conv: string, text: string): true {
    if (this.client.state !== 'online') this.print('* Not connected right now: it will be sent when the connection is back.');
    const sending = this.client.send(conv, text).done.then(
      (message) => {
        if (message.seq > this.highestAcked) this.highestAcked = message.seq;
      },
      (error: unknown) => {
        this.refused++;
        this.print(`! Not sent: ${messageOf(error)}`);
      },
    );
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
    return true;
  }

  private switchTo(conv: string): void {
    this.current = conv;
    this.historyCursor = null;
    this.options.onPromptChange?.(this.prompt);
  }

  private async join(arg: string): Promise<true> {
    if (!arg) throw new Error('Which channel? /join CHANNEL, e.g. /join random');
    const check = validateChannelName(arg);
    if (!check.ok) throw new Error(check.message);
    const name = cleanChannelName(arg);
    let channel: ChannelInfo;
    let created = false;
    try {
      ({ channel } = await this.client.request('channel.join', { channel: name }));
    } catch (error) {
      if (!(error instanceof ChatError && error.code === 'channel_not_found')) throw error;
      try {
        ({ channel } = await this.client.request('channel.create', { name }));
        created = true;
      } catch (createError) {
        // Someone created it between our two requests: join theirs.
        if (!(createError instanceof ChatError && createError.code === 'channel_exists')) throw createError;
        ({ channel } = await this.client.request('channel.join', { channel: name }));
      }
    }
    this.channels.set(channel.id, channel);
    this.switchTo(channelKey(channel.id));
    if (created) this.print(`* #${channel.name} did not exist, so you created it. You are talking in #${channel.name} now.`);
    else this.print(`* You are talking in #${channel.name} now (${channel.memberCount} member${channel.memberCount === 1 ? '' : 's'}).`);
    return true;
  }

  private async leave(arg: string): Promise<true> {
    let channelId: number;
    if (arg) {
      const name = cleanChannelName(arg);
      const known = [...this.channels.values()].find((c) => c.name === name);
      if (!known) throw new Error(`There is no #${name}. /channels lists them.`);
      channelId = known.id;
    } else {
      const here = parseConversationKey(this.current);
      if (here?.kind !== 'channel') {
        this.switchTo(GENERAL);
        this.print(`* Back in #${this.channelName(GENERAL_CHANNEL_ID)}.`);
        return true;
      }
      channelId = here.channelId;
    }
    // Checked before the request: our own "left" event may switch back first.
    const wasHere = this.current === channelKey(channelId);
    await this.client.request('channel.leave', { channelId });
    const channel = this.channels.get(channelId);
    if (channel) channel.joined = false;
    if (this.current === channelKey(channelId)) this.switchTo(GENERAL);
    this.print(`* You left #${this.channelName(channelId)}.${wasHere ? ` Back in #${this.channelName(GENERAL_CHANNEL_ID)}.` : ''}`);
    return true;
  }

  private async listChannels(): Promise<true> {
    const { channels } = await this.client.request('channel.list', {});
    for (const channel of channels) this.channels.set(channel.id, channel);
    this.print(`* ${channels.length} channel${channels.length === 1 ? '' : 's'}:`);
    for (const channel of [...channels].sort((a, b) => a.name.localeCompare(b.name))) {
      const notes = [`${channel.memberCount} member${channel.memberCount === 1 ? '' : 's'}`];
      if (channel.joined) notes.push('joined');
      if (this.current === channelKey(channel.id)) notes.push('current');
      const topic = channel.topic ? ` — ${printable(channel.topic)}` : '';
      this.print(`  #${channel.name}  (${notes.join(', ')})${topic}`);
    }
    return true;
  }

  private async refreshUsers(): Promise<UserInfo[]> {
    const { users } = await this.client.request('users.list', {});
    for (const user of users) this.rememberUser(user);
    return users;
  }

  private async listUsers(): Promise<true> {
    const users = await this.refreshUsers();
    const shown = (u: UserInfo) => `${printable(u.name)}${u.id === this.me ? ' (you)' : ''}${u.isAdmin ? ' (admin)' : ''}`;
    const byName = (a: UserInfo, b: UserInfo) => a.name.localeCompare(b.name);
    const online = users.filter((u) => u.online).sort(byName);
    const offline = users.filter((u) => !u.online).sort(byName);
    this.print(`* Online (${online.length}): ${online.map(shown).join(', ') || 'nobody'}`);
    this.print(`* Offline (${offline.length}): ${offline.map(shown).join(', ') || 'nobody'}`);
    return true;
  }

  private findUser(name: string): UserInfo | undefined {
    const key = userNameKey(name);
    return [...this.users.values()].find((u) => userNameKey(u.name) === key);
  }

  /**
   * Splits "/msg" arguments into a known person and the text. Names may have
   * spaces: "Mary Ann hi" finds "Mary Ann" if she exists; quotes always work.
   */
  private matchRecipient(args: string): { user?: UserInfo; typed: string; text: string } {
    const quoted = /^"([^"]+)"\s*([\s\S]*)$/.exec(args.trimStart());
    if (quoted) return { user: this.findUser(quoted[1]!), typed: quoted[1]!, text: quoted[2]! };
    const words = [...args.matchAll(/\S+/g)];
    for (let count = words.length; count >= 1; count--) {
      const last = words[count - 1]!;
      const end = last.index + last[0].length;
      const user = this.findUser(args.slice(0, end));
      if (user) return { user, typed: args.slice(0, end).trim(), text: args.slice(end).trimStart() };
    }
    const first = words[0];
    return { typed: first?.[0] ?? '', text: first ? args.slice(first.index + first[0].length).trimStart() : '' };
  }

  private async directMessage(args: string): Promise<true> {
    if (args.trim() === '') throw new Error('Who to? /msg NAME TEXT, e.g. /msg bob lunch?');
    let match = this.matchRecipient(args);
    if (!match.user) {
      await this.refreshUsers(); // someone new may have signed in since
      match = this.matchRecipient(args);
    }
    const { user, typed, text } = match;
    if (!user) throw new Error(`Nobody called “${printable(typed)}” is in this session — /users lists who is.`);
    if (user.id === this.me) throw new Error('That is you — direct messages go to someone else.');
    const conv = dmKey(this.me, user.id);
    if (text.trim() === '') {
      this.switchTo(conv);
      this.print(`* Talking to ${user.name} directly now; /join general goes back.`);
      return true;
    }
    return this.say(conv, text);
  }

  private async history(arg: string): Promise<true> {
    if (arg !== '' && arg !== 'more') throw new Error('/history shows the latest messages here; /history more shows older ones.');
    const more = arg === 'more' && this.historyCursor?.conv === this.current;
    const label = conversationLabel(this.current, this);
    const page = await this.client.request('history', {
      conv: this.current,
      limit: HISTORY_PAGE_DEFAULT,
      ...(more && { before: this.historyCursor!.before }),
    });
    if (page.messages.length === 0) {
      this.print(`* No ${more ? 'older ' : ''}messages in ${label}.`);
      return true;
    }
    this.historyCursor = { conv: this.current, before: page.messages[0]!.seq };
    const count = page.messages.length;
    this.print(`* ${more ? 'Older' : 'Last'} ${count} message${count === 1 ? '' : 's'} in ${label}:`);
    for (const message of page.messages) this.print(formatMessage(message, this));
    if (page.hasMore) this.print('* /history more shows older ones.');
    else this.print(`* That is the start of ${label}.`);
    return true;
  }

  private async search(arg: string): Promise<true> {
    if (arg === '') {
      throw new Error('What to look for? /search WORDS, e.g. /search deploy friday — every word must occur, the last may be the start of a word.');
    }
    const more = arg === 'more' && this.searchCursor !== null;
    const query = more ? this.searchCursor!.query : arg;
    let result;
    try {
      result = await this.client.request('search', {
        query,
        limit: SEARCH_PAGE_DEFAULT,
        ...(more && { before: this.searchCursor!.before }),
      });
    } catch (error) {
      if (error instanceof ChatError && error.code === 'query_invalid') {
        // The host says what is wrong (no word, too long, too many words).
        const why = error.message.trim() || `Give 1–${SEARCH_QUERY_MAX_TERMS} words, at most ${SEARCH_QUERY_MAX_CHARS} characters.`;
        throw new Error(`Cannot search for “${printable(query)}”: ${printable(why)}`);
      }
      throw error;
    }
    const hits = [...result.hits].sort((a, b) => b.message.seq - a.message.seq);
    const shown = (more ? this.searchCursor!.shown : 0) + hits.length;
    this.searchCursor = result.hasMore && hits.length > 0 ? { query, before: hits[hits.length - 1]!.message.seq, shown } : null;
    if (hits.length === 0) {
      this.print(more ? `* No older messages match “${printable(query)}”.` : `* No messages match “${printable(query)}” in your channels and DMs.`);
      return true;
    }
    const count = `${hits.length}${result.hasMore ? '+' : ''} message${hits.length === 1 && !result.hasMore ? '' : 's'}`;
    this.print(`* ${more ? 'Older messages' : count} matching “${printable(query)}”, newest first:`);
    const emphasis = this.options.emphasis ?? 'marks';
    for (const hit of hits) this.print(`  ${formatSearchHit(hit, this, emphasis)}`);
    if (result.hasMore) this.print(`* More than ${shown} match — refine the search (add a word), or /search more shows older ones.`);
    return true;
  }
}

/**
 * Runs a terminal chat to the end: signs in, handles each line in order, and
 * at end of input (or /quit) waits for delivery. Resolves with the exit code:
 * 0 done, 1 could not connect / sign in / deliver, or the host refused us.
 */
export async function runTerminalChat(lines: AsyncIterable<string>, options: TerminalChatOptions): Promise<number> {
  // Take the iterator first, so lines typed or piped while we connect are kept.
  const input = lines[Symbol.asyncIterator]();
  const chat = new TerminalChat(options);
  const stopInput = () => void input.return?.()?.catch(() => {});
  if (!(await chat.start())) {
    stopInput();
    return 1;
  }
  let exitCode: number | null = null;
  for (;;) {
    const next = await Promise.race([input.next(), chat.fatal]);
    if ('exitCode' in next) {
      exitCode = next.exitCode;
      break;
    }
    if (next.done) break;
    if (!(await chat.handleLine(next.value))) break;
  }
  stopInput();
  if (exitCode === null) exitCode = (await chat.drain()) ? 0 : 1;
  chat.close();
  return exitCode;
}
