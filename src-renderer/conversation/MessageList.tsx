// The messages of one conversation, virtualised with react-virtuoso:
// - opens at the newest message and follows new ones while at the bottom;
// - scrolling to the top loads the page before the oldest message held
//   (`history` with before = oldest seq);
// - older pages are prepended without a jump by lowering `firstItemIndex` by
//   exactly the number of rows that appeared above the first message shown
//   when the list opened (the anchor), once the list is still
//   (use-older-when-still.ts);
// - after a jump to an old message the held window may not be the newest
//   (history.hasNewer): scrolling to the end loads the next page, and "Jump to
//   newest" goes back. A replaced window (history.window) remounts the list.
// - whenever the newest message is not on screen, a pill goes back to it:
//   "Jump to newest", or "3 new messages" once some arrived meanwhile
//   (JumpToNewest, new-below.ts). Arrivals never move a reader who scrolled up.
// - opened with unread messages: at the "New messages" line, or at the
//   first unread message when it is older than the newest page; read is
//   reported only from the newest (use-new-messages-line.ts).
// - a jump (store.focusMessage) scrolls to the message and flashes it.
// - the keyboard: one Tab stop, arrow keys between messages, Enter into a
//   message's actions (use-roving-messages.ts, MessageArticle.tsx).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { Message } from '../../src-shared/protocol/frames.js';
import { useAppStore, useChatSession, useStoreApi } from '../app/app-services.js';
import { describeError } from '../session/describe-error.js';
import { NO_HISTORY, type HistoryState, type PendingMessage } from '../store/conversations-slice.js';
import type { DmNotice } from '../store/dm-e2e-slice.js';
import type { FileActions } from './MessageRowView.js';
import { JUMP_HIGHLIGHT_MS, MessageContext, type MessageContextValue } from './message-context.js';
import { buildRows, type MessageRow } from './message-rows.js';
import { JumpToNewest } from './JumpToNewest.js';
import { useNewBelow } from './new-below.js';
import { withReadMarkers } from './read-markers.js';
import { MessageListRow } from './MessageListRow.js';
import { focusComposer } from './focus-composer.js';
import { useRovingMessages } from './use-roving-messages.js';
import { useNewMessagesLine } from './use-new-messages-line.js';
import { SETTLING_CLASS, useOpenAtNewest, type OpeningIndex } from './use-open-at-newest.js';
import { MessagesSkeleton } from './MessagesSkeleton.js';
import { useOlderWhenStill } from './use-older-when-still.js';
import { personName } from '../store/selectors.js';


/** Virtuoso wants a positive firstItemIndex with room to count down as pages are prepended. */
const START_INDEX = 1_000_000_000;
const NO_MESSAGES: Message[] = [];
/** Keys that scroll the list up (and so leave the newest). */
const SCROLL_UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);
const NO_PENDING: PendingMessage[] = [];
const NO_NOTICES: DmNotice[] = [];

function anchorIndex(rows: MessageRow[], anchorSeq: number | null): number {
  if (anchorSeq === null) return -1;
  return rows.findIndex((row) => (row.kind === 'message' || row.kind === 'notice') && row.message.seq === anchorSeq);
}

interface ListContext {
  history: HistoryState;
  loadOlder: () => void;
}

/**
 * Above the oldest row: loading an older page, or a problem doing so. Always
 * the same height, so that it going away as a page lands moves nothing.
 */
function ListHeader({ context }: { context: ListContext }) {
  const { history, loadOlder } = context;
  return (
    <div className="message-list__header">
      {history.loading ? (
        <span className="message-list__loading">Loading older messages…</span>
      ) : history.error ? (
        <span className="message-list__problem">
          Could not load older messages.{' '}
          <button type="button" className="link-button" onClick={loadOlder}>
            Try again
          </button>
        </span>
      ) : null}
    </div>
  );
}

export interface MessageListProps {
  conv: string;
  /** "#design" or "Bob": names the log for screen readers. */
  title: string;
  channelName: string | null;
  topic?: string;
}

/** One list per held window: a window replaced by a jump starts a fresh list (anchors and indexes start over). */
export function MessageList(props: MessageListProps) {
  const windowId = useAppStore((s) => s.history[props.conv]?.window ?? 0);
  return <MessageWindow key={windowId} {...props} />;
}


function rowSeq(row: MessageRow): number | null {
  return row.kind === 'message' || row.kind === 'notice' || row.kind === 'file' ? row.message.seq : null;
}

