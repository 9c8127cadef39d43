// Holding back a page of older messages in the browser, to land it at a
// chosen moment: right after a key, in the task after the key's own handling
// (the list has scrolled, and has not yet drawn the rows that scroll brought
// near), or in the middle of a smooth scroll. Done in the page, not through
// Playwright's WebSocket routing: a frame sent from the test process arrives
// at no set point relative to a key.
import type { Page } from 'playwright-core';

/**
 * An init script (OpenAppOptions.initScripts): on every WebSocket, a reply to
 * a `history` request with `before` (an older page), and all that follows it,
 * wait until released (`releaseOlderPagesAfterNextKey`,
 * `smoothScrollAsOlderPagesLand`); the next older page is held again.
 */
export const HOLD_OLDER_PAGES = `(() => {
  const olderIds = new Set();
  const state = { held: [], holding: false, count: 0, releaseOnKey: false };
  window.__olderPages = state;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try {
      const frame = JSON.parse(String(data));
      if (frame.type === 'history' && frame.before !== undefined) olderIds.add(frame.id);
    } catch {}
    return send.call(this, data);
  };
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() { return onmessage.get.call(this); },
    set(handler) {
      onmessage.set.call(this, handler && ((event) => {
        let frame = {};
        try { frame = JSON.parse(String(event.data)); } catch {}
        if (frame.type === 'reply' && olderIds.has(frame.re)) {
          state.count++;
          state.holding = true;
        }
        if (state.holding) state.held.push(() => handler.call(this, event));
        else handler.call(this, event);
      }));
    },
  });
  state.release = () =>
    setTimeout(() => {
      const waiting = state.held;
      state.held = [];
      state.holding = false;
      for (const deliver of waiting) deliver();
    }, 0);
  window.addEventListener('keydown', () => {
    if (!state.releaseOnKey) return;
    state.releaseOnKey = false;
    state.release();
  });
})();`;

/** How many older pages `page` has asked for and held so far. */
export const olderPagesHeld = (page: Page) => page.evaluate(() => (window as unknown as { __olderPages: { count: number } }).__olderPages.count);

/** What was held lands (in order) in the task after the next key pressed. */
export const releaseOlderPagesAfterNextKey = (page: Page) =>
  page.evaluate(() => void ((window as unknown as { __olderPages: { releaseOnKey: boolean } }).__olderPages.releaseOnKey = true));

/**
 * A wheel notch of `dy` px on the message list as a desktop browser scrolls it
 * (the wheel event, then a smooth scroll; headless Chromium applies a wheel
 * at once, even with --enable-smooth-scrolling), and what was held lands in
 * the next task, while that scroll is under way.
 */
export const smoothScrollAsOlderPagesLand = (page: Page, dy: number) =>
  page.evaluate((by) => {
    const scroller = document.querySelector('.message-list__scroller')!;
    scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: by, bubbles: true, cancelable: true }));
    scroller.scrollBy({ top: by, behavior: 'smooth' });
    (window as unknown as { __olderPages: { release: () => void } }).__olderPages.release();
  }, dy);
