// A page of older messages is shown once the list is still.
//
// Shown while the list scrolls (a wheel notch animating in a desktop browser,
// a flick's momentum on a phone, keys moving through the list), the page's
// rows go in above with a scroll of Virtuoso's own to keep the reader's place.
// That scroll ends the reader's where it is: the rest of the notch or flick is
// lost (scrolling.test.ts measured 1 px of a 150 px smooth scroll). And
// Virtuoso places the new rows by estimated heights and, mid-scroll, does not
// correct once it has measured them (react-virtuoso#1405). Shown while the list
// is still, the same page moves nothing.
//
// So the page waits in the store until the list has not moved for
// OLDER_PAGE_STILL_MS, checked again as that time passes. Moving is a scroll
// event, or a wheel notch or touch that can scroll the list: a smooth scroll's
// first scroll event comes a frame or more after the notch that started it,
// and a page landing in between would still cut it short. For the same
// reason a page always waits OLDER_PAGE_GRACE_MS (a few frames) after it came.
// A wheel turned at the very top, or keys held on the oldest message shown,
// move nothing and do not hold the page back, and a reader who scrolls on up
// to the top of what is shown gets the page there and then: their scroll
// ends at the top anyway, and a reader flinging back through history does not
// stop at each page. Meanwhile the header still says "Loading older
// messages…", and a jump to a message in the waiting page shows it at once
// (`showNow`). The page before it may be asked for meanwhile (Virtuoso asks
// once per first row reached); it then waits too and both go in together.
// Newer messages (arrivals, a page below) are never held: what is shown is
// always the newest part of what the store holds.
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Message } from '../../src-shared/protocol/frames.js';

/** How long the list must not have scrolled before a page of older messages goes in above. */
export const OLDER_PAGE_STILL_MS = 150;
/** How long a page of older messages waits at least, to see whether a scroll is starting. */
export const OLDER_PAGE_GRACE_MS = 50;

/** Events on or in the scroller that move the list, or start moving it. */
const MOVING = ['scroll', 'wheel', 'touchmove'] as const;

/** At the top of what is shown (the header above the oldest message on screen). */
const atTop = (el: HTMLElement) => el.scrollTop <= 0;

/** Whether a wheel notch or touch can scroll `el` (a wheel turned up at the top cannot). */
function canScroll(el: HTMLElement, event: Event): boolean {
  const up = event instanceof WheelEvent ? event.deltaY < 0 : true;
  const down = event instanceof WheelEvent ? event.deltaY > 0 : true;
  return (up && el.scrollTop > 0) || (down && el.scrollTop + el.clientHeight < el.scrollHeight - 1);
}

export interface OlderWhenStill {
  /** The messages to show: all of them, or all but an older page that waits. */
  shown: Message[];
  /** An older page is in the store and waits for the list to be still. */
  waiting: boolean;
  /** Shows what waits now (a jump to a message in it). */
  showNow(): void;
}

export function useOlderWhenStill(messages: Message[], scroller: RefObject<HTMLElement | null>): OlderWhenStill {
  /** The seq of the oldest message shown; null until there is one. */
  const shownFrom = useRef<number | null>(null);
  const lastMoved = useRef(-Infinity);
  /** When the older page now waiting was first seen. */
  const arrived = useRef(-Infinity);
  const [check, setCheck] = useState(0);
  const waitingNow = useRef(false);

  useEffect(() => {
    const moved = (event: Event) => {
      const el = scroller.current;
      if (!el || !(event.target instanceof Node)) return;
      if (event.type === 'scroll' ? event.target === el : el.contains(event.target) && canScroll(el, event)) lastMoved.current = performance.now();
      // Scrolled up to the top with a page waiting: in it goes.
      if (event.type === 'scroll' && event.target === el && waitingNow.current && atTop(el)) setCheck((n) => n + 1);
    };
    // Scroll events do not bubble: listened to on the document as they go
    // down to the scroller, whichever element it is now.
    const options = { capture: true, passive: true };
    for (const type of MOVING) document.addEventListener(type, moved, options);
    return () => {
      for (const type of MOVING) document.removeEventListener(type, moved, options);
    };
  }, [scroller]);

  const oldest = messages[0]?.seq ?? null;
  const now = performance.now();
  const olderArrived = oldest !== null && shownFrom.current !== null && oldest < shownFrom.current;
  if (!olderArrived) {
    shownFrom.current = oldest;
    arrived.current = -Infinity;
  } else {
    if (arrived.current === -Infinity) arrived.current = now;
    const still = now - arrived.current >= OLDER_PAGE_GRACE_MS && now - lastMoved.current >= OLDER_PAGE_STILL_MS;
    if (still || (scroller.current !== null && atTop(scroller.current))) {
      shownFrom.current = oldest;
      arrived.current = -Infinity;
    }
  }
  const from = shownFrom.current;
  const waiting = from !== null && oldest !== null && oldest < from;
  waitingNow.current = waiting;

  useEffect(() => {
    if (!waiting) return;
    const due = Math.max(arrived.current + OLDER_PAGE_GRACE_MS, lastMoved.current + OLDER_PAGE_STILL_MS);
    const timer = setTimeout(() => setCheck((n) => n + 1), Math.max(0, due - performance.now()) + 1);
    return () => clearTimeout(timer);
  }, [waiting, check]);

  const shown = useMemo(() => {
    if (from === null || !waiting) return messages;
    const at = messages.findIndex((message) => message.seq >= from);
    return at < 0 ? messages : messages.slice(at);
  }, [messages, from, waiting]);

  // (The same function every render: the list's jump effect depends on it.)
  const showNow = useCallback(() => {
    if (!waitingNow.current) return;
    lastMoved.current = -Infinity;
    arrived.current = performance.now() - OLDER_PAGE_GRACE_MS;
    setCheck((n) => n + 1);
  }, []);

  return { shown, waiting, showNow };
}
