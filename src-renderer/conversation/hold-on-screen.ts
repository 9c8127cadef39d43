// Keeping something the list was moved to on screen while the virtual list
// settles, and telling when it has landed: a message reached by a keyboard
// jump or by ↑/↓ (use-message-jump.ts), the "New messages" line a
// conversation opens at (use-new-messages-line.ts).
//
// A page of older messages landing as a message is scrolled in is placed by
// estimated heights, then the rows Virtuoso draws above the screen are
// measured, which can move the rows under it off the top
// (react-virtuoso#1405; test/e2e/keyboard.test.ts).
//
// Virtuoso scrolls to an index by estimated heights and corrects once the rows
// are measured: after each scroll to an index it scrolls again if the rows
// were re-measured within 150 ms, for up to 1.2 s. That can leave a message
// half under the edge after it was focused (End to the newest, Home to the
// oldest), and a key applied before it is over has its own scroll undone.

/** Whether all of `el` (or, taller than the window, its top) is inside `scroller`'s window. */
export function whollyVisible(el: Element, scroller: HTMLElement): boolean {
  const box = el.getBoundingClientRect();
  const view = scroller.getBoundingClientRect();
  return box.top >= view.top - 1 && (box.bottom <= view.bottom + 1 || box.height > view.height);
}

/** How long a message reached by a jump is held on screen at most: as long as Virtuoso re-aims a scroll to an index. */
export const SETTLE_MS = 1200;
/**
 * A jump has landed once its message has been wholly on screen, the list not
 * moving, this long: longer than the 150 ms after a scroll to an index in
 * which Virtuoso scrolls again.
 */
export const LANDED_QUIET_MS = 200;

export interface HoldOutcome {
  /** Wholly on screen and still for LANDED_QUIET_MS (or SETTLE_MS passed). */
  landed: () => void;
  /** Before that, focus went elsewhere, another move started, or the person scrolled (wheel, touch, scrollbar). */
  lost: () => void;
  /** Before that, the list unrendered the message (it scrolled elsewhere). */
  gone: () => void;
}

/** Input with which a person scrolls the list themselves: the hold lets go. */
const SCROLL_INPUT = ['wheel', 'touchstart', 'pointerdown'] as const;

export interface HoldOptions {
  /** Checked each frame: true lets go (`lost`), e.g. focus went elsewhere or another move started. */
  letGo: () => boolean;
  /** Where a held element that left the window is brought back: the nearest edge (default), or the top. */
  block?: 'nearest' | 'start';
}

/** Hold `el` on screen in `scroller` each frame until the first of the outcomes. */
export function holdOnScreen(el: HTMLElement, scroller: HTMLElement | null, options: HoldOptions, outcome: HoldOutcome): void {
  if (!scroller) return outcome.lost();
  const start = performance.now();
  let last = { at: start, top: Number.NaN };
  let stillSince: number | null = null;
  let scrolledByPerson = false;
  const personScrolls = () => (scrolledByPerson = true);
  for (const type of SCROLL_INPUT) scroller.addEventListener(type, personScrolls, { passive: true });
  const end = (report: () => void) => {
    for (const type of SCROLL_INPUT) scroller.removeEventListener(type, personScrolls);
    report();
  };
  const step = () => {
    // (The person scrolling it away first: that is theirs, not the list's doing.)
    if (scrolledByPerson) return end(outcome.lost);
    if (!el.isConnected) return end(outcome.gone);
    if (options.letGo()) return end(outcome.lost);
    const now = performance.now();
    const inView = whollyVisible(el, scroller);
    stillSince = inView && scroller.scrollTop === last.top ? (stillSince ?? last.at) : null;
    last = { at: now, top: scroller.scrollTop };
    if (!inView) el.scrollIntoView?.({ block: options.block ?? 'nearest' });
    if ((stillSince !== null && now - stillSince >= LANDED_QUIET_MS) || now - start >= SETTLE_MS) return end(outcome.landed);
    requestAnimationFrame(step);
  };
  step();
}
