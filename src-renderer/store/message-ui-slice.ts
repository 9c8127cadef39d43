// What the person is doing with single messages: the message the list should
// scroll to and flash (jump-to-message), the message being edited, and the
// message the composer's next message replies to (per conversation). UI state
// only: nothing here comes from the host.
import type { StateCreator } from 'zustand';
import type { AppState } from './app-store.js';

export interface FocusMessage {
  conv: string;
  seq: number;
  /** A new value for every request, so jumping to the same message twice flashes it twice. */
  nonce: number;
}

export interface EditingMessage {
  conv: string;
  seq: number;
}

export interface ReplyingTo {
  seq: number;
  /** Its author: the bar shows their display name as it is now (personName), `fromName` when unknown. */
  from: number;
  fromName: string;
}

export interface MessageUiSlice {
  focusMessage: FocusMessage | null;
  editing: EditingMessage | null;
  /** conv → the message the next one replies to. */
  replyingTo: Record<string, ReplyingTo>;

  /** Asks the list showing `conv` to scroll to `seq` and highlight it. */
  setFocusMessage(conv: string, seq: number): void;
  clearFocusMessage(): void;
  setEditing(editing: EditingMessage | null): void;
  setReplyingTo(conv: string, reply: ReplyingTo | null): void;
  resetMessageUi(): void;
}

let nonce = 0;

export const createMessageUiSlice: StateCreator<AppState, [], [], MessageUiSlice> = (set, get) => ({
  focusMessage: null,
  editing: null,
  replyingTo: {},

  setFocusMessage: (conv, seq) => set({ focusMessage: { conv, seq, nonce: ++nonce } }),
  clearFocusMessage: () => set({ focusMessage: null }),
  setEditing: (editing) => set({ editing }),
  setReplyingTo: (conv, reply) => {
    const { [conv]: _previous, ...rest } = get().replyingTo;
    set({ replyingTo: reply === null ? rest : { ...rest, [conv]: reply } });
  },
  resetMessageUi: () => set({ focusMessage: null, editing: null, replyingTo: {} }),
});
