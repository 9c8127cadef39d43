// Signed in: the sidebar, the open conversation, and beside it (over it on
// narrow screens) the search results. Keys that work anywhere (Ctrl/Cmd+K
// the quick switcher, Ctrl/Cmd+/ the shortcuts list, Alt+↑/↓…):
// use-global-shortcuts.ts.
import { useState } from 'react';
import { useAppStore } from '../app/app-services.js';
import { ConnectionBanner } from '../common/ConnectionBanner.js';
import { NotificationBanner } from '../notifications/NotificationBanner.js';
import { ConversationPane } from '../conversation/ConversationPane.js';
import { SearchPanel } from '../search/SearchPanel.js';
import { Sidebar } from '../sidebar/Sidebar.js';
import { HandOverOfferDialog } from '../handover/HandOverOfferDialog.js';
import { ProfileCard } from '../people/ProfileCard.js';
import { GENERAL_CONV } from '../store/conversations-slice.js';
import { ShortcutsDialog } from '../shortcuts/ShortcutsDialog.js';
import { useGlobalShortcuts } from '../shortcuts/use-global-shortcuts.js';
import { QuickSwitcher } from '../switcher/QuickSwitcher.js';
import { ThreadPanel } from '../threads/ThreadPanel.js';
import { NARROW_QUERY, useDrawer } from './use-drawer.js';
import './chat-layout.css';

const isNarrow = () => typeof window.matchMedia === 'function' && window.matchMedia(NARROW_QUERY).matches;

export function ChatLayout() {
  const active = useAppStore((s) => s.active) ?? GENERAL_CONV;
  const searching = useAppStore((s) => s.search !== null);
  const threadOpen = useAppStore((s) => s.openThread !== null);
  const closeSearch = useAppStore((s) => s.closeSearch);
  const drawer = useDrawer();
  const [switcher, setSwitcher] = useState(false);
  const [shortcuts, setShortcuts] = useState(false);

  useGlobalShortcuts({ openSwitcher: () => setSwitcher(true), openShortcuts: () => setShortcuts(true), navigated: drawer.navigated, drawerOpen: drawer.open });

  return (
    <div className={`chat-layout${drawer.open ? ' chat-layout--drawer-open' : ''}`}>
      <Sidebar open={drawer.open} onNavigate={drawer.navigated} onQuickSwitcher={() => setSwitcher(true)} onShortcuts={() => setShortcuts(true)} />
      {drawer.open && <div className="chat-layout__scrim" aria-hidden="true" onClick={drawer.close} />}
      <main className="chat-layout__main">
        <ConnectionBanner />
        <NotificationBanner />
        <div className="chat-layout__body">
          <ConversationPane conv={active} drawerOpen={drawer.open} onToggleDrawer={drawer.toggle} />
          {searching && !threadOpen && <SearchPanel conv={active} onChosen={() => isNarrow() && closeSearch()} />}
          {threadOpen && <ThreadPanel />}
        </div>
      </main>
      {switcher && <QuickSwitcher onClose={() => setSwitcher(false)} onNavigate={drawer.navigated} />}
      {shortcuts && <ShortcutsDialog onClose={() => setShortcuts(false)} />}
      <HandOverOfferDialog />
      <ProfileCard />
    </div>
  );
}
