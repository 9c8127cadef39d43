// Keyboard in the message list: one Tab stop, arrow keys between messages
// (roving tabindex), Enter into a message's controls, Escape back out.
//
// Pattern: the keyboard model of the WAI-ARIA *feed* pattern (each message an
// `article` that takes focus; the list is one stop in the Tab order), inside
// the list's existing `log` live region (which announces arrivals; a `feed`
// may own only articles, and our rows include day headings and the "New
// messages" separator). Keys on a focused message:
//   ↑/↓            previous/next message
//   PageUp/Down    about one screen of messages up/down (a listbox's paging;
//                  the feed pattern's one-article step is what ↑/↓ do)
//   Home/End       the oldest loaded / the newest message
//   Ctrl+Home/End  leave the list: to what comes before it / to the composer
//   Enter          into the message: its first action ("Add reaction"…)
// Inside a message, Tab and Shift+Tab go through its controls (actions, then
// author, reactions, quote, file buttons); Shift+Tab from the first, or Escape, goes
// back to the message; Tab from the last leaves the list.
//
// The list is virtualised: only rows near the screen exist in the DOM. Moving
// to a row that is not rendered scrolls it in by index first and focuses it
// once it appears (a MutationObserver watches the rows). The controls inside
// messages are taken out of the Tab order by that same observer, so any button
// a row grows later (another feature's action) follows without changes here.
// A focused message scrolled out of the rendered rows (wheel, touch) leaves
// the DOM: focus then stays on the list itself (focusable, not a Tab stop)
// instead of falling to the page, and goes back to the remembered message
// when it is rendered on screen again or at the next arrow key.
// Keys pressed faster than the list scrolls (End, Home, PageDown in quick
// succession) wait for the jump on its way, then apply in order from where it
// landed (use-message-jump.ts).
import { useCallback, useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';
import { storedKeyOf, type MessageRow } from './message-rows.js';
import { whollyVisible } from './hold-on-screen.js';
import { useMessageJump, type Align } from './use-message-jump.js';

/** The attribute on a focusable row's article: its row key. */
export const ROVING_KEY_ATTR = 'data-roving-key';
const ITEM = `[${ROVING_KEY_ATTR}]`;
const CONTROL = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]';
const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Rows a person moves between: messages, files, notices, and mine on their way. */
export const isRovingRow = (row: MessageRow) =>
  row.kind === 'message' || row.kind === 'file' || row.kind === 'notice' || row.kind === 'pending' || row.kind === 'upload';

/** Keys that move between messages (on the list itself: back to the remembered one). */
const MOVE_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);

const rowKeyOf = (el: Element | null) => el?.closest(ITEM)?.getAttribute(ROVING_KEY_ATTR) ?? null;

/** The rendered row with this key under `root`, if any. */
const renderedRow = (root: HTMLElement | null, key: string | null) =>
  root && key !== null ? root.querySelector<HTMLElement>(`[${ROVING_KEY_ATTR}="${CSS.escape(key)}"]`) : null;

function controlsOf(item: Element): HTMLElement[] {
  return [...item.querySelectorAll<HTMLElement>(CONTROL)].filter((el) => !el.closest('[role="dialog"]') && !el.hasAttribute('disabled'));
}

/**
 * A message's controls in the order Tab visits them: its actions first (where
 * Enter lands, so Shift+Tab from there goes back to the message), then the
 * rest in page order (the author's profile button, reactions, quote, file).
 */
function tabOrderOf(item: Element): HTMLElement[] {
  const controls = controlsOf(item);
  const isAction = (el: HTMLElement) => el.closest('[role="toolbar"]') !== null;
  return [...controls.filter(isAction), ...controls.filter((el) => !isAction(el))];
}

function isVisible(el: Element, scroller: HTMLElement | null, view = scroller?.getBoundingClientRect()): boolean {
  if (!scroller || !view) return false;
  const box = el.getBoundingClientRect();
  return box.height > 0 && box.bottom > view.top && box.top < view.bottom;
}

/** The last of `items` on screen in `scroller` (measures from the end, stops at the first found). */
function lastVisible(items: readonly HTMLElement[], scroller: HTMLElement | null): HTMLElement | undefined {
  if (!scroller) return undefined;
  const view = scroller.getBoundingClientRect();
  for (let i = items.length - 1; i >= 0; i--) if (isVisible(items[i]!, scroller, view)) return items[i];
  return undefined;
}

