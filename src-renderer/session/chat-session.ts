// The session core. The ChatClient lives here, outside React: this service
// creates one for the chosen session (join, sign-in, sign-out, reconnect),
// applies its events to the store through slice actions, and runs the side
// effects (session-memory.ts: tokens, last session and conversation;
// app-badge.ts; notice-banner.ts; incoming-events.ts: events into the store,
// with notifications). It opens conversations. The rest are parts, one
// concept each, reached as fields: `messages` (message-sender.ts), `history` (message-history.ts),
// `channels` (channels.ts), `files` (file-sharing.ts), `reads`
// (read-reporter.ts), `search` (session-search.ts), `moderation`
// (moderation.ts), `trust` (session-trust-step.ts: the desktop's identity
// check before each join), `dms` (encrypted-dms.ts: end-to-end encrypted DMs
// when the platform keeps keys). Components call these methods and read the store.
import { ChatClient, ChatError } from '../../src-shared/chat-client.js';
import { dmKey, dmPeer, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { SessionInfo, SignedIn } from '../../src-shared/protocol/frames.js';
import type { Platform } from '../platform/platform.js';
import type { AppStore } from '../store/app-store.js';
import type { SessionTarget } from '../store/connection-slice.js';
import { GENERAL_CONV, NO_HISTORY } from '../store/conversations-slice.js';
import { watchBadge } from './app-badge.js';
import { Channels } from './channels.js';
import { describeError } from './describe-error.js';
import { dmServiceFactory, EncryptedDms, type DmServiceFactory } from './encrypted-dms.js';
import { FileSharing, type UploadSeams } from './file-sharing.js';
import { browserFocus, type FocusSource } from './focus-source.js';
import { IncomingEvents } from './incoming-events.js';
import { MessageHistory } from './message-history.js';
import { MessageSender } from './message-sender.js';
import { ChannelCare } from './channel-care.js';
import { Moderation } from './moderation.js';
import { NoticeBanner } from './notice-banner.js';
import { Profiles } from './profiles.js';
import { ReadReporter } from './read-reporter.js';
import { SessionRediscovery } from './session-rediscovery.js';
import { SessionHandOver } from './session-hand-over.js';
import { canReopen, rememberedConversation, rememberOpenConversation, rememberSignIn } from './session-memory.js';
import { SessionMoves } from './session-moves.js';
import { SessionNotifications } from './session-notifications.js';
import { SessionSearch } from './session-search.js';
import { SessionThreads } from './session-threads.js';
import { arrivalBanner, followSessionMove } from './session-move.js';
import { SessionTrustStep } from './session-trust-step.js';
import type { ChatClientLike, ClientFactory, SessionContext } from './session-context.js';

export interface ChatSessionOptions {
  store: AppStore;
  platform: Platform;
  createClient?: ClientFactory;
  focus?: FocusSource;
  /** Test seams for file uploads (fake HTTP, no canvas). */
  uploads?: UploadSeams;
  /** Starts a download of `url` saved as `name` (default: a temporary <a download>). */
  download?: (url: string, name: string) => void;
  /** The DM crypto service per client (default: from platform.e2e; none without it). */
  createDms?: DmServiceFactory | null;
}

export interface SignInFields {
  name: string;
  password: string;
  passcode?: string;
}

export class ChatSession {
  private client: ChatClientLike | null = null;
  private clientSubscriptions: Array<() => void> = [];
  private appSubscriptions: Array<() => void> = [];
  private readonly banner: NoticeBanner;
  private readonly store: AppStore;
  private readonly platform: Platform;
  private readonly createClient: ClientFactory;
  private readonly focus: FocusSource;
  /** What the parts get: the store, the client of the session joined, and opening a conversation. */
  private readonly context: SessionContext;

  /** Loading the messages of a conversation, and jumping to one. */
  readonly history: MessageHistory;
  /** Sending my messages, typing notices, edits, deletions and reactions. */
  readonly messages: MessageSender;
  /** Creating, joining, leaving and listing channels. */
  readonly channels: Channels;
  /** Sharing, uploading and saving files. */
  readonly files: FileSharing;
  /** Telling the host how far I have read. */
  readonly reads: ReadReporter;
  /** Searching messages. */
  readonly search: SessionSearch;
  readonly threads: SessionThreads;
  /** Removing people and making admins (admins only). */
  readonly moderation: Moderation;
  /** One's own profile and avatar (profiles.ts). */
  readonly profiles: Profiles;
  /** Topic, rename, archive and the member list of a channel (channel-care.ts). */
  readonly channelCare: ChannelCare;
  /** Desktop: the session's identity checked before joining; what the person confirms or is told. */
  readonly trust: SessionTrustStep;
  /** Desktop: while reconnecting, finding the session again at a new address (its identity announced by mDNS). */
  readonly rediscovery: SessionRediscovery;
  /** Desktop: accepting a hand-over offer, taking the session over, offering the hosted one. */
  readonly handOver: SessionHandOver;
  /** Following the session when it moves to another host. */
  private readonly moves: SessionMoves;
  /** End-to-end encrypted DMs: reading, sending, safety codes (when the platform keeps keys). */
  readonly dms: EncryptedDms;
  /** This device's notification settings: level per conversation, the browser's permission. */
  readonly notifications: SessionNotifications;
  /** Host events into the store, in order (encrypted DMs decrypted first), with notifications. */
  private readonly incoming: IncomingEvents;

  constructor(options: ChatSessionOptions) {
    this.store = options.store;
    this.platform = options.platform;
    this.banner = new NoticeBanner(this.store);
    // canHost: the desktop app can host a session, so the host may offer it a hand-over; a browser cannot.
    const canHost = options.platform.hosting !== null;
    this.createClient = options.createClient ?? ((url, WebSocket) => new ChatClient({ url, WebSocket, outboxStorage: options.platform.outboxStorage, canHost }));
    this.focus = options.focus ?? browserFocus();
    const dmFactory = options.createDms !== undefined ? options.createDms : options.platform.e2e ? dmServiceFactory(options.platform.e2e) : null;
    this.dms = new EncryptedDms(this.store, dmFactory, (text) => this.showBanner('e2e_problem', text, true));
    this.context = {
      store: this.store,
      client: () => this.client,
      requireClient: () => this.requireClient(),
      openConversation: (conv) => this.openConversation(conv),
      reveal: (messages, live) => this.dms.reveal(messages, live),
    };
    this.history = new MessageHistory(this.context);
    this.messages = new MessageSender(this.context, this.history, this.dms);
    this.channels = new Channels(this.context);
    this.files = new FileSharing(this.context, {
      platform: options.platform,
      uploads: options.uploads,
      download: options.download,
      encryptFor: (conv, clientMsgId, file) => this.dms.prepareFile(conv, clientMsgId, file),
      dmFile: (fileId) => this.dms.fileSave(fileId),
    });
    this.reads = new ReadReporter(this.context, this.focus);
    this.notifications = new SessionNotifications(this.store, options.platform);
    this.search = new SessionSearch(this.context, this.dms);
    this.threads = new SessionThreads(this.context, this.dms);
    this.moderation = new Moderation(this.context);
    this.profiles = new Profiles(this.context, options.platform.kind === 'web', options.platform.avatars);
    this.channelCare = new ChannelCare(this.context);
    this.handOver = new SessionHandOver(this.context, options.platform.hosting);
    this.moves = new SessionMoves(this.store, (code, text, fades) => this.showBanner(code, text, fades));
    this.trust = new SessionTrustStep(this.store, options.platform.trust, {
      join: (target) => this.join(target),
      leave: () => this.leaveSession(),
      stop: () => {
        this.files.stopUploads();
        this.closeClient();
        this.state.resetSession();
      },
    });
    this.rediscovery = new SessionRediscovery(this.store, options.platform.discovery, options.platform.trust, {
      client: () => this.client,
      identityAt: (url) => this.trust.identityAt(url),
      notice: (code, text) => this.showBanner(code, text, true),
    });
    this.incoming = new IncomingEvents({ store: this.store, platform: options.platform, focus: this.focus, dms: this.dms, threads: this.threads, channels: this.channels });
  }

  private get state() {
    return this.store.getState();
  }

  // ------------------------------------------------------------------ lifecycle

  /** Wires the app-wide listeners and goes to the right first screen. */
  async start(): Promise<void> {
    this.appSubscriptions.push(
      this.platform.onOpenConversation((conv) => this.openConversation(conv)),
      this.files.listen(),
      this.trust.listen(),
      this.focus.subscribe((focused) => this.state.setWindowFocused(focused)),
      watchBadge(this.store, this.platform),
      rememberOpenConversation(this.store, this.platform),
    );
    this.state.setWindowFocused(this.focus.isFocused());

    const last = await this.platform.getLastSession().catch(() => null);
    if (last) this.state.setLastUserName(last.userName);
    const served = this.platform.servedSession();
    if (served) {
      // A page that followed a moved session (session-move.ts) took in its sign-in at start: it resumes here.
      const arrived = arrivalBanner(this.platform);
      await this.join(served);
      if (arrived) this.showBanner(arrived.code, arrived.text, true);
      return;
    }
    if (last) {
      const reached = await this.join({ url: last.url, label: last.sessionName });
      if (!reached) this.state.setStartProblem(`Could not reach “${last.sessionName}” at ${last.url}. ${this.state.startProblem ?? ''}`.trim());
      return;
    }
    this.state.setPhase('choose');
  }

  dispose(): void {
    this.files.stopUploads();
    this.closeClient();
    for (const unsubscribe of this.appSubscriptions.splice(0)) unsubscribe();
    this.rediscovery.reset();
    this.banner.dispose();
  }

  /**
   * Connects to a session (on the desktop after its identity checks out, or
   * the person has been asked); resumes with a saved token when there is
   * one, else shows the sign-in form. False when the host could not be reached.
   */
  async join(target: SessionTarget): Promise<boolean> {
    this.closeClient();
    const state = this.state;
    state.setTarget(target);
    state.setStartProblem(null);
    state.setIdentityPrompt(null);
    state.setPhase('connecting');
    const verdict = await this.trust.check(target);
    if (this.state.target !== target) return false; // the person went elsewhere meanwhile
    if (typeof verdict === 'object') return this.join({ ...target, url: verdict.secureUrl });
    if (verdict === 'asking') return true;
    if (verdict === 'unreachable') {
      state.setPhase(this.platform.servedSession() ? 'connecting' : 'choose');
      return false;
    }
    const client = this.openClient(target.url);
    let session: SessionInfo;
    try {
      session = await client.connect();
    } catch (error) {
      if (this.client !== client) return false;
      this.closeClient();
      state.setStartProblem(describeError(error));
      state.setPhase(this.platform.servedSession() ? 'connecting' : 'choose');
      return false;
    }
    if (this.client !== client) return false;
    state.setSession(session);
    const token = await this.platform.loadToken(session.id).catch(() => null);
    if (token && this.client === client) {
      try {
        await client.resume(token);
        return true; // the signedIn handler takes it from here
      } catch (error) {
        if (this.client !== client) return false;
        if (error instanceof ChatError && error.code === 'token_invalid') {
          await this.platform.forgetToken(session.id).catch(() => {});
          state.setStartProblem('Your saved sign-in is no longer valid here — sign in with your name and password.');
        } else {
          state.setStartProblem(describeError(error));
        }
      }
    }
    if (this.client === client) state.setPhase('signin');
    return true;
  }

  /** Signs in with name and password; rejects with the host's ChatError for the form to show. */
  async signIn(fields: SignInFields): Promise<void> {
    const client = await this.connectedClient();
    const passcode = fields.passcode?.length ? fields.passcode : undefined;
    await client.signIn({ name: fields.name, password: fields.password, mode: 'auto', ...(passcode !== undefined && { passcode }) });
  }

  /** Forgets this device's sign-in and shows the sign-in form again. */
  async signOut(): Promise<void> {
    const sessionId = this.state.session?.id;
    const target = this.state.target;
    // The host forgets the token too (other devices stay signed in).
    await this.client?.signOut().catch(() => {});
    if (sessionId) await this.platform.forgetToken(sessionId).catch(() => {});
    this.files.stopUploads();
    this.closeClient();
    this.dms.forget();
    this.state.resetSession();
    if (target) await this.join(target);
  }

  /** Leaves this session for the "Find or host" screen (desktop). The saved sign-in is kept. */
  async leaveSession(): Promise<void> {
    this.files.stopUploads();
    this.closeClient();
    this.dms.forget();
    this.state.resetSession();
    this.state.setTarget(null);
    this.state.setSession(null);
    this.state.setIdentityPrompt(null);
    await this.platform.setLastSession(null).catch(() => {});
    this.state.setPhase(this.platform.servedSession() ? 'connecting' : 'choose');
  }

  /** After the client gave up for good ('closed'): connect again from scratch. */
  async reconnect(): Promise<void> {
    const target = this.state.target;
    if (target) await this.join(target);
  }

  private openClient(url: string): ChatClientLike {
    const client = this.createClient(url, this.platform.WebSocket);
    this.client = client;
    this.dms.attach(client); // before it connects: the DM service sets up at each sign-in
    this.wire(client);
    return client;
  }

  private closeClient(): void {
    this.moves.clear();
    for (const unsubscribe of this.clientSubscriptions.splice(0)) unsubscribe();
    this.rediscovery.reset();
    this.client?.close();
    this.client = null;
    this.dms.detach();
    this.messages.clear();
    this.reads.clear();
    this.state.setConnection('idle');
  }

  private requireClient(): ChatClientLike {
    if (!this.client) throw new ChatError('disconnected', 'Not connected to a session.');
    return this.client;
  }

  /**
   * The host closes a socket that has not signed in within 10 s, so a person
   * who took longer over the form needs a fresh connection first.
   */
  private async connectedClient(): Promise<ChatClientLike> {
    const target = this.state.target;
    if (!target) throw new ChatError('disconnected', 'Pick a session first.');
    let client = this.client;
    if (!client || client.state === 'closed') client = this.openClient(target.url);
    if (client.state === 'idle') {
      const session = await client.connect();
      this.state.setSession(session);
    }
    return client;
  }

  // ------------------------------------------------------------------ client events

  private wire(client: ChatClientLike): void {
    const mine = () => this.client === client;
    this.clientSubscriptions.push(
      client.on('state', (state) => {
        if (!mine()) return;
        this.state.setConnection(state);
        this.rediscovery.onState(state);
      }),
      client.on('signedIn', (snapshot) => mine() && this.onSignedIn(snapshot)),
      // What a reload or restart interrupted: shown as pending again, and followed (thread replies in their thread).
      client.on('restored', (entries) => {
        if (!mine()) return;
        this.messages.restore(entries);
        this.threads.restore(entries);
      }),
      client.on('event', (event, meta) => mine() && this.incoming.receive(event, meta.replay, mine)),
      client.on('presence', (user, online) => mine() && this.state.applyPresence(user, online)),
      client.on('typing', ({ conv, user }) => mine() && this.state.applyTyping(conv, user)),
      client.on('read', (read) => mine() && this.state.applyRead(read)),
      client.on('mute', ({ conv, muted }) => mine() && this.state.applyMute(conv, muted)),
      client.on('thread', (thread) => mine() && this.state.applyThreadState(thread)),
      client.on('user', (user) => mine() && this.state.applyUser(user)),
      client.on('channel', (channel) => mine() && this.state.upsertChannel(channel)),
      client.on('authRequired', (error) => {
        if (!mine()) return;
        const sessionId = this.state.session?.id;
        if (sessionId) void this.platform.forgetToken(sessionId).catch(() => {});
        this.state.setStartProblem(
          error.code === 'account_removed' ? error.message : 'Your sign-in here stopped working — sign in again with your name and password.',
        );
        this.state.setPhase('signin');
      }),
      client.on('notice', (frame) => mine() && this.showBanner(frame.code, frame.message, true)),
      // A browser goes to the new origin itself (platform.move, web-move.ts); the desktop re-points its socket (main trusted the new address).
      client.on('moved', (moved) => mine() && (this.platform.move ? followSessionMove(this.store, this.platform, client, moved) : this.moves.moved(client, moved.to))),
      client.on('handoverOffer', (offer) => mine() && this.state.setHandOverOffer(offer)),
    );
  }

  private showBanner(code: string, text: string, fades: boolean): void {
    this.banner.show(code, text, fades);
  }

  private onSignedIn(snapshot: SignedIn): void {
    const state = this.state;
    const remembered = rememberedConversation(state, this.platform, snapshot);
    state.applySignedIn(snapshot);
    this.notifications.signedIn(snapshot.session.id, snapshot.user.id);
    state.setThreadStates(snapshot.threads ?? []);
    if (this.client) this.moves.arrived(this.client);
    rememberSignIn(this.platform, this.state.target, snapshot);
    const active = remembered && canReopen(this.state, remembered) ? remembered : (this.state.active ?? GENERAL_CONV);
    this.openConversation(active);
  }

  // ------------------------------------------------------------------ conversations

  openConversation(conv: string): void {
    const state = this.state;
    const parsed = parseConversationKey(conv);
    if (!parsed) return;
    let peer: number | null = null;
    if (parsed.kind === 'dm' && state.me) {
      peer = dmPeer(conv, state.me.id);
      if (peer === null) return;
      state.openDm(conv, peer);
    }
    if (parsed.kind === 'channel' && state.channels[parsed.channelId] && !state.channels[parsed.channelId]!.joined) return;
    state.setActive(conv);
    const loading = (state.history[conv] ?? NO_HISTORY).loaded ? Promise.resolve() : this.history.load(conv, false);
    // The DM's trust (its safety code, ~10,000 SHA-512s) is worked out once its first page is on screen.
    if (peer !== null) void this.dms.opened(peer, loading);
    if (parsed.kind === 'channel' && !state.channelMembers[parsed.channelId]) void this.channels.loadMembers(parsed.channelId);
  }

  openDmWith(userId: number): void {
    const me = this.state.me;
    if (!me || me.id === userId) return;
    this.openConversation(dmKey(me.id, userId));
  }

  /** Mutes or unmutes a conversation on all my devices (shown at once; put back if the host refuses). */
  async setMuted(conv: string, muted: boolean): Promise<void> {
    const client = this.requireClient();
    const before = this.state.muted[conv] === true;
    this.state.applyMute(conv, muted);
    try {
      const reply = await client.request('mute', { conv, muted });
      this.state.applyMute(reply.conv, reply.muted);
    } catch (error) {
      this.state.applyMute(conv, before);
      throw error;
    }
  }
}

