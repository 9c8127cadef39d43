// Opening a conversation at its newest message, shown from the first frame
// that shows anything.
//
// Virtuoso's `initialTopMostItemIndex: 'LAST'` renders the rows hidden, scrolls
// to the end, measures, and only then shows them: ~400 ms of blank list when
// #big opens in bench/renderer (frames.ts records what each frame shows). With
// `initialScrollTop` (past the end) the rows show at once, but the first
// frames are placed by estimated heights: the newest rows sit lower than they
// will, and older ones fill the window for a frame or two until the real
// heights are in and the pinned list (MessageList's keepPinned) puts the end
// back on screen.
//
// So: open with `initialScrollTop`, and keep the scroller hidden (the
// `--settling` class) until the newest row is rendered and wholly in the
// window with the scroller at its end, checked once per frame; then show it.
// A list that never settles (a row that keeps growing), or that settles in a
// page in the background (no animation frames there), is shown after
// OPEN_SETTLE_MAX_MS anyway, counted from when the conversation opened.
// Opening elsewhere (at the first unread, at a searched message) keeps
// Virtuoso's own `initialTopMostItemIndex`.
import { useEffect, useRef, useState, type RefObject } from 'react';

/** The longest the list stays hidden while it settles at the newest message. */
export const OPEN_SETTLE_MAX_MS = 1_000;

/** On the scroller while it settles (messages.css hides it). */
export const SETTLING_CLASS = 'message-list__scroller--settling';

export type OpeningIndex = { index: number; align: 'center' } | { index: 'LAST'; align: 'end' };

/** Whether the row at `last` (0-based in `data`: Virtuoso's data-index, without firstItemIndex) is rendered, wholly in `scroller`'s window, and the scroller at its end. */
function newestShown(scroller: HTMLElement, last: number): boolean {
  if (last < 0) return true; // no rows: nothing to place
  const items = scroller.querySelectorAll<HTMLElement>('[data-index]');
  const item = items[items.length - 1];
  if (!item || Number(item.dataset.index) !== last) return false;
  const view = scroller.getBoundingClientRect();
  const box = item.getBoundingClientRect();
  const atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= 1;
  return atEnd && box.bottom <= view.bottom + 1 && box.bottom >= view.top;
}

export interface OpenAtNewest {
  /** Spread on the Virtuoso: how it starts. */
  start: { initialScrollTop: number } | { initialTopMostItemIndex: OpeningIndex };
  /** Keep the scroller hidden (still settling at the newest). */
  settling: boolean;
}

/**
 * `opening` is read on the first render only (Virtuoso reads its start on
 * mount); `lastIndex` gives the index of the newest row in the list's data now.
 */
export function useOpenAtNewest(opening: OpeningIndex, scroller: RefObject<HTMLElement | null>, lastIndex: () => number): OpenAtNewest {
  const atNewest = useRef(opening.index === 'LAST').current;
  const [settling, setSettling] = useState(atNewest);
  const latestLastIndex = useRef(lastIndex);
  latestLastIndex.current = lastIndex;

  useEffect(() => {
    if (!settling) return;
    let frame = 0;
    const show = () => {
      // Shown in this frame (a frame before React's render would show it).
      scroller.current?.classList.remove(SETTLING_CLASS);
      setSettling(false);
    };
    const check = () => {
      const el = scroller.current;
      if (el && newestShown(el, latestLastIndex.current())) show();
      else frame = requestAnimationFrame(check);
    };
    frame = requestAnimationFrame(check);
    // A timer, not frames, bounds it: a page in the background gets no
    // animation frames, and its list must not stay hidden until it is shown.
    const limit = setTimeout(show, OPEN_SETTLE_MAX_MS);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(limit);
    };
  }, [settling, scroller]);

  const start = useRef<OpenAtNewest['start']>(atNewest ? { initialScrollTop: Number.MAX_SAFE_INTEGER } : { initialTopMostItemIndex: opening }).current;
  return { start, settling };
}
