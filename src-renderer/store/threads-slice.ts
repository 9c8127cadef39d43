// Threads (PROTOCOL.md, "Threads"): the thread open in the side panel, the
// replies held per root, and the threads I follow that have unread replies
// (the sidebar's "Threads" list). Roots live in the conversation's own list
// (conversations-slice); their `thread` summary arrives there as a
// message.updated. Thread-only replies never enter that list.
import type { StateCreator } from 'zustand';
import type { Message, ThreadState } from '../../src-shared/protocol/frames.js';
import type { AppState } from './app-store.js';
import { findBySeq, insertBySeq, type PendingMessage } from './conversations-slice.js';

/** One of my thread replies not acknowledged yet ("Sending…"), or refused ("Not sent", Retry / Discard). */
export interface PendingThreadReply extends PendingMessage {
  root: number;
  alsoToChannel: boolean;
}

export interface OpenThread {
  conv: string;
  root: number;
  loading: boolean;
  hasMore: boolean;
  error: string | null;
}

export interface ThreadsSlice {
  openThread: OpenThread | null;
  /** Root seq → the root as last seen (for the panel and the Threads list, also when its conversation is not loaded). */
  threadRoots: Record<number, Message>;
  /** Root seq → its replies held, in seq order. */
  threadReplies: Record<number, Message[]>;
  /** Root seq → my state of a thread I follow (unread replies). */
  threadStates: Record<number, ThreadState>;
  /** Root seq → my replies on their way (shown under the replies, as a conversation shows its pending messages). */
  threadPending: Record<number, PendingThreadReply[]>;
  /** The "Threads" view (unread threads) is shown in place of the conversation. */
  threadsListOpen: boolean;
  showThread(conv: string, root: number): void;
  closeThread(): void;
  setThreadsListOpen(open: boolean): void;
  setThreadLoading(root: number, loading: boolean, error?: string | null): void;
  applyThreadPage(page: { root: Message; messages: Message[]; hasMore: boolean }): void;
  /** A new reply (event thread.reply, an also-to-channel message, or my own acknowledged one). */
  applyThreadReply(message: Message): void;
  /** A changed message: a root's new summary, or an edited or deleted reply. */
  applyThreadMessageUpdate(message: Message): void;
  applyThreadState(state: ThreadState): void;
  /** The sign-in snapshot's unread threads (replaces what was held). */
  setThreadStates(states: readonly ThreadState[]): void;
  addThreadPending(reply: Omit<PendingThreadReply, 'status' | 'error'>): void;
  /** Refused (or failed): status 'failed' with why; `null` error = sending again. */
  setThreadPendingStatus(clientMsgId: string, error: string | null): void;
  /** The text a restored encrypted reply carries (its saved form is an envelope). */
  setThreadPendingText(clientMsgId: string, text: string): void;
  /** Acknowledged (the reply is in threadReplies) or discarded. */
  removeThreadPending(clientMsgId: string): void;
  resetThreads(): void;
}

const EMPTY = { openThread: null, threadRoots: {}, threadReplies: {}, threadStates: {}, threadPending: {}, threadsListOpen: false };

