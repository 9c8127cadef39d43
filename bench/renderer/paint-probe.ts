// "Painted" for the first-paint benchmarks (bench/renderer, bench/dm-open):
// the click's time, then the moment `needle` is in the DOM under the root
// element AND visible on screen, plus two animation frames (the frame that
// shows it has been drawn). Text in the DOM alone is not enough: the virtual
// list (react-virtuoso) puts its rows in the page hidden and shows them once
// it has scrolled to where it starts, so a text-only check could stop the
// clock before a person sees anything.
//
// Runs inside the page (page.evaluate): self-contained, no imports.
export function watchForPaint([rootSelector, needle]: readonly [string, string]): void {
  const w = window as unknown as { __paintDone: Promise<number>; __clickAt: number };
  // The start of the needle sits in one text node (the message's first words).
  const head = needle.slice(0, 24);
  const visible = (): boolean => {
    const root = document.querySelector(rootSelector);
    if (!root || !root.textContent?.includes(needle)) return false;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.includes(head)) continue;
      if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.bottom > 0 && box.top < window.innerHeight) return true;
    }
    return false;
  };
  w.__paintDone = new Promise<number>((resolve) => {
    let polling = false;
    const poll = () => {
      if (visible()) {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
        return;
      }
      requestAnimationFrame(poll);
    };
    // Cheap until the text arrives; then every frame until it shows.
    const observer = new MutationObserver(() => {
      if (polling || !document.querySelector(rootSelector)?.textContent?.includes(needle)) return;
      polling = true;
      observer.disconnect();
      poll();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  document.addEventListener('click', () => (w.__clickAt = performance.now()), { capture: true, once: true });
}
