// Keys that work anywhere in the signed-in app (listed in shortcut-list.ts):
//   Ctrl/⌘+K       the quick switcher
//   Ctrl/⌘+/       the "Keyboard shortcuts" dialog
//   Alt+↑/↓        previous/next conversation, focus to its composer
//   Alt+Shift+↑/↓  previous/next conversation with unread messages
//   Esc            mark the open conversation read
// None of them act over a dialog (it has the person's attention and holds
// focus) or an open menu. Esc acts only when nothing else used it (an editor
// cancelling, the composer closing suggestions or a reply, a message's
// actions going back to the message: they prevent its default) and the
// drawer is closed (Esc closes the drawer first). In the composer with text,
// Esc marks read too and the text stays, as in Slack.
import { useEffect, useRef } from 'react';
import { useChatSession, useStoreApi } from '../app/app-services.js';
import { focusComposer } from '../conversation/focus-composer.js';
import { neighbourConversation, sidebarOrder } from './conversation-order.js';

export interface GlobalShortcutActions {
  openSwitcher: () => void;
  openShortcuts: () => void;
  /** A conversation was opened by key (closes the drawer on narrow screens). */
  navigated: () => void;
  drawerOpen: boolean;
}

const overlayOpen = () => document.querySelector('[role="dialog"], [role="menu"]') !== null;

export function useGlobalShortcuts(actions: GlobalShortcutActions): void {
  const session = useChatSession();
  const store = useStoreApi();
  const latest = useRef(actions);
  latest.current = actions;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || overlayOpen()) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        latest.current.openSwitcher();
      } else if (mod && !event.altKey && (event.key === '/' || event.code === 'Slash')) {
        event.preventDefault();
        latest.current.openShortcuts();
      } else if (event.altKey && !mod && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        event.preventDefault();
        const state = store.getState();
        const order = sidebarOrder(state.channels, state.dms);
        const next = neighbourConversation(order, state.active, event.key === 'ArrowDown' ? 1 : -1, event.shiftKey ? state.unread : undefined);
        if (!next) return;
        session.openConversation(next);
        latest.current.navigated();
        focusComposer();
      } else if (event.key === 'Escape' && !mod && !event.altKey && !event.shiftKey && !latest.current.drawerOpen) {
        const active = store.getState().active;
        if (active) session.reads.markRead(active);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [session, store]);
}
