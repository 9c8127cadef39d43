// A keyboard jump to a message the virtual list has to scroll in first (End,
// Home, paging past the rendered rows), and the move keys pressed while it is
// on its way (use-roving-messages.ts).
//
// Keys pressed faster than the list scrolls (End, Home, PageDown in quick
// succession) wait while a jump is on its way and settling, then apply in
// order from where it landed, one per frame, so they end where they would have
// one at a time. (Going on from the row still being scrolled in, without
// waiting, raced Virtuoso: a next row already rendered off screen was focused
// mid-scroll and the two scrolls fought. Applied all at once when it landed,
// ten ArrowUps that had waited moved focus ten rows in one go, past the rows
// rendered above, so the next key had to jump and wait again: a held ↑ went
// in stalls and leaps.) While it is on its way:
// - older messages prepended make its index another row, and Virtuoso re-aims
//   by index: the jump aims again by its row's new index;
// - its row unrendered before landing (the list moved on) is waited for again;
// - its row deleted, or not landed after LANDING_MAX_MS (a hidden tab runs no
//   frames), gives it up: the next key goes on from the focused message;
// - focus going elsewhere drops the keys that waited.
import { useCallback, useEffect, useMemo, useRef, type MutableRefObject, type RefObject } from 'react';
import type { VirtuosoHandle } from 'react-virtuoso';
import type { MessageRow } from './message-rows.js';
import { holdOnScreen } from './hold-on-screen.js';

export type Align = 'start' | 'end' | 'center';

/** A jump not landed after this long is given up (keys stop waiting for it). */
export const LANDING_MAX_MS = 2000;

export interface MessageJump {
  /** A row to focus as soon as it is rendered: one a jump scrolls in (or another the list waits for). */
  pending: MutableRefObject<string | null>;
  /**
   * Scroll `rows[index]` in by index; the list focuses it once rendered
   * (`pending`), then `hold`s it. `nextToFocused`: the row is beside the
   * focused message, so the list is first given two frames to render it.
   */
  start: (index: number, align: Align, nextToFocused?: boolean) => void;
  /**
   * Hold a message just focused on screen until it lands, then apply the keys
   * that waited. `replacing`: a move straight to a rendered row that replaced a
   * jump on its way (it lands the same way).
   */
  hold: (el: HTMLElement, replacing?: { index: number; align: Align }) => void;
  /**
   * Keep a message moved to directly (it was rendered) on screen while the
   * list settles, without keys waiting for it: a page of older messages
   * landing as it is scrolled in can shift the rows under it.
   */
  keep: (el: HTMLElement) => void;
  /** A move key pressed now: true when it waits (a jump is on its way, or keys that waited for one are still being applied); it is applied in its turn. */
  waits: (key: string) => boolean;
}

const NOTHING_TO_DO = { landed: () => {}, lost: () => {}, gone: () => {} };

