// Signed in: the sidebar and the open conversation.
import { useAppStore } from '../app/app-services.js';
import { ConnectionBanner } from '../common/ConnectionBanner.js';
import { ConversationPane } from '../conversation/ConversationPane.js';
import { Sidebar } from '../sidebar/Sidebar.js';
import { GENERAL_CONV } from '../store/conversations-slice.js';
import { useDrawer } from './use-drawer.js';
import './chat-layout.css';

export function ChatLayout() {
  const active = useAppStore((s) => s.active) ?? GENERAL_CONV;
  const drawer = useDrawer();
  return (
    <div className={`chat-layout${drawer.open ? ' chat-layout--drawer-open' : ''}`}>
      <Sidebar open={drawer.open} onNavigate={drawer.navigated} />
      {drawer.open && <div className="chat-layout__scrim" aria-hidden="true" onClick={drawer.close} />}
      <main className="chat-layout__main">
        <ConnectionBanner />
        <ConversationPane conv={active} drawerOpen={drawer.open} onToggleDrawer={drawer.toggle} />
      </main>
    </div>
  );
}
