// What a message row needs beyond its own message, given once by MessageList:
// who I am, the messages held (a reply's quote prefers the held copy of its
// original), and the actions. Not the people: a part naming someone selects
// just them (use-people.ts), so nobody's presence re-renders every row.
import { createContext, useContext } from 'react';
import type { Message } from '../../src-shared/protocol/frames.js';
import type { DmMark } from '../store/dm-e2e-slice.js';

export interface MessageContextValue {
  conv: string;
  meId: number | null;
  isAdmin: boolean;
  /** The held copy of a message by seq (undefined when not held). */
  held: (seq: number) => Message | undefined;
  /** How a DM message was read on this device (encrypted, plain, failed); undefined outside DMs. */
  dmMark?: (seq: number) => DmMark | undefined;
  /** Seq of the message flashing after a jump, or null. */
  highlightSeq: number | null;
  /** Seq of the message being edited here, or null. */
  editingSeq: number | null;
  react: (seq: number, emoji: string, on: boolean) => Promise<void>;
  reply: (seq: number) => void;
  startEdit: (seq: number) => void;
  stopEdit: () => void;
  saveEdit: (seq: number, text: string) => Promise<void>;
  remove: (seq: number) => Promise<void>;
  jumpTo: (seq: number) => void;
  /** Opens the thread of a top-level message beside the conversation (absent where threads are not offered, e.g. inside a thread). */
  openThread?: (seq: number) => void;
}

/** How long a message jumped to (a quote clicked, a search result) stays highlighted. */
export const JUMP_HIGHLIGHT_MS = 2600;

export const MessageContext = createContext<MessageContextValue | null>(null);

export function useMessageContext(): MessageContextValue | null {
  return useContext(MessageContext);
}

/** Messages that can get reactions, replies and (mine) edits: not notices, not deleted. */
export const isActionable = (message: Message) => (message.kind === 'text' || message.kind === 'file') && !message.deleted;

export const canEdit = (message: Message, meId: number | null) => isActionable(message) && meId !== null && message.from === meId;

export const canDelete = (message: Message, meId: number | null, isAdmin: boolean) =>
  (message.kind === 'text' || message.kind === 'file') && !message.deleted && meId !== null && (message.from === meId || isAdmin);

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
