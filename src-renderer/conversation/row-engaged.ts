// Whether a row of the message list has been pointed at or focused, so that
// it mounts its action toolbar (MessageActions). Every message used to mount
// its 3–5 buttons and icons up front, hidden until hover or focus: about half
// of a row's elements, and an opacity layer each, created and painted for
// every row scrolled past (bench/renderer/README.md). Like Slack's, the
// toolbar now appears when the pointer enters the row or focus rests on it,
// and stays until the row leaves the rendered rows, so an open picker or
// confirmation is never unmounted under the person using it.
// Keyboard: arrowing through messages mounts nothing on the way (each mount
// is DOM work the roving focus then walks again); the toolbar shows once
// focus has rested on a message for FOCUS_REST_MS, and Enter on a message
// mounts it at once, before the list moves focus into it.
// The thread panel's messages do the same (ThreadPanel's ThreadRow). Without
// a provider (a message drawn anywhere else) the default, true, mounts the
// toolbar at once.
import { createContext, useContext, useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';

export const RowEngagedContext = createContext(true);

export const useRowEngaged = () => useContext(RowEngagedContext);

/** How long focus stays on a message before its actions show (shorter than a person reads; longer than a held arrow key's repeat). */
export const FOCUS_REST_MS = 120;

export interface EngageHandlers {
  onPointerEnter?: () => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
}

/** State and handlers for a row's frame (MessageArticle). */
export function useEngage(): { engaged: boolean; handlers: EngageHandlers } {
  const [engaged, setEngaged] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  if (engaged) return { engaged, handlers: {} };
  const engage = () => setEngaged(true);
  return {
    engaged,
    handlers: {
      onPointerEnter: engage,
      onFocus: (event) => {
        const frame = event.currentTarget;
        // Focus inside the row (a click on its author, a reaction): show now.
        if (event.target !== frame) return engage();
        if (timer.current !== null) clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          timer.current = null;
          if (frame.contains(document.activeElement)) engage();
        }, FOCUS_REST_MS);
      },
      onKeyDown: (event) => {
        // Before the list's handler moves focus to the first action.
        if (event.key === 'Enter' && event.target === event.currentTarget) flushSync(engage);
      },
    },
  };
}
