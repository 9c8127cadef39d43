// The terminal client's session state: who we are, the people and channels we
// know, the current conversation, the paging cursors of /history and /search,
// the messages still waiting for the host's acknowledgement, and how the
// session ends when it cannot go on. It is the NameLookup that message-format.ts
// prints names through. The code acting on it lives beside it:
// incoming-events.ts (what the host sends), slash-commands.ts (typed lines),
// delivery.ts (sending and the wait at exit), terminal-chat.ts (the run).
import type { ChatClient } from '../../src-shared/chat-client.js';
import { memoryDeviceKeyStore, type DeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { DmSession } from '../../src-shared/e2e/dm-session.js';
import { memoryDmStateStore, type DmStateStore } from '../../src-shared/e2e/dm-state.js';
import { userNameKey } from '../../src-shared/names.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo, SignedIn, UserInfo } from '../../src-shared/protocol/frames.js';
import { DmIndex } from '../../src-shared/e2e/dm-index.js';
import { conversationLabel, type Emphasis, type NameLookup } from './message-format.js';

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
  /** The session moved (hand-over) and the client is online at this new chat socket URL (follow-move.ts). */
  onMoved?: (url: string) => void;
  /**
   * Where this device keeps its end-to-end encryption keys and DM state
   * (chat-cli.ts: files in its config dir, src-main/e2e/account-files.ts).
   * Default: in memory — a new device for every run.
   */
  e2e?: { keyStore: DeviceKeyStore; stateStore: DmStateStore };
}

export const GENERAL = channelKey(GENERAL_CHANNEL_ID);

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface Fatal {
  exitCode: number;
}

export class TerminalSession implements NameLookup {
  readonly client: ChatClient;
  readonly print: (line: string) => void;
  readonly options: TerminalChatOptions;

  signedIn: SignedIn['user'] | null = null;
  readonly userNames = new Map<number, string>();
  readonly users = new Map<number, UserInfo>();
  readonly channels = new Map<number, Omit<ChannelInfo, 'joined'> & { joined?: boolean }>();
  current = GENERAL;
  historyCursor: { conv: string; before: number } | null = null;
  /** The last search with more hits than shown: "/search more" continues it. */
  searchCursor: { query: string; before: number; shown: number } | null = null;
  readonly pending = new Set<Promise<unknown>>();
  highestAcked = 0;
  /** Messages the host refused (too long, not a member…): reported, and the exit code says so. */
  refused = 0;
  connectionLost = false;
  /** The address the client was online at last: back online elsewhere means the session moved (found again, or handed over). */
  onlineUrl: string;
  /** The host said the session moved; set until the client is online at the new host. */
  moving = false;
  closing = false;
  /** Encrypts and decrypts DMs on this device (src-shared/e2e/dm-session.ts). */
  readonly dm: DmSession;
  /** Decrypted DMs of this run, for /search (dm-index.ts): memory only. */
  readonly dmIndex = new DmIndex();
  /** The safety code last shown by /safety per person: /verify marks that one. */
  readonly shownCodes = new Map<number, string>();
  /** When each person came online while I was signed in (Date.now()): a DM to them just after may wait for their device key (new-peer-wait.ts). */
  readonly cameOnlineAt = new Map<number, number>();
  /** DMs typed while sending to that person waits for /confirm (their devices changed after /verify). */
  readonly held = new Map<number, string[]>();
  /** Printing in arrival order, though opening a DM takes a moment (see later()). */
  private printing: Promise<void> = Promise.resolve();
  private resolveFatal!: (fatal: Fatal) => void;
  /** Settles when the session cannot go on (the host refused us for good). */
  readonly fatal: Promise<Fatal> = new Promise((resolve) => (this.resolveFatal = resolve));

  constructor(options: TerminalChatOptions) {
    this.options = options;
    this.client = options.client;
    this.print = options.print;
    this.onlineUrl = options.client.url;
    this.dm = new DmSession({
      client: options.client,
      keyStore: options.e2e?.keyStore ?? memoryDeviceKeyStore(),
      stateStore: options.e2e?.stateStore ?? memoryDmStateStore(),
    });
  }

  /** Runs `step` after every earlier one (incoming lines keep their order while DMs are opened). */
  later(step: () => void | Promise<void>): void {
    this.printing = this.printing.then(step).catch((error: unknown) => this.print(`! ${messageOf(error)}`));
  }

  /** Resolves once everything handed to later() so far has been printed. */
  async printed(): Promise<void> {
    let before;
    do {
      before = this.printing;
      await before;
    } while (before !== this.printing);
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

  // ------------------------------------------------------------------ people and place

  rememberUser(user: UserInfo): void {
    this.users.set(user.id, user);
    this.userNames.set(user.id, user.name);
  }

  findUser(name: string): UserInfo | undefined {
    const key = userNameKey(name);
    return [...this.users.values()].find((u) => userNameKey(u.name) === key);
  }

  async refreshUsers(): Promise<UserInfo[]> {
    const { users } = await this.client.request('users.list', {});
    for (const user of users) this.rememberUser(user);
    return users;
  }

  switchTo(conv: string): void {
    this.current = conv;
    this.historyCursor = null;
    this.options.onPromptChange?.(this.prompt);
  }

  // ------------------------------------------------------------------ connection

  credentialsFrame() {
    const { name, password, passcode } = this.options.credentials;
    return { name, password, ...(passcode !== undefined && { passcode }) };
  }

  fail(exitCode: number, line: string): void {
    this.print(line);
    this.resolveFatal({ exitCode });
  }

  close(): void {
    this.closing = true;
    this.dm.dispose();
    this.client.close();
  }
}
