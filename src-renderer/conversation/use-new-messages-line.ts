// Where a conversation opened with unread messages starts, and when it is
// reported read (issue 12, "scrolling that respects the reader"):
// - more new messages than fit on a screen: the list opens at the
//   "New messages" line instead of the bottom;
// - more unread than the newest page holds (the line would sit over the top
//   of that page, not over the first unread message): the held window is
//   replaced by the page after my read position, so the line sits above the
//   real first unread message (Slack's "start at the oldest unread"); reading
//   on loads the newer pages, and "Jump to newest" goes to the end;
// - read is reported only once the newest message is on screen, never while
//   the list is still being moved to the line (Virtuoso first lands at the
//   bottom of whatever it holds) and never from a window that is not the
//   newest (ReadReporter checks hasNewer). Esc ("mark read") still marks
//   everything read wherever the list is.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';
import type { Message } from '../../src-shared/protocol/frames.js';
import type { ChatSession } from '../session/chat-session.js';
import type { AppStore } from '../store/app-store.js';
import type { HistoryState } from '../store/conversations-slice.js';
import { openedAtKey } from '../store/read-state-slice.js';
import type { MessageRow } from './message-rows.js';
import { holdOnScreen } from './hold-on-screen.js';

/** More rows than this after the "New messages" line: open at the line, not at the bottom. */
const NEW_LINE_SCROLL_ROWS = 10;


export interface NewMessagesLineInput {
  conv: string;
  rows: MessageRow[];
  messages: Message[];
  history: HistoryState;
  /** The "New messages" line goes after this seq; null = no line. */
  newAfterSeq: number | null;
  /** The list opens at a message jumped to: no line handling. */
  openingAt: number | null;
  atBottom: boolean;
  windowFocused: boolean;
  scroller: RefObject<HTMLElement | null>;
  virtuoso: RefObject<VirtuosoHandle | null>;
  /** The list leaves the newest (no longer follows new messages). */
  unpin: () => void;
  session: Pick<ChatSession, 'history' | 'reads'>;
  /** The store: which lines were already opened at their first unread message (never twice; read-state-slice). */
  store: AppStore;
}

/**
 * Hold the line at the top while the list settles, then `done`. A key in the
 * list lets go, as the wheel, touch and the scrollbar do (holdOnScreen).
 */
function holdLine(separator: HTMLElement, scroller: HTMLElement, done: () => void): void {
  let keyPressed = false;
  const onKey = () => (keyPressed = true);
  scroller.addEventListener('keydown', onKey);
  const end = () => {
    scroller.removeEventListener('keydown', onKey);
    done();
  };
  holdOnScreen(separator, scroller, { letGo: () => keyPressed, block: 'start' }, { landed: end, lost: end, gone: end });
}

/** Returns a ref that is true while read reports (and re-pinning at the bottom) wait for the line to be placed. */
export function useNewMessagesLine(input: NewMessagesLineInput): RefObject<boolean> {
  const { conv, rows, messages, history, newAfterSeq, openingAt, atBottom, windowFocused, scroller, virtuoso, unpin, session, store } = input;
  // Held from the start when there is a line to place: until then, being at
  // the bottom says nothing about having read.
  const readHold = useRef(newAfterSeq !== null && openingAt === null);
  const [readCheck, setReadCheck] = useState(0);
  const releaseRead = () => {
    readHold.current = false;
    setReadCheck((n) => n + 1);
  };

  const lineShown = useRef(false);
  const lineTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (lineShown.current || openingAt !== null) return;
    // Once the history has come: before, only live messages may be held, and
    // whether there are unread ones above them is not known yet.
    if (!history.loaded) return;
    const line = rows.findIndex((row) => row.kind === 'new-line');
    lineShown.current = true;
    if (line < 0 || newAfterSeq === null) return releaseRead();
    const unreadAbove = history.hasMore && !history.hasNewer && (messages[0]?.seq ?? 0) > newAfterSeq;
    const state = store.getState();
    if (unreadAbove && !state.openedAtFirstUnread[openedAtKey(conv, newAfterSeq)]) {
      // This window is replaced (the list remounts); read stays held here.
      state.noteOpenedAtFirstUnread(conv, newAfterSeq);
      void session.history.openAtFirstUnread(conv, newAfterSeq);
      return;
    }
    // Back at the newest page after having opened at the first unread: stay at the newest.
    if (unreadAbove || rows.length - line <= NEW_LINE_SCROLL_ROWS) return releaseRead();
    unpin();
    // After Virtuoso's own first positioning (at the bottom) has run. Rows
    // are measured only once shown, so Virtuoso's estimate lands near the
    // line: once the line is on the page, put it exactly at the top, and
    // hold it on screen while the list settles. (Virtuoso re-aims a scroll to
    // an index when rows are re-measured, and with messages arriving rows
    // are: a late re-aim by estimated heights left the line above the top.)
    let tries = 0;
    const go = () => {
      const el = scroller.current;
      const separator = el?.querySelector<HTMLElement>('.new-messages-line');
      if (el && separator) {
        el.scrollTop += separator.getBoundingClientRect().top - el.getBoundingClientRect().top;
        holdLine(separator, el, releaseRead);
        return;
      }
      virtuoso.current?.scrollToIndex({ index: line, align: 'start' });
      if (++tries < 4) lineTimer.current = setTimeout(go, 80);
      else releaseRead();
    };
    lineTimer.current = setTimeout(go, 50);
    // Only the rows (the line appearing, the history landing) start this.
  }, [rows, history.loaded]);
  useEffect(() => () => clearTimeout(lineTimer.current), []);

  // The newest message is on screen and the window has focus: tell the host
  // (ReadReporter throttles, and ignores a window that is not the newest).
  const newestSeq = messages[messages.length - 1]?.seq ?? 0;
  useEffect(() => {
    if (readHold.current) return;
    if (atBottom && windowFocused && newestSeq > 0) session.reads.report(conv);
  }, [atBottom, windowFocused, newestSeq, conv, session, readCheck]);

  return readHold;
}
