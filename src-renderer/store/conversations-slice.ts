// Channels, DMs, the messages of each conversation ordered by seq, history
// paging, unread counts, the active conversation and my messages not yet
// acknowledged. The host owns the truth: this is a projection that events,
// history pages and the sign-in snapshot are applied to.
import type { StateCreator } from 'zustand';
import { channelKey, dmPeer, GENERAL_CHANNEL_ID, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo, ChatEvent, DmInfo, Message, SignedIn } from '../../src-shared/protocol/frames.js';
import type { AppState } from './app-store.js';
import { capCount } from './read-state-slice.js';

export interface Unread {
  /** Messages from others that arrived while I was not looking. */
  count: number;
  /** Of those, the ones that mention me. */
  mentions: number;
}

export interface HistoryState {
  /** The newest page has been fetched (the conversation was opened once). */
  loaded: boolean;
  /** The host has older messages than the oldest held here. */
  hasMore: boolean;
  /**
   * The host has newer messages than the newest held here: the held window is
   * not the newest (after jumping to an old message). Live messages are then
   * not added (they would leave a gap); scrolling down loads the next page.
   */
  hasNewer: boolean;
  /** Counts replacements of the held window (an `around` page, or the newest after a detached one). */
  window: number;
  loading: boolean;
  error: string | null;
}

/** One of my messages on its way: shown greyed "Sending…", or "Failed" with Retry. */
export interface PendingMessage {
  clientMsgId: string;
  conv: string;
  text: string;
  ts: number;
  status: 'sending' | 'failed';
  error: string | null;
  /** Seq of the message this replies to. */
  replyTo?: number;
}

export const GENERAL_CONV = channelKey(GENERAL_CHANNEL_ID);
export const NO_HISTORY: HistoryState = { loaded: false, hasMore: true, hasNewer: false, window: 0, loading: false, error: null };

/**
 * Which page `applyHistory` gets: false = the newest, true = older than the
 * oldest held, 'newer' = newer than the newest held, 'around' = centred on a
 * message (replaces the window).
 */
export type HistoryPageKind = boolean | 'newer' | 'around';
export interface HistoryPage {
  messages: Message[];
  hasMore: boolean;
  hasNewer?: boolean;
}

export interface ConversationsSlice {
  channels: Record<number, ChannelInfo>;
  /** Member ids of channels whose list was fetched (channel.members), kept up to date from join/leave notices. */
  channelMembers: Record<number, number[]>;
  dms: Record<string, DmInfo>;
  messages: Record<string, Message[]>;
  history: Record<string, HistoryState>;
  unread: Record<string, Unread>;
  pending: Record<string, PendingMessage[]>;
  drafts: Record<string, string>;
  active: string | null;
  /** The window has focus and is visible (unread counts and notifications depend on it). */
  windowFocused: boolean;

  applyConversationsSnapshot(snapshot: SignedIn): void;
  /** A seq'd event from ChatClient (already deduplicated there; deduplicated again here by seq). */
  applyEvent(event: ChatEvent, meta?: { replay: boolean }): void;
  /** A history page: the newest one (`older` false), one before the oldest held (`older` true), or see HistoryPageKind. */
  applyHistory(conv: string, page: HistoryPage, older: HistoryPageKind): void;
  setHistoryLoading(conv: string, loading: boolean, error?: string | null): void;
  setChannels(channels: ChannelInfo[]): void;
  setChannelMembers(channelId: number, userIds: number[]): void;
  upsertChannel(channel: ChannelInfo): void;
  setActive(conv: string | null): void;
  setWindowFocused(focused: boolean): void;
  /** Shows a DM in the list before any message was exchanged. */
  openDm(conv: string, peer: number): void;
  addPending(message: Omit<PendingMessage, 'status' | 'error'>): void;
  /** The host acknowledged one of my messages: applied exactly as its `message` event. */
  applySent(message: Message): void;
  failPending(clientMsgId: string, error: string): void;
  retryPending(clientMsgId: string): void;
  /** The text a restored encrypted message carries (its saved form is an envelope). */
  setPendingText(clientMsgId: string, text: string): void;
  discardPending(clientMsgId: string): void;
  setDraft(conv: string, text: string): void;
  /** `resync`: the cached history has a gap; drop it (pending messages stay). */
  resetMessages(): void;
  resetConversations(): void;
}

