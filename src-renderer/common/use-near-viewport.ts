// Whether an element has come near the visible part of its scroller — for
// work worth doing only for what a person can see (a sidebar row's avatar
// picture: a session of 50 people must not fetch 50 pictures at once).
// Once near, it stays true: scrolling back does not undo what was loaded.
// Without IntersectionObserver (old engines, jsdom) it is true at once.
import { useCallback, useEffect, useState } from 'react';

/** How far outside the visible area a row counts as near (loaded just before it scrolls in). */
const NEAR_MARGIN = '200px 0px';

export function useNearViewport<T extends Element>(): [ref: (element: T | null) => void, near: boolean] {
  const [element, setElement] = useState<T | null>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  const ref = useCallback((next: T | null) => setElement(next), []);
  useEffect(() => {
    if (near || !element) return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { rootMargin: NEAR_MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, near]);
  return [ref, near];
}