export const createThreadsSlice: StateCreator<AppState, [], [], ThreadsSlice> = (set, get) => ({
  ...EMPTY,
  showThread: (conv, root) => set({ openThread: { conv, root, loading: false, hasMore: false, error: null }, threadsListOpen: false }),
  closeThread: () => set({ openThread: null }),
  setThreadsListOpen: (open) => set({ threadsListOpen: open }),
  setThreadLoading: (root, loading, error = null) => {
    const open = get().openThread;
    if (open?.root === root) set({ openThread: { ...open, loading, error } });
  },
  applyThreadPage: ({ root, messages, hasMore }) => {
    const held = get().threadReplies[root.seq] ?? [];
    let list = held;
    for (const message of messages) list = insertBySeq(list, message);
    const open = get().openThread;
    set({
      threadRoots: { ...get().threadRoots, [root.seq]: root },
      threadReplies: { ...get().threadReplies, [root.seq]: list },
      ...(open?.root === root.seq && { openThread: { ...open, loading: false, hasMore, error: null } }),
    });
  },
  applyThreadReply: (message) => {
    const root = message.threadRoot;
    if (root === undefined) return;
    const held = get().threadReplies[root] ?? [];
    const list = insertBySeq(held, message);
    if (list !== held) set({ threadReplies: { ...get().threadReplies, [root]: list } });
  },
  applyThreadMessageUpdate: (message) => {
    const roots = get().threadRoots;
    if (roots[message.seq]) set({ threadRoots: { ...roots, [message.seq]: message } });
    const root = message.threadRoot;
    const held = root === undefined ? undefined : get().threadReplies[root];
    if (root === undefined || !held) return;
    const index = findBySeq(held, message.seq);
    if (index < 0) return;
    set({ threadReplies: { ...get().threadReplies, [root]: [...held.slice(0, index), message, ...held.slice(index + 1)] } });
  },
  applyThreadState: (state) => set({ threadStates: { ...get().threadStates, [state.root]: state } }),
  setThreadStates: (states) => set({ threadStates: Object.fromEntries(states.map((s) => [s.root, s])) }),
  addThreadPending: (reply) => {
    const all = get().threadPending;
    set({ threadPending: { ...all, [reply.root]: [...(all[reply.root] ?? []), { ...reply, status: 'sending', error: null }] } });
  },
  setThreadPendingStatus: (clientMsgId, error) => {
    const all = get().threadPending;
    const root = Object.keys(all).find((key) => all[Number(key)]!.some((p) => p.clientMsgId === clientMsgId));
    if (root === undefined) return;
    const list = all[Number(root)]!.map((p) => (p.clientMsgId === clientMsgId ? { ...p, status: error === null ? ('sending' as const) : ('failed' as const), error } : p));
    set({ threadPending: { ...all, [root]: list } });
  },
  setThreadPendingText: (clientMsgId, text) => {
    const all = get().threadPending;
    const root = Object.keys(all).find((key) => all[Number(key)]!.some((p) => p.clientMsgId === clientMsgId));
    if (root === undefined) return;
    set({ threadPending: { ...all, [root]: all[Number(root)]!.map((p) => (p.clientMsgId === clientMsgId ? { ...p, text } : p)) } });
  },
  removeThreadPending: (clientMsgId) => {
    const all = get().threadPending;
    const root = Object.keys(all).find((key) => all[Number(key)]!.some((p) => p.clientMsgId === clientMsgId));
    if (root === undefined) return;
    set({ threadPending: { ...all, [root]: all[Number(root)]!.filter((p) => p.clientMsgId !== clientMsgId) } });
  },
  resetThreads: () => set({ ...EMPTY }),
});

/** Followed threads with unread replies, the most recently active first (the "Threads" list). */
export function unreadThreads(state: Pick<ThreadsSlice, 'threadStates'>): ThreadState[] {
  return Object.values(state.threadStates)
    .filter((t) => t.unread > 0)
    .sort((a, b) => b.lastReplyAt - a.lastReplyAt);
}

/**
 * Whether `me` follows the thread of `root` as far as this window knows
 * (PROTOCOL.md: its root's author, a replier, or mentioned in it): the host
 * told me my state of it, or I wrote its root or a reply held here.
 */
export function followsThread(
  state: Pick<AppState, 'messages' | 'threadRoots' | 'threadReplies' | 'threadStates'>,
  conv: string,
  root: number,
  me: number,
): boolean {
  if (state.threadStates[root]) return true;
  const rootMessage = state.messages[conv]?.find((m) => m.seq === root) ?? state.threadRoots[root];
  if (rootMessage?.from === me) return true;
  return (state.threadReplies[root] ?? []).some((m) => m.from === me || m.mentions?.includes(me) === true);
}