function MessageWindow({ conv, title, channelName, topic }: MessageListProps) {
  const session = useChatSession();
  const messages = useAppStore((s) => s.messages[conv] ?? NO_MESSAGES);
  const pending = useAppStore((s) => s.pending[conv] ?? NO_PENDING);
  const history = useAppStore((s) => s.history[conv] ?? NO_HISTORY);
  const me = useAppStore((s) => s.me);
  const transfers = useAppStore((s) => s.transfers);
  const downloads = useAppStore((s) => s.downloads);
  const uploads = useMemo(() => Object.values(transfers).filter((t) => t.conv === conv), [transfers, conv]);
  const virtuoso = useRef<VirtuosoHandle>(null);
  // My own pending messages carry the name others see for me (display name when set).
  // Only my own entry of `users` is read here: anyone else's presence or profile does not re-render the list.
  const myName = useAppStore((s) => (me ? personName(s.users, me.id, me.name) : ''));
  const adminNow = useAppStore((s) => (me ? s.users[me.id]?.isAdmin : undefined));
  const editing = useAppStore((s) => s.editing);
  const focus = useAppStore((s) => s.focusMessage);
  const setEditing = useAppStore((s) => s.setEditing);
  const setReplyingTo = useAppStore((s) => s.setReplyingTo);
  const clearFocusMessage = useAppStore((s) => s.clearFocusMessage);
  const setBanner = useAppStore((s) => s.setBanner);
  const [highlightSeq, setHighlightSeq] = useState<number | null>(null);
  const store = useStoreApi();

  const scroller = useRef<HTMLElement | null>(null);
  // An older page goes in above only once the list is still (use-older-when-still.ts).
  const older = useOlderWhenStill(messages, scroller);
  const showOlderNow = older.showNow;
  const atStart = history.loaded && !history.hasMore && !older.waiting;
  // Read state: the "New messages" line (set when the conversation was opened with unread messages) and, in a DM, "Seen".
  const newAfterSeq = useAppStore((s) => (s.newMessagesLine?.conv === conv ? s.newMessagesLine.afterSeq : null));
  const notices = useAppStore((s) => s.dmNotices[conv] ?? NO_NOTICES);
  const dmMarks = useAppStore((s) => s.dmMarks);
  const seenSeq = useAppStore((s) => (conv.startsWith('dm:') ? (s.peerReadSeq[conv] ?? null) : null));
  const rows = useMemo(
    () => withReadMarkers(buildRows(older.shown, pending, me, { atStart, notices }, uploads), { newAfterSeq, seenSeq, meId: me?.id ?? null }),
    [older.shown, pending, me, atStart, notices, uploads, newAfterSeq, seenSeq],
  );
  const [atBottom, setAtBottom] = useState(true);
  const windowFocused = useAppStore((s) => s.windowFocused);
  const files = useMemo<FileActions>(
    () => ({
      save: (file) => session.files.save(file),
      open: (file) => session.files.save(file, { inline: true }),
      pause: (id) => session.files.pauseUpload(id),
      resume: (id) => session.files.resumeUpload(id),
      cancel: (id) => session.files.cancelUpload(id),
      retry: (id) => session.files.retryUpload(id),
      downloads,
      controlDownload: (transferId, action) => session.files.controlDownload(transferId, action),
    }),
    [session, downloads],
  );

  const retry = useCallback((id: string) => session.messages.retry(id), [session]);
  const discard = useCallback((id: string) => session.messages.discard(id), [session]);

  const bySeq = useMemo(() => new Map(messages.map((m) => [m.seq, m])), [messages]);
  const listElement = useRef<HTMLDivElement>(null);
  // A key moving up the list unpins it (`pinned` below: following the newest).
  const unpinOnMoveUp = useCallback(() => (pinned.current = false), []);
  // (loadOlder, below, is a new function every render: called through a ref.)
  const loadOlderNow = useRef<() => void>(() => {});
  const loadOlderPastOldest = useCallback(() => loadOlderNow.current(), []);
  const roving = useRovingMessages(listElement, scroller, virtuoso, rows, unpinOnMoveUp, loadOlderPastOldest);
  const focusAfterRemoval = useRef(roving.focusAfterRemoval);
  focusAfterRemoval.current = roving.focusAfterRemoval;
  const isAdmin = adminNow ?? me?.isAdmin ?? false;
  const editingSeq = editing?.conv === conv ? editing.seq : null;
  const messageContext = useMemo<MessageContextValue>(
    () => ({
      conv,
      meId: me?.id ?? null,
      isAdmin,
      held: (seq) => bySeq.get(seq),
      dmMark: (seq) => dmMarks[seq],
      highlightSeq,
      editingSeq,
      react: (seq, emoji, on) => session.messages.react(seq, emoji, on).catch((error: unknown) => setBanner({ code: 'react_failed', text: `Could not react: ${describeError(error)}` })),
      reply: (seq) => {
        const quoted = bySeq.get(seq);
        setReplyingTo(conv, { seq, from: quoted?.from ?? 0, fromName: quoted?.fromName ?? 'someone' });
      },
      startEdit: (seq) => setEditing({ conv, seq }),
      stopEdit: () => {
        setEditing(null);
        focusComposer();
      },
      saveEdit: async (seq, text) => {
        await session.messages.edit(seq, text);
        setEditing(null);
        focusComposer();
      },
      remove: async (seq) => {
        await session.messages.delete(seq);
        // Where the work continues: the next message (the dialog then leaves focus there).
        focusAfterRemoval.current(seq);
      },
      jumpTo: (seq) =>
        void session.history.jumpTo(conv, seq).catch((error: unknown) => setBanner({ code: 'jump_failed', text: `Could not show that message: ${describeError(error)}` })),
      openThread: (seq) => void session.threads.open(conv, seq),
    }),
    [conv, me, isAdmin, bySeq, dmMarks, highlightSeq, editingSeq, session, setEditing, setReplyingTo, setBanner],
  );

  // A jump: open where the message is (a new window mounts with it), or scroll to it; then flash it.
  const focusHere = focus?.conv === conv ? focus : null;
  const openingAt = useRef<number | null>(focusHere?.seq ?? null);
  useEffect(() => {
    if (!focusHere) return;
    const index = rows.findIndex((row) => rowSeq(row) === focusHere.seq);
    if (index < 0) {
      // In an older page waiting for the list to be still: shown now. Else not in this window (yet).
      showOlderNow();
      return;
    }
    unpin();
    virtuoso.current?.scrollToIndex({ index, align: 'center' });
    setHighlightSeq(focusHere.seq);
    clearFocusMessage();
  }, [focusHere, rows, clearFocusMessage, showOlderNow]);
  useEffect(() => {
    if (highlightSeq === null) return;
    const timer = setTimeout(() => setHighlightSeq(null), JUMP_HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlightSeq]);

  const anchor = useRef<number | null>(null);
  let index = anchorIndex(rows, anchor.current);
  if (index < 0) {
    // First render, or the anchor went away (resync): anchor on the first message now.
    const first = rows.find((row) => row.kind === 'message' || row.kind === 'notice');
    anchor.current = first && 'message' in first ? first.message.seq : null;
    index = Math.max(0, anchorIndex(rows, anchor.current));
  }
  const firstItemIndex = START_INDEX - index;

  // Pinned to the newest: opened at the bottom, or back there. Rows are
  // measured after they are painted and may be taller than estimated (long,
  // multi-line or grouped messages): a burst then leaves the end further down
  // than Virtuoso's at-bottom threshold and `followOutput` alone stops
  // following. So while pinned, every change of the list's height puts the
  // real end back on screen. Only the reader unpins, by scrolling up (wheel,
  // touch, keys); reaching the bottom again pins.
  const pinned = useRef(openingAt.current === null);
  const unpin = () => (pinned.current = false);
  const unpinIfUp = (event: React.WheelEvent | React.KeyboardEvent) => {
    if ('deltaY' in event ? event.deltaY < 0 : SCROLL_UP_KEYS.has(event.key)) unpin();
  };
  const keepPinned = () => {
    // Straight on the scroller, so the end is the real end whatever Virtuoso
    // has measured so far.
    const el = scroller.current;
    if (pinned.current && !history.hasNewer && el) el.scrollTop = el.scrollHeight;
  };
  // Whether to follow when the row count changed. Virtuoso asks on any change
  // of the count, older pages prepended too, and calls it "at bottom" while
  // any scroll to an index is under way: a page of older messages arriving
  // during a jump to the oldest (Home) sent the list to the newest. So: only
  // when the newest row changed (something arrived below), and by our own
  // at-bottom state.
  const atBottomNow = useRef(true);
  const newestFollowed = useRef(rows.at(-1)?.key);
  const followOutput = () => {
    const newest = rows.at(-1)?.key;
    const arrived = newest !== newestFollowed.current;
    newestFollowed.current = newest;
    // While the list is being moved to the "New messages" line, Virtuoso's
    // at-bottom (from its first positioning) is stale: follow only if pinned.
    const atBottom = atBottomNow.current && !readHold.current;
    return arrived && (atBottom || pinned.current) && !history.hasNewer ? 'auto' : false;
  };
  const onAtBottom = (bottom: boolean) => {
    // (Not while being moved to the "New messages" line: Virtuoso first lands at the bottom.)
    if (bottom && !readHold.current) pinned.current = true;
    atBottomNow.current = bottom;
    setAtBottom(bottom);
  };

  // The "New messages" line: open there (or at the first unread message),
  // and report read only from the newest (use-new-messages-line.ts).
  const readHold = useNewMessagesLine({
    conv, rows, messages, history, newAfterSeq, openingAt: openingAt.current, atBottom, windowFocused, scroller, virtuoso, unpin, session, store,
  });

  // My own new message: go to the bottom even when scrolled up.
  const pendingCount = pending.length + uploads.length;
  const previousPending = useRef(pendingCount);
  useEffect(() => {
    if (pendingCount > previousPending.current) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
    previousPending.current = pendingCount;
  }, [pendingCount]);

  // Scrolled up: the pill counts what arrived below; it (or "Jump to newest") goes back down.
  const newBelow = useNewBelow(messages, me?.id, atBottom);
  const jumpToNewest = () => {
    if (history.hasNewer) {
      void session.history.jumpToNewest(conv);
      return;
    }
    // Rows between here and the end are measured only as they appear: pinned,
    // the real end is kept on screen while they do.
    pinned.current = true;
    virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
    keepPinned();
  };

  const loadOlder = () => {
    // (Also while a page waits to go in: Virtuoso asks once per first row reached, and the page before it is then ready too.)
    if (history.loaded && history.hasMore && !history.loading) void session.history.load(conv, true);
  };
  loadOlderNow.current = loadOlder;
  const loadNewer = () => {
    if (history.loaded && history.hasNewer && !history.loading) void session.history.load(conv, 'newer');
  };
  const initialIndex = useMemo((): OpeningIndex => {
    const at = openingAt.current === null ? -1 : rows.findIndex((row) => rowSeq(row) === openingAt.current);
    return at >= 0 ? { index: at, align: 'center' } : { index: 'LAST', align: 'end' };
    // Only the first render's value counts (Virtuoso reads it on mount).
  }, []);
  const opening = useOpenAtNewest(initialIndex, scroller, () => rows.length - 1);

  if (!history.loaded && rows.length === 0) {
    return (
      <div className={`message-list message-list--empty${history.error ? '' : ' message-list--loading'}`} role="log" aria-live="polite" aria-label={`Messages in ${title}`} aria-busy={!history.error}>
        {history.error ? (
          <div className="message-list__problem" role="alert">
            <p>Could not load the messages: {history.error}</p>
            <button type="button" className="button" onClick={() => void session.history.load(conv, false)}>
              Try again
            </button>
          </div>
        ) : (
          <MessagesSkeleton />
        )}
      </div>
    );
  }

  return (
    <MessageContext.Provider value={messageContext}>
    <div
      className="message-list"
      role="log"
      aria-live="polite"
      aria-label={`Messages in ${title}`}
      aria-relevant="additions"
      onWheel={unpinIfUp}
      onTouchStart={unpin}
      onKeyDown={(event) => {
        // Moves between messages unpin when they are made (roving's onMoveUp),
        // not when pressed: one pressed during a jump to the newest waits for
        // it, and pinning on arrival there must not outlast the key.
        roving.onKeyDown(event);
        if (!event.defaultPrevented) unpinIfUp(event);
      }}
      onFocus={roving.onFocus}
      onBlur={roving.onBlur}
      // Focusable (not a Tab stop): where focus stays when its message scrolls out of the rendered rows.
      tabIndex={-1}
      ref={listElement}
    >
      <Virtuoso<MessageRow, ListContext>
        ref={virtuoso}
        className={`message-list__scroller${opening.settling ? ` ${SETTLING_CLASS}` : ''}`}
        tabIndex={-1}
        data={rows}
        firstItemIndex={firstItemIndex}
        {...opening.start}
        computeItemKey={(_index, row) => row.key}
        alignToBottom
        followOutput={followOutput}
        atBottomThreshold={48}
        atBottomStateChange={onAtBottom}
        totalListHeightChanged={keepPinned}
        scrollerRef={(el) => (scroller.current = el instanceof HTMLElement ? el : null)}
        startReached={loadOlder}
        endReached={loadNewer}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        context={{ history: older.waiting ? { ...history, loading: true } : history, loadOlder }}
        components={{ Header: ListHeader }}
        itemContent={(_index, row) => (
          <MessageListRow row={row} myName={myName} channelName={channelName} title={title} topic={topic} onRetry={retry} onDiscard={discard} files={files} />
        )}
      />
      {(history.hasNewer || !atBottom) && <JumpToNewest newCount={newBelow} onJump={jumpToNewest} />}
    </div>
    </MessageContext.Provider>
  );
}