/** Inserts keeping seq order; returns the same array when the seq is already there. */
export function insertBySeq(list: Message[], message: Message): Message[] {
  const last = list[list.length - 1];
  if (!last || last.seq < message.seq) return [...list, message];
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.seq < message.seq) low = mid + 1;
    else high = mid;
  }
  if (list[low]?.seq === message.seq) return list;
  return [...list.slice(0, low), message, ...list.slice(low)];
}

/** Index of the message with this seq in a seq-ordered list, or -1. */
export function findBySeq(list: readonly Message[], seq: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.seq < seq) low = mid + 1;
    else high = mid;
  }
  return list[low]?.seq === seq ? low : -1;
}

function mergeBySeq(list: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return list;
  const bySeq = new Map<number, Message>();
  for (const message of list) bySeq.set(message.seq, message);
  for (const message of incoming) if (!bySeq.has(message.seq)) bySeq.set(message.seq, message);
  if (bySeq.size === list.length) return list;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function withoutPending(pending: Record<string, PendingMessage[]>, conv: string, clientMsgId: string | null): Record<string, PendingMessage[]> {
  const list = pending[conv];
  if (!clientMsgId || !list?.some((p) => p.clientMsgId === clientMsgId)) return pending;
  return { ...pending, [conv]: list.filter((p) => p.clientMsgId !== clientMsgId) };
}

function updatePending(pending: Record<string, PendingMessage[]>, clientMsgId: string, change: (p: PendingMessage) => PendingMessage | null): Record<string, PendingMessage[]> {
  for (const [conv, list] of Object.entries(pending)) {
    const index = list.findIndex((p) => p.clientMsgId === clientMsgId);
    if (index < 0) continue;
    const changed = change(list[index]!);
    const next = [...list];
    if (changed) next[index] = changed;
    else next.splice(index, 1);
    return { ...pending, [conv]: next };
  }
  return pending;
}

export const createConversationsSlice: StateCreator<AppState, [], [], ConversationsSlice> = (set, get) => ({
  channels: {},
  channelMembers: {},
  dms: {},
  messages: {},
  history: {},
  unread: {},
  pending: {},
  drafts: {},
  active: null,
  windowFocused: true,

  applyConversationsSnapshot: (snapshot) => {
    const channels: Record<number, ChannelInfo> = {};
    for (const channel of snapshot.channels) channels[channel.id] = channel;
    const dms: Record<string, DmInfo> = {};
    for (const dm of snapshot.dms) dms[dm.conv] = dm;
    // Keep DMs opened here but not yet written to (the host does not know them).
    for (const [conv, dm] of Object.entries(get().dms)) if (!dms[conv] && dm.lastSeq === 0) dms[conv] = dm;
    set({ channels, dms });
    if (snapshot.resync) get().resetMessages();
    const active = get().active;
    const activeOk = active && isReachable(active, channels, dms, snapshot.user.id);
    if (!activeOk) set({ active: GENERAL_CONV });
  },

  applyEvent: (event, meta) => {
    if (event.type === 'channel.created') {
      const me = get().me;
      const existing = get().channels[event.channel.id];
      get().upsertChannel({ ...event.channel, joined: existing?.joined ?? event.channel.createdBy === me?.id });
      return;
    }
    const message = event.message;
    const state = get();
    const me = state.me;
    const fromMe = me !== null && message.from === me.id;
    const conv = message.conv;
    const patch: Partial<AppState> = {};

    if (event.type === 'message.updated') {
      const held = state.messages[conv];
      const index = held ? findBySeq(held, message.seq) : -1;
      if (!held || index < 0) return; // not held: history brings the current state
      const next = [...held];
      next[index] = message;
      set({ messages: { ...state.messages, [conv]: next } });
      return;
    }

    const list = state.messages[conv] ?? [];
    // A detached window (not the newest) does not take live messages: it would leave a gap.
    const detached = state.history[conv]?.hasNewer === true;
    const messages = detached ? list : insertBySeq(list, message);
    if (!detached && messages === list) return; // seen already
    if (!detached) patch.messages = { ...state.messages, [conv]: messages };
    if (fromMe) patch.pending = withoutPending(state.pending, conv, message.clientMsgId);

    const parsed = parseConversationKey(conv);
    if (parsed?.kind === 'dm' && me) {
      const peer = dmPeer(conv, me.id);
      if (peer !== null) {
        const dm = state.dms[conv];
        patch.dms = { ...state.dms, [conv]: { conv, peer, lastSeq: Math.max(dm?.lastSeq ?? 0, message.seq) } };
      }
    } else if (parsed?.kind === 'channel' && message.kind !== 'text') {
      const channel = state.channels[parsed.channelId];
      if (channel) {
        let next = channel;
        if (message.kind === 'join' && !(fromMe && channel.joined)) {
          next = { ...channel, joined: channel.joined || fromMe, memberCount: channel.memberCount + 1 };
        } else if (message.kind === 'leave' && !(fromMe && !channel.joined)) {
          next = { ...channel, joined: fromMe ? false : channel.joined, memberCount: Math.max(0, channel.memberCount - 1) };
        }
        patch.channels = { ...state.channels, [channel.id]: next };
        const members = state.channelMembers[channel.id];
        if (members && (message.kind === 'join' || message.kind === 'leave')) {
          const others = members.filter((id) => id !== message.from);
          patch.channelMembers = { ...state.channelMembers, [channel.id]: message.kind === 'join' ? [...others, message.from] : others };
        }
        if (message.kind === 'leave' && fromMe) {
          // Nothing more arrives from a channel I left: forget its messages so
          // that rejoining loads them again without a gap.
          const { [conv]: _dropped, ...rest } = patch.messages ?? state.messages;
          patch.messages = rest;
          const { [conv]: _history, ...history } = state.history;
          patch.history = history;
          if (state.active === conv) patch.active = GENERAL_CONV;
        }
      }
    }

    // Replayed messages are already counted in the snapshot's convStates.
    if ((message.kind === 'text' || message.kind === 'file') && !meta?.replay) {
      if (fromMe) {
        // I wrote there (perhaps on another device): I have read it.
        if (state.unread[conv]) {
          const { [conv]: _read, ...unread } = state.unread;
          patch.unread = unread;
        }
      } else if (!(state.active === conv && state.windowFocused)) {
        const current = state.unread[conv] ?? { count: 0, mentions: 0 };
        const mentioned = me !== null && message.mentions?.includes(me.id) === true;
        patch.unread = { ...state.unread, [conv]: { count: capCount(current.count + 1), mentions: capCount(current.mentions + (mentioned ? 1 : 0)) } };
      }
    }
    set(patch);
    if (message.kind === 'text') get().clearTyping(conv, message.from);
  },

  applyHistory: (conv, page, older) => {
    const state = get();
    const current = state.history[conv] ?? NO_HISTORY;
    const hasNewer = page.hasNewer ?? false;
    // An `around` page, or the newest while a detached window is held: the
    // pages do not join up, so the page replaces the window.
    if (older === 'around' || (older === false && current.hasNewer)) {
      set({
        messages: { ...state.messages, [conv]: [...page.messages].sort((a, b) => a.seq - b.seq) },
        history: {
          ...state.history,
          [conv]: { loaded: true, hasMore: page.hasMore, hasNewer: older === 'around' && hasNewer, window: current.window + 1, loading: false, error: null },
        },
      });
      return;
    }
    const messages = mergeBySeq(state.messages[conv] ?? [], page.messages);
    // The newest page says nothing about older pages already held; an older
    // page says nothing about newer ones.
    const hasMore = older === true || !current.loaded ? page.hasMore : current.hasMore;
    const newer = older === 'newer' ? hasNewer : older === true ? current.hasNewer : false;
    set({
      messages: { ...state.messages, [conv]: messages },
      history: { ...state.history, [conv]: { loaded: true, hasMore, hasNewer: newer, window: current.window, loading: false, error: null } },
    });
  },

  setHistoryLoading: (conv, loading, error = null) => {
    const history = get().history;
    set({ history: { ...history, [conv]: { ...(history[conv] ?? NO_HISTORY), loading, error } } });
  },

  setChannels: (list) => {
    const channels: Record<number, ChannelInfo> = {};
    for (const channel of list) channels[channel.id] = channel;
    set({ channels });
  },

  setChannelMembers: (channelId, userIds) => set({ channelMembers: { ...get().channelMembers, [channelId]: userIds } }),

  upsertChannel: (channel) => set({ channels: { ...get().channels, [channel.id]: channel } }),

  setActive: (conv) => {
    const { unread, active, readSeq, newMessagesLine } = get();
    // Opened with unread messages: the "New messages" line stays until the conversation is left.
    const line =
      conv === active && newMessagesLine?.conv === conv ? newMessagesLine : conv && unread[conv] ? { conv, afterSeq: readSeq[conv] ?? 0 } : null;
    if (conv && unread[conv]) {
      const { [conv]: _read, ...rest } = unread;
      set({ active: conv, unread: rest, newMessagesLine: line });
    } else {
      set({ active: conv, newMessagesLine: line });
    }
  },

  setWindowFocused: (focused) => {
    set({ windowFocused: focused });
    const { active, unread } = get();
    if (focused && active && unread[active]) {
      const { [active]: _read, ...rest } = unread;
      set({ unread: rest });
    }
  },

  openDm: (conv, peer) => {
    const dms = get().dms;
    if (!dms[conv]) set({ dms: { ...dms, [conv]: { conv, peer, lastSeq: 0 } } });
  },

  addPending: (message) => {
    const pending = get().pending;
    const list = pending[message.conv] ?? [];
    set({ pending: { ...pending, [message.conv]: [...list, { ...message, status: 'sending', error: null }] } });
  },

  // The acknowledgement and the event carrying the same message both arrive
  // (the reply first, on the same socket). Both go through applyEvent: the
  // first puts it in place with everything a message of mine changes (pending
  // row gone, the DM's lastSeq, unread cleared); the second finds its seq held
  // and changes nothing.
  applySent: (message) => get().applyEvent({ seq: message.seq, type: 'message', message }),

  failPending: (clientMsgId, error) =>
    set({ pending: updatePending(get().pending, clientMsgId, (p) => ({ ...p, status: 'failed', error })) }),

  setPendingText: (clientMsgId, text) => set({ pending: updatePending(get().pending, clientMsgId, (p) => ({ ...p, text })) }),

  retryPending: (clientMsgId) =>
    set({ pending: updatePending(get().pending, clientMsgId, (p) => ({ ...p, status: 'sending', error: null })) }),

  discardPending: (clientMsgId) => set({ pending: updatePending(get().pending, clientMsgId, () => null) }),

  setDraft: (conv, text) => set({ drafts: { ...get().drafts, [conv]: text } }),

  resetMessages: () => set({ messages: {}, history: {} }),

  resetConversations: () =>
    set({ channels: {}, channelMembers: {}, dms: {}, messages: {}, history: {}, unread: {}, pending: {}, drafts: {}, active: null }),
});

function isReachable(conv: string, channels: Record<number, ChannelInfo>, dms: Record<string, DmInfo>, me: number): boolean {
  const parsed = parseConversationKey(conv);
  if (!parsed) return false;
  if (parsed.kind === 'channel') return channels[parsed.channelId]?.joined === true;
  return dms[conv] !== undefined || dmPeer(conv, me) !== null;
}
