// The messages of one conversation, virtualised with react-virtuoso:
// - opens at the newest message and follows new ones while at the bottom;
// - scrolling to the top loads the page before the oldest message held
//   (`history` with before = oldest seq);
// - older pages are prepended without a jump by lowering `firstItemIndex` by
//   exactly the number of rows that appeared above the first message shown
//   when the list opened (the anchor).
import { useEffect, useMemo, useRef } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { Message } from '../../src-shared/protocol/frames.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { NO_HISTORY, type HistoryState, type PendingMessage } from '../store/conversations-slice.js';
import type { FileActions } from './MessageRowView.js';
import { buildRows, type MessageRow } from './message-rows.js';
import { MessageRowView } from './MessageRowView.js';

/** Virtuoso wants a positive firstItemIndex with room to count down as pages are prepended. */
const START_INDEX = 1_000_000_000;
const NO_MESSAGES: Message[] = [];
const NO_PENDING: PendingMessage[] = [];

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

export function MessageList({ conv, title, channelName, topic }: MessageListProps) {
  const session = useChatSession();
  const messages = useAppStore((s) => s.messages[conv] ?? NO_MESSAGES);
  const pending = useAppStore((s) => s.pending[conv] ?? NO_PENDING);
  const history = useAppStore((s) => s.history[conv] ?? NO_HISTORY);
  const me = useAppStore((s) => s.me);
  const transfers = useAppStore((s) => s.transfers);
  const downloads = useAppStore((s) => s.downloads);
  const uploads = useMemo(() => Object.values(transfers).filter((t) => t.conv === conv), [transfers, conv]);
  const virtuoso = useRef<VirtuosoHandle>(null);

  const atStart = history.loaded && !history.hasMore;
  const rows = useMemo(() => buildRows(messages, pending, me, { atStart }, uploads), [messages, pending, me, atStart, uploads]);
  const files = useMemo<FileActions>(
    () => ({
      save: (file) => session.saveFile(file),
      open: (file) => session.saveFile(file, { inline: true }),
      pause: (id) => session.pauseUpload(id),
      resume: (id) => session.resumeUpload(id),
      cancel: (id) => session.cancelUpload(id),
      retry: (id) => session.retryUpload(id),
      downloads,
      controlDownload: (transferId, action) => session.controlDownload(transferId, action),
    }),
    [session, downloads],
  );

  const anchor = useRef<number | null>(null);
  let index = anchorIndex(rows, anchor.current);
  if (index < 0) {
    // First render, or the anchor went away (resync): anchor on the first message now.
    const first = rows.find((row) => row.kind === 'message' || row.kind === 'notice');
    anchor.current = first && 'message' in first ? first.message.seq : null;
    index = Math.max(0, anchorIndex(rows, anchor.current));
  }
  const firstItemIndex = START_INDEX - index;

  // Opening at the bottom: rows are measured after the first paint and may be
  // taller than estimated (long or multi-line messages), so keep pinning the
  // end while the list settles — until the reader scrolls, or for a second.
  // After that, new messages are followed by `followOutput`.
  const settling = useRef(true);
  useEffect(() => {
    const timer = setTimeout(() => (settling.current = false), 1000);
    return () => clearTimeout(timer);
  }, []);
  const stopSettling = () => (settling.current = false);
  const scroller = useRef<HTMLElement | null>(null);
  const keepPinned = () => {
    // Straight on the scroller, so the end is the real end whatever Virtuoso
    // has measured so far.
    const el = scroller.current;
    if (settling.current && el) el.scrollTop = el.scrollHeight;
  };

  // My own new message: go to the bottom even when scrolled up.
  const pendingCount = pending.length + uploads.length;
  const previousPending = useRef(pendingCount);
  useEffect(() => {
    if (pendingCount > previousPending.current) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
    previousPending.current = pendingCount;
  }, [pendingCount]);

  const loadOlder = () => {
    if (history.loaded && history.hasMore && !history.loading) void session.loadHistory(conv, true);
  };

  if (!history.loaded && rows.length === 0) {
    return (
      <div className="message-list message-list--empty" role="log" aria-live="polite" aria-label={`Messages in ${title}`} aria-busy={!history.error}>
        {history.error ? (
          <div className="message-list__problem" role="alert">
            <p>Could not load the messages: {history.error}</p>
            <button type="button" className="button" onClick={() => void session.loadHistory(conv, false)}>
              Try again
            </button>
          </div>
        ) : (
          <p className="message-list__loading">Loading messages…</p>
        )}
      </div>
    );
  }

  return (
    <div
      className="message-list"
      role="log"
      aria-live="polite"
      aria-label={`Messages in ${title}`}
      aria-relevant="additions"
      onWheel={stopSettling}
      onTouchStart={stopSettling}
      onKeyDown={stopSettling}
    >
      <Virtuoso<MessageRow, ListContext>
        ref={virtuoso}
        className="message-list__scroller"
        data={rows}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        computeItemKey={(_index, row) => row.key}
        alignToBottom
        followOutput={(atBottom) => (atBottom ? 'auto' : false)}
        atBottomThreshold={48}
        totalListHeightChanged={keepPinned}
        scrollerRef={(el) => (scroller.current = el instanceof HTMLElement ? el : null)}
        startReached={loadOlder}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        context={{ history, loadOlder }}
        components={{ Header: ListHeader }}
        itemContent={(_index, row) => (
          <MessageRowView
            row={row}
            myName={me?.name ?? ''}
            channelName={channelName}
            title={title}
            topic={topic}
            onRetry={(id) => session.retry(id)}
            onDiscard={(id) => session.discard(id)}
            files={files}
          />
        )}
      />
    </div>
  );
}
