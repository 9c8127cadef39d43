// A page of older messages waits for the list to be still (use-older-when-still.ts).
// The E2E test (scrolling.test.ts) measures what the reader sees in Chromium;
// here, what waits and what does not, with jsdom's events and faked time.
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { OLDER_PAGE_GRACE_MS, OLDER_PAGE_STILL_MS, useOlderWhenStill } from '../../../src-renderer/conversation/use-older-when-still.js';
import { message } from '../helpers/fixtures.js';

const page = (from: number, to: number): Message[] => Array.from({ length: to - from + 1 }, (_, i) => message({ seq: from + i, text: `m ${from + i}` }));
const seqs = (messages: Message[]) => [messages[0]?.seq, messages.at(-1)?.seq];

describe('useOlderWhenStill', () => {
  let scroller: HTMLElement;
  let row: HTMLElement;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    scroller = document.body.appendChild(document.createElement('div'));
    row = scroller.appendChild(document.createElement('article'));
    // Somewhere in the middle of the list, 300 px below its top (jsdom lays nothing out).
    scrollTop(300);
  });
  afterEach(() => {
    scroller.remove();
    vi.useRealTimers();
  });

  const scrollTop = (px: number) => Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: px });
  const mount = (initial: Message[]) =>
    renderHook(({ messages }) => useOlderWhenStill(messages, { current: scroller }), { initialProps: { messages: initial } });

  it('shows an older page a few frames after it came when the list is still', () => {
    const view = mount(page(51, 100));
    act(() => vi.advanceTimersByTime(1000));
    view.rerender({ messages: page(1, 100) });
    expect(view.result.current.waiting).toBe(true);
    act(() => vi.advanceTimersByTime(OLDER_PAGE_GRACE_MS + 1));
    expect(view.result.current.waiting).toBe(false);
    expect(seqs(view.result.current.shown)).toEqual([1, 100]);
  });

  it('holds an older page while the list scrolls, and shows it once it has been still long enough', () => {
    const view = mount(page(51, 100));
    act(() => vi.advanceTimersByTime(1000));
    scroller.dispatchEvent(new Event('scroll'));
    view.rerender({ messages: page(1, 100) });
    expect(view.result.current.waiting).toBe(true);
    expect(seqs(view.result.current.shown)).toEqual([51, 100]);

    // Still scrolling: it keeps waiting, counted from the last scroll.
    act(() => vi.advanceTimersByTime(OLDER_PAGE_STILL_MS - 20));
    scroller.dispatchEvent(new Event('scroll'));
    act(() => vi.advanceTimersByTime(OLDER_PAGE_STILL_MS - 20));
    expect(view.result.current.waiting).toBe(true);

    act(() => vi.advanceTimersByTime(40));
    expect(view.result.current.waiting).toBe(false);
    expect(seqs(view.result.current.shown)).toEqual([1, 100]);
  });

  it('holds an older page for a scroll that starts just after it came (a wheel notch or key a frame earlier)', () => {
    const view = mount(page(51, 100));
    act(() => vi.advanceTimersByTime(1000));
    view.rerender({ messages: page(1, 100) });
    act(() => vi.advanceTimersByTime(16));
    scroller.dispatchEvent(new Event('scroll'));
    act(() => vi.advanceTimersByTime(OLDER_PAGE_GRACE_MS));
    expect(view.result.current.waiting).toBe(true);
    act(() => vi.advanceTimersByTime(OLDER_PAGE_STILL_MS));
    expect(view.result.current.waiting).toBe(false);
  });

  it('holds an older page for a wheel notch that can scroll the list (its scroll events come a frame or more later)', () => {
    const view = mount(page(51, 100));
    act(() => vi.advanceTimersByTime(1000));
    row.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true }));
    view.rerender({ messages: page(1, 100) });
    act(() => vi.advanceTimersByTime(OLDER_PAGE_STILL_MS - 10));
    expect(view.result.current.waiting).toBe(true);
    act(() => vi.advanceTimersByTime(20));
    expect(view.result.current.waiting).toBe(false);
  });

  it('does not wait for keys, nor for other elements scrolling', () => {
    const view = mount(page(51, 100));
    act(() => vi.advanceTimersByTime(1000));
    view.rerender({ messages: page(1, 100) });
    for (let i = 0; i < 10; i++) {
      row.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
      row.dispatchEvent(new Event('scroll')); // a row's own scrolling (a wide code block) is not the list's
      document.body.dispatchEvent(new Event('scroll'));
      act(() => vi.advanceTimersByTime(10));
    }
    expect(view.result.current.waiting).toBe(false);
    expect(seqs(view.result.current.shown)).toEqual([1, 100]);
  });

  it('shows a waiting page as soon as the reader has scrolled up to the top, and does not wait for a wheel turned there', () => {
    const view = mount(page(101, 200));
    act(() => vi.advanceTimersByTime(1000));
    scroller.dispatchEvent(new Event('scroll'));
    view.rerender({ messages: page(51, 200) });
    expect(view.result.current.waiting).toBe(true);
    scrollTop(0);
    act(() => void scroller.dispatchEvent(new Event('scroll')));
    expect(view.result.current.waiting).toBe(false);
    expect(seqs(view.result.current.shown)).toEqual([51, 200]);

    // At the top, wheel notches up move nothing: the next page goes in too.
    act(() => vi.advanceTimersByTime(1000));
    row.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true }));
    view.rerender({ messages: page(1, 200) });
    expect(view.result.current.waiting).toBe(false);
  });

  it('never holds newer messages, and keeps holding the older page while they arrive', () => {
    const view = mount(page(51, 100));
    scroller.dispatchEvent(new Event('scroll'));
    view.rerender({ messages: page(51, 103) });
    expect(seqs(view.result.current.shown)).toEqual([51, 103]);
    view.rerender({ messages: page(1, 103) });
    view.rerender({ messages: page(1, 104) });
    expect(view.result.current.waiting).toBe(true);
    expect(seqs(view.result.current.shown)).toEqual([51, 104]);
  });

  it('shows a waiting page now when asked (a jump to a message in it)', () => {
    const view = mount(page(51, 100));
    scroller.dispatchEvent(new Event('scroll'));
    view.rerender({ messages: page(1, 100) });
    expect(view.result.current.waiting).toBe(true);
    act(() => view.result.current.showNow());
    expect(view.result.current.waiting).toBe(false);
    expect(seqs(view.result.current.shown)).toEqual([1, 100]);
  });
});
