// Read state (PROTOCOL.md, "Read state"): how far I have read each
// conversation (shared by all my devices), how far the other person of a DM
// has read ("Seen"), which conversations I muted, and where the "New messages"
// line goes in the conversation I opened. The sign-in snapshot's convStates
// set it all; `read` and `mute` frames keep it current. The unread counts
// themselves live in the conversations slice (`unread`), which live messages
// update.
import type { StateCreator } from 'zustand';
import { UNREAD_COUNT_MAX } from '../../src-shared/limits.js';
import type { ConvState, Message } from '../../src-shared/protocol/frames.js';
import type { AppState } from './app-store.js';
import type { Unread } from './conversations-slice.js';

/** Where the "New messages" line goes: above the first message from someone else after `afterSeq`. */
export interface NewMessagesLine {
  conv: string;
  afterSeq: number;
}

export interface ReadStateSlice {
  /** My read position per conversation (highest seq read, on any device). */
  readSeq: Record<string, number>;
  /** DMs: the other person's read position. */
  peerReadSeq: Record<string, number>;
  /** Conversations I muted (true only; absent = not muted). */
  muted: Record<string, boolean>;
  /** Set when a conversation is opened with unread messages; kept until it is left. */
  newMessagesLine: NewMessagesLine | null;
  /**
   * "conv:afterSeq" of the "New messages" lines whose conversation was already
   * opened at its first unread message (use-new-messages-line.ts): never twice
   * for the same line, so "Jump to newest" from there stays at the newest.
   * Forgotten with the rest of the read state on sign-out or a session switch
   * (the same line of another account or session opens at its first unread).
   */
  openedAtFirstUnread: Record<string, true>;

  /** The snapshot's convStates: read positions, unread and mention counts, mutes. */
  applyConvStates(states: readonly ConvState[]): void;
  /** A `read` frame (me on another device, or a DM's other person) or the reply to my own `read`. */
  applyRead(read: { conv: string; user: number; seq: number }): void;
  applyMute(conv: string, muted: boolean): void;
  /** The conversation was opened at the first unread message after `afterSeq`. */
  noteOpenedAtFirstUnread(conv: string, afterSeq: number): void;
  resetReadState(): void;
}

/** The key of a "New messages" line in `openedAtFirstUnread`. */
export const openedAtKey = (conv: string, afterSeq: number) => `${conv}:${afterSeq}`;

/** Counts that stop at UNREAD_COUNT_MAX, as the host's do. */
export const capCount = (n: number) => Math.min(n, UNREAD_COUNT_MAX);

/** What the badge shows: "999+" once the count reached the cap. */
export function countLabel(n: number): string {
  return n >= UNREAD_COUNT_MAX ? `${UNREAD_COUNT_MAX}+` : String(n);
}

/** Counts as the host does: text and file messages from others, not deleted. */
export function countsAsUnread(message: Message, meId: number | undefined): boolean {
  return message.from !== meId && (message.kind === 'text' || message.kind === 'file') && !message.deleted;
}

function recount(messages: readonly Message[], afterSeq: number, meId: number): Unread {
  let count = 0;
  let mentions = 0;
  for (let i = messages.length - 1; i >= 0 && messages[i]!.seq > afterSeq; i--) {
    const message = messages[i]!;
    if (!countsAsUnread(message, meId)) continue;
    count++;
    if (message.mentions?.includes(meId)) mentions++;
  }
  return { count, mentions };
}

export const createReadStateSlice: StateCreator<AppState, [], [], ReadStateSlice> = (set, get) => ({
  readSeq: {},
  peerReadSeq: {},
  muted: {},
  newMessagesLine: null,
  openedAtFirstUnread: {},

  applyConvStates: (states) => {
    const readSeq: Record<string, number> = {};
    const peerReadSeq: Record<string, number> = {};
    const muted: Record<string, boolean> = {};
    const unread: Record<string, Unread> = {};
    // The open conversation's count too: ChatSession opens it right after, which
    // turns its count into the "New messages" line.
    for (const s of states) {
      readSeq[s.conv] = s.readSeq;
      if (s.peerReadSeq !== undefined) peerReadSeq[s.conv] = s.peerReadSeq;
      if (s.muted) muted[s.conv] = true;
      if (s.unread > 0) unread[s.conv] = { count: capCount(s.unread), mentions: capCount(s.mentions) };
    }
    set({ readSeq, peerReadSeq, muted, unread });
  },

  applyRead: ({ conv, user, seq }) => {
    const state = get();
    const me = state.me;
    if (!me) return;
    if (user !== me.id) {
      if ((state.peerReadSeq[conv] ?? 0) >= seq) return;
      set({ peerReadSeq: { ...state.peerReadSeq, [conv]: seq } });
      return;
    }
    const patch: Partial<AppState> = {};
    if ((state.readSeq[conv] ?? 0) < seq) patch.readSeq = { ...state.readSeq, [conv]: seq };
    const current = state.unread[conv];
    if (current) {
      const held = state.messages[conv] ?? [];
      const latest = Math.max(held[held.length - 1]?.seq ?? 0, state.dms[conv]?.lastSeq ?? 0);
      if (seq >= latest) {
        const { [conv]: _read, ...rest } = state.unread;
        patch.unread = rest;
      } else {
        // Read up to a point before the newest: what is left is what I hold after it.
        const left = recount(held, seq, me.id);
        const next = { count: Math.min(current.count, left.count), mentions: Math.min(current.mentions, left.mentions) };
        if (next.count === 0) {
          const { [conv]: _read, ...rest } = state.unread;
          patch.unread = rest;
        } else if (next.count !== current.count || next.mentions !== current.mentions) {
          patch.unread = { ...state.unread, [conv]: next };
        }
      }
    }
    if (Object.keys(patch).length > 0) set(patch);
  },

  applyMute: (conv, muted) => {
    const current = get().muted;
    if (Boolean(current[conv]) === muted) return;
    if (muted) set({ muted: { ...current, [conv]: true } });
    else {
      const { [conv]: _unmuted, ...rest } = current;
      set({ muted: rest });
    }
  },

  noteOpenedAtFirstUnread: (conv, afterSeq) => set({ openedAtFirstUnread: { ...get().openedAtFirstUnread, [openedAtKey(conv, afterSeq)]: true } }),
  resetReadState: () => set({ readSeq: {}, peerReadSeq: {}, muted: {}, newMessagesLine: null, openedAtFirstUnread: {} }),
});