export function useMessageJump(
  virtuoso: RefObject<VirtuosoHandle | null>,
  scroller: RefObject<HTMLElement | null>,
  rows: readonly MessageRow[],
  /** Applies a key that waited, from the message focused where the jump landed. */
  apply: RefObject<(key: string) => void>,
): MessageJump {
  const pending = useRef<string | null>(null);
  /**
   * The jump on its way or settling: its row, that row's index when last aimed
   * at, the alignment, since when, and whether it was scrolled to by index yet
   * (a row next to the focused message is first left to the list to render).
   */
  const jump = useRef<{ key: string; index: number; align: Align; since: number; aimed: boolean } | null>(null);
  const queued = useRef<string[]>([]);
  /** Keys that waited being applied, one per frame: the next frame, and since when. */
  const draining = useRef<{ frame: number; since: number } | null>(null);
  const latestRows = useRef(rows);
  latestRows.current = rows;

  /** Focus went elsewhere than the held message, or another jump started. */
  const movedOn = useCallback((el: HTMLElement) => document.activeElement !== el || pending.current !== null, []);

  const stopDraining = useCallback(() => {
    if (draining.current) cancelAnimationFrame(draining.current.frame);
    draining.current = null;
  }, []);

  const giveUp = useCallback(() => {
    jump.current = null;
    pending.current = null;
    queued.current = [];
    stopDraining();
  }, [stopDraining]);

  useEffect(() => stopDraining, [stopDraining]);

  /**
   * Applies the next key that waited, and the one after it in the next frame:
   * by then the list has rendered the rows beyond the one just focused (60
   * keys a second, about the fastest key repeat there is; only keys that
   * waited go this way, so a held key's backlog stays a key or two). Stops
   * when a key starts a jump (the rest wait for it to land) and drops the rest
   * when focus went elsewhere meanwhile.
   */
  const drain = useCallback(() => {
    draining.current = null;
    const key = queued.current.shift();
    if (key === undefined) return;
    apply.current?.(key);
    if (jump.current !== null || queued.current.length === 0) return;
    const focused = document.activeElement;
    const since = performance.now();
    const frame = requestAnimationFrame(() => {
      draining.current = null;
      if (jump.current !== null) return;
      if (document.activeElement !== focused) return giveUp();
      drain();
    });
    draining.current = { frame, since };
  }, [apply, giveUp]);

  /** Scroll to the jump's row by its index now (again, after rows before it changed). */
  const aim = useCallback(() => {
    const to = jump.current;
    if (!to) return;
    const index = latestRows.current.findIndex((row) => row.key === to.key);
    if (index < 0) return giveUp();
    to.index = index;
    to.aimed = true;
    virtuoso.current?.scrollToIndex({ index, align: to.align });
  }, [virtuoso, giveUp]);

  useEffect(() => {
    const to = jump.current;
    if (to && rows[to.index]?.key !== to.key) aim();
  }, [rows, aim]);

  const start = useCallback(
    (index: number, align: Align, nextToFocused = false) => {
      const key = latestRows.current[index]?.key;
      if (key === undefined) return;
      pending.current = key;
      jump.current = { key, index, align, since: performance.now(), aimed: false };
      if (!nextToFocused) return aim();
      // Next to the focused message, just outside the rendered rows (a page of
      // older messages just went in above): the list usually renders it within
      // a frame or two, and it is then focused without a scroll by index, so
      // without the wait for that scroll to settle. Else it is scrolled to.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (jump.current?.key === key && !jump.current.aimed && pending.current === key) aim();
        }),
      );
    },
    [aim],
  );

  const keep = useCallback((el: HTMLElement) => holdOnScreen(el, scroller.current, { letGo: () => movedOn(el) }, NOTHING_TO_DO), [scroller, movedOn]);

  const hold = useCallback(
    (el: HTMLElement, replacing?: { index: number; align: Align }) => {
      const key = latestRows.current[replacing?.index ?? -1]?.key;
      if (replacing && key !== undefined) jump.current = { key, ...replacing, since: performance.now(), aimed: true };
      if (!replacing && jump.current && !jump.current.aimed) {
        // Rendered without a scroll by index: nothing to settle.
        jump.current = null;
        keep(el);
        drain();
        return;
      }
      holdOnScreen(el, scroller.current, { letGo: () => movedOn(el) }, {
        landed: () => {
          jump.current = null;
          drain();
        },
        lost: () => {
          if (pending.current === null) giveUp();
        },
        gone: () => {
          if (!jump.current) return;
          pending.current = jump.current.key;
          aim();
        },
      });
    },
    [scroller, keep, drain, aim, giveUp, movedOn],
  );

  const waits = useCallback(
    (key: string) => {
      // Behind the keys still being applied, too, to keep them in order.
      const since = jump.current?.since ?? draining.current?.since;
      if (since === undefined) return false;
      if (performance.now() - since >= LANDING_MAX_MS) {
        giveUp();
        return false;
      }
      queued.current.push(key);
      return true;
    },
    [giveUp],
  );

  return useMemo(() => ({ pending, start, hold, keep, waits }), [start, hold, keep, waits]);
}
