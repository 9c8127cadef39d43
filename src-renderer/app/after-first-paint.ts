// Runs something once the page has painted its first content and is idle:
// for work the first screen must not wait for (the DM crypto library).
//
// Waiting for the first screen's state (not "starting") and then for an idle
// moment was not enough: an idle period can come between React committing
// that screen and the browser painting it, and a fetch started there competes
// with the first paint. So this waits for the browser's own
// first-contentful-paint entry (Paint Timing; Chromium, Electron, Firefox and
// Safari have it), then for idle time.

/** Longest wait for the paint entry, where a browser never reports one: then it runs anyway. */
const FIRST_PAINT_WAIT_MS = 5000;
/** An idle moment after the paint, at most this long in coming. */
const IDLE_WAIT_MS = 3000;

export function afterFirstPaint(run: () => void): void {
  let started = false;
  const whenIdle = () => {
    if (started) return;
    started = true;
    if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: IDLE_WAIT_MS });
    else setTimeout(run, 500);
  };
  const painted = () => performance.getEntriesByName('first-contentful-paint').length > 0;
  if (painted() || typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('paint')) {
    whenIdle();
    return;
  }
  const observer = new PerformanceObserver(() => {
    if (!painted()) return;
    observer.disconnect();
    whenIdle();
  });
  observer.observe({ type: 'paint', buffered: true });
  setTimeout(() => {
    observer.disconnect();
    whenIdle();
  }, FIRST_PAINT_WAIT_MS);
}
