// The sidebar as a drawer below NARROW_QUERY. Opening a conversation from the
// drawer closes it and pushes a history entry, so the phone's Back button
// returns to the list instead of leaving the page.
import { useCallback, useEffect, useState } from 'react';

export const NARROW_QUERY = '(max-width: 719.98px)';

function isNarrow(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(NARROW_QUERY).matches;
}

export function useDrawer() {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onPopState = () => {
      if (isNarrow()) setOpen(true);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('popstate', onPopState);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('popstate', onPopState);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);

  const toggle = useCallback(() => setOpen((was) => !was), []);
  const close = useCallback(() => setOpen(false), []);
  /** A conversation was picked in the sidebar. */
  const navigated = useCallback(() => {
    setOpen((was) => {
      if (was && isNarrow()) window.history.pushState({ parley: 'conversation' }, '');
      return false;
    });
  }, []);

  return { open, toggle, close, navigated };
}