/** The next tabbable element before or after `container` in the page. */
function tabbableBeside(container: HTMLElement, where: 'before' | 'after'): HTMLElement | undefined {
  const all = [...document.querySelectorAll<HTMLElement>(TABBABLE)].filter((el) => !container.contains(el) && !el.closest('[aria-hidden="true"], [inert]'));
  const following = (el: HTMLElement) => (container.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  return where === 'after' ? all.find(following) : all.filter((el) => !following(el)).at(-1);
}

export interface RovingMessages {
  /** On the list's element: the keys above. */
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  /** On the list's element: a message focused by click or script becomes the Tab stop. */
  onFocus: (event: React.FocusEvent<HTMLElement>) => void;
  /** On the list's element: focus leaving the list (not a message unrendered under it). */
  onBlur: (event: React.FocusEvent<HTMLElement>) => void;
  /** After `seq` was deleted: focus the message after it (or before it, at the end). */
  focusAfterRemoval: (seq: number) => void;
}

export function useRovingMessages(
  container: RefObject<HTMLElement | null>,
  scroller: RefObject<HTMLElement | null>,
  virtuoso: RefObject<VirtuosoHandle | null>,
  rows: readonly MessageRow[],
  /** A key moves up the list (the list stops following new messages). */
  onMoveUp: () => void,
  /**
   * A key would go above the oldest message loaded: the page before it is
   * wanted. (The virtual list asks once per first row it reaches; asked while
   * the previous page was still loading, that once was lost, and the keys
   * stood at the top for good.)
   */
  onPastOldest: () => void,
): RovingMessages {
  /** The row key holding the Tab stop (null: the newest one on screen). */
  const active = useRef<string | null>(null);
  /** Applies a key that waited for a jump (set below, once the key handling exists). */
  const applyQueued = useRef<(key: string) => void>(() => {});
  const jumps = useMessageJump(virtuoso, scroller, rows, applyQueued);
  /** A row to focus as soon as it is rendered (a jump scrolls it in). */
  const pending = jumps.pending;
  const latestRows = useRef(rows);
  latestRows.current = rows;
  /** Focus is in the list (also when the focused message was just unrendered and focus fell to the page). */
  const hasFocus = useRef(false);

  /**
   * Exactly one article tabbable, no control inside a message tabbable; focus a row waited for.
   * With no row chosen, the stop is the newest one on screen, which takes the
   * rows' geometry: `measure` false keeps the stop where it was (if still
   * rendered) without forcing a layout; syncSoon measures once per frame.
   */
  const sync = useCallback((measure = true) => {
    const root = container.current;
    if (!root) return;
    const items = [...root.querySelectorAll<HTMLElement>(ITEM)];
    let stop = items.find((el) => el.getAttribute(ROVING_KEY_ATTR) === active.current);
    // My message on its way was stored: its new row (another key) keeps the stop, and focus below.
    const stored = !stop && active.current !== null ? storedKeyOf(active.current, latestRows.current) : null;
    if (stored !== null) {
      active.current = stored;
      stop = items.find((el) => el.getAttribute(ROVING_KEY_ATTR) === stored);
    }
    if (!stop && !measure) stop = items.find((el) => el.getAttribute('tabindex') === '0');
    if (!stop) stop = lastVisible(items, scroller.current) ?? items.at(-1);
    for (const item of items) {
      const tabIndex = item === stop ? '0' : '-1';
      if (item.getAttribute('tabindex') !== tabIndex) item.setAttribute('tabindex', tabIndex);
      for (const control of controlsOf(item)) if (control.getAttribute('tabindex') !== '-1') control.setAttribute('tabindex', '-1');
    }
    // The focused message left the DOM: keep focus on the list, not the page.
    const focused = document.activeElement;
    if (hasFocus.current && (focused === null || focused === document.body)) root.focus({ preventScroll: true });
    // Focus was on my message on its way: on to its stored row (once rendered).
    if (stored !== null && document.activeElement === root && !pending.current) {
      if (stop) stop.focus({ preventScroll: true });
      else pending.current = stored;
    }
    // On the list and the remembered message is on screen again: back to it.
    if (document.activeElement === root && !pending.current) {
      const back = items.find((el) => el.getAttribute(ROVING_KEY_ATTR) === active.current);
      if (back && isVisible(back, scroller.current)) back.focus({ preventScroll: true });
    }
    if (pending.current) {
      const target = items.find((el) => el.getAttribute(ROVING_KEY_ATTR) === pending.current);
      if (target) {
        pending.current = null;
        // Rendered ahead of the scroll that brings it (Virtuoso's overscan):
        // finish bringing it on screen.
        target.focus({ preventScroll: true });
        jumps.hold(target);
      }
    }
  }, [container, scroller, pending, jumps]);

  // On every change of the rows: tab stops right away without measuring, and
  // the newest row on screen measured once in the next frame. (Measuring on
  // each mutation forced a layout in the middle of every one of the virtual
  // list's render passes: bench/renderer/README.md.)
  const frame = useRef<number | null>(null);
  const syncSoon = useCallback(() => {
    sync(false);
    if (frame.current === null)
      frame.current = requestAnimationFrame(() => {
        frame.current = null;
        sync();
      });
  }, [sync]);

  // Watch the rows; the list element may appear after the first render (loading).
  const observed = useRef<{ root: HTMLElement; observer: MutationObserver } | null>(null);
  useEffect(() => {
    const root = container.current;
    if (observed.current?.root === root) return;
    observed.current?.observer.disconnect();
    observed.current = null;
    if (!root) return;
    const observer = new MutationObserver(syncSoon);
    observer.observe(root, { childList: true, subtree: true });
    observed.current = { root, observer };
    sync();
  });
  useEffect(
    () => () => {
      observed.current?.observer.disconnect();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const focusRow = useCallback(
    (index: number, align: Align) => {
      const row = latestRows.current[index];
      if (!row) return;
      const previous = active.current;
      active.current = row.key;
      const el = renderedRow(container.current, row.key);
      if (el) {
        // Rendered: any move still on its way is replaced by this one.
        const interrupted = pending.current !== null;
        pending.current = null;
        sync();
        el.focus({ preventScroll: true });
        // Brought in at the nearest edge (where ↑/↓ and paging want it), not
        // wherever the browser's focus scrolling would put it.
        if (scroller.current && !whollyVisible(el, scroller.current)) el.scrollIntoView?.({ block: align === 'center' ? 'center' : 'nearest' });
        if (interrupted) jumps.hold(el, { index, align });
        else jumps.keep(el);
        return;
      }
      // Not rendered: bring it in by index, focus it when it appears (sync).
      // (Next to a focused message still rendered, the list may render it
      // first: use-message-jump.ts.)
      const from = latestRows.current.findIndex((r) => r.key === previous);
      const nextToFocused = from >= 0 && Math.abs(index - from) <= 2 && renderedRow(container.current, latestRows.current[from]!.key) === document.activeElement;
      jumps.start(index, align, nextToFocused);
    },
    [container, scroller, sync, pending, jumps],
  );

  /**
   * A move key from the row `from` (a row key): focuses the row it leads to.
   * False when the key is not a move from there.
   */
  const move = useCallback(
    (key: string, from: string | null): boolean => {
      const root = container.current;
      const rows = latestRows.current;
      const here = rows.findIndex((row) => row.key === from);
      const roving = rows.flatMap((row, index) => (isRovingRow(row) ? [index] : []));
      const at = roving.indexOf(here);
      if (!root || at < 0) return false;
      const go = (position: number, align: Align) => {
        if (position < 0) onPastOldest();
        const index = roving[Math.max(0, Math.min(roving.length - 1, position))];
        if (index !== undefined && index < here) onMoveUp();
        if (index !== undefined && index !== here) focusRow(index, align);
        return true;
      };
      const screenful = () => {
        const view = scroller.current?.getBoundingClientRect();
        const items = [...root.querySelectorAll<HTMLElement>(ITEM)];
        const shown = items.filter((el) => isVisible(el, scroller.current, view)).length;
        if (shown >= 2 || !view) return Math.max(1, shown - 1);
        // Mid-jump (the list scrolled to a row not rendered yet): as many rows as
        // fit the window at the rendered rows' average height.
        const heights = items.map((el) => el.getBoundingClientRect().height).filter((h) => h > 0);
        const average = heights.length > 0 ? heights.reduce((sum, h) => sum + h, 0) / heights.length : 0;
        return average > 0 ? Math.max(1, Math.floor(view.height / average) - 1) : 1;
      };
      switch (key) {
        case 'ArrowUp':
          return go(at - 1, 'start');
        case 'ArrowDown':
          return go(at + 1, 'end');
        case 'PageUp':
          return go(at - screenful(), 'start');
        case 'PageDown':
          return go(at + screenful(), 'end');
        case 'Home':
          return go(0, 'start');
        case 'End':
          return go(roving.length - 1, 'end');
      }
      return false;
    },
    [container, scroller, focusRow, onMoveUp, onPastOldest],
  );
  // A key that waited for a jump goes on from where the jump landed.
  applyQueued.current = (key) => {
    move(key, rowKeyOf(document.activeElement) ?? active.current);
  };

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const target = event.target as HTMLElement;
      const item = target.closest<HTMLElement>(ITEM);
      const root = container.current;
      if (!root || event.defaultPrevented) return;
      const plainMove = MOVE_KEYS.has(event.key) && !event.altKey && !event.ctrlKey && !event.metaKey;
      if (plainMove && (target === root || target === item) && jumps.waits(event.key)) {
        // A jump on its way: the key is applied once it lands.
        event.preventDefault();
        return;
      }
      if (event.ctrlKey && !event.altKey && !event.metaKey && (target === root || target === item)) {
        if (event.key === 'End' || event.key === 'Home') {
          event.preventDefault();
          tabbableBeside(root, event.key === 'End' ? 'after' : 'before')?.focus();
        }
        return;
      }
      if (target === root) {
        if (!plainMove) return;
        // Focus kept on the list: from the remembered message if it is on
        // screen (focus fell to the list while the list re-rendered it, e.g.
        // older messages arriving); else the key brings that message back.
        event.preventDefault();
        const el = renderedRow(root, active.current);
        if (el && isVisible(el, scroller.current) && move(event.key, active.current)) return;
        const index = latestRows.current.findIndex((row) => row.key === active.current);
        if (index >= 0) focusRow(index, 'center');
        else root.querySelector<HTMLElement>(`${ITEM}[tabindex="0"]`)?.focus();
        return;
      }
      if (!item) return;
      if (target !== item) {
        // Inside a message: Tab through its controls, Escape back to it.
        if (event.key === 'Escape' && !/^(TEXTAREA|INPUT)$/.test(target.tagName)) {
          event.preventDefault();
          item.focus();
        } else if (event.key === 'Tab' && !event.altKey && !event.ctrlKey && !event.metaKey) {
          const controls = tabOrderOf(item);
          const at = controls.indexOf(target);
          const next = event.shiftKey ? (at <= 0 ? item : controls[at - 1]) : controls[at + 1];
          if (next) {
            event.preventDefault();
            next.focus();
          }
        }
        return;
      }
      if (event.altKey || event.metaKey || event.ctrlKey) return;
      if (event.key === 'Enter') {
        const first = item.querySelector<HTMLElement>('[role="toolbar"] button') ?? controlsOf(item)[0];
        if (first) {
          event.preventDefault();
          first.focus();
        }
        return;
      }
      if (move(event.key, item.getAttribute(ROVING_KEY_ATTR))) event.preventDefault();
    },
    [container, scroller, focusRow, move],
  );

  const onFocus = useCallback(
    (event: React.FocusEvent<HTMLElement>) => {
      hasFocus.current = true;
      const key = rowKeyOf(event.target);
      if (key === null || key === active.current) return;
      active.current = key;
      sync();
    },
    [sync],
  );

  const onBlur = useCallback(
    (event: React.FocusEvent<HTMLElement>) => {
      const next = event.relatedTarget as Node | null;
      if (next && container.current?.contains(next)) return;
      if (next) {
        hasFocus.current = false;
        return;
      }
      // Nowhere (the page): left by the person only if what had focus is still
      // in the page; a message Virtuoso unrendered is not.
      const left = event.target;
      setTimeout(() => {
        if (left.isConnected && document.activeElement !== left) hasFocus.current = false;
      }, 0);
    },
    [container],
  );

  const focusAfterRemoval = useCallback(
    (seq: number) => {
      const rows = latestRows.current;
      const here = rows.findIndex((row) => (row.kind === 'message' || row.kind === 'file') && row.message.seq === seq);
      if (here < 0) return;
      const after = rows.findIndex((row, index) => index > here && isRovingRow(row));
      let before = here - 1;
      while (before >= 0 && !isRovingRow(rows[before]!)) before--;
      const index = after >= 0 ? after : before >= 0 ? before : here;
      focusRow(index, 'center');
    },
    [focusRow],
  );

  return { onKeyDown, onFocus, onBlur, focusAfterRemoval };
}
