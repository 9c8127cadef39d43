// The left column (a drawer on narrow screens): the session, the lists, and me.
import { useEffect, useRef, useState } from 'react';
import { useAppStore, useChatSession, usePlatform } from '../app/app-services.js';
import { sessionCode } from '../../src-shared/session-identity.js';
import { LazyPersonAvatar } from '../people/LazyPersonAvatar.js';
import { keysText } from '../shortcuts/shortcut-list.js';
import { AutoSaveToggle } from './AutoSaveToggle.js';
import { ChannelList } from './ChannelList.js';
import { ThreadsList } from '../threads/ThreadsList.js';
import { DirectMessageList } from './DirectMessageList.js';
import { OnlineUserList } from './OnlineUserList.js';
import { SessionDetailsDialog } from './SessionDetailsDialog.js';
import './sidebar.css';

const shortcutLabel = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘K' : 'Ctrl+K';

export function Sidebar({ open, onNavigate, onQuickSwitcher, onShortcuts }: { open: boolean; onNavigate: () => void; onQuickSwitcher?: () => void; onShortcuts?: () => void }) {
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    // Opened as a drawer: move focus into it, onto the open conversation.
    if (!open) return;
    const target = nav.current?.querySelector<HTMLElement>('[aria-current="page"]') ?? nav.current?.querySelector<HTMLElement>('button');
    target?.focus();
  }, [open]);
  const session = useChatSession();
  const platform = usePlatform();
  const sessionInfo = useAppStore((s) => s.session);
  const me = useAppStore((s) => s.me);
  const connection = useAppStore((s) => s.connection);
  const [details, setDetails] = useState(false);
  const code = sessionInfo?.identity ? sessionCode(sessionInfo.identity) : null;

  return (
    <nav ref={nav} id="sidebar" className={`sidebar${open ? ' sidebar--open' : ''}`} aria-label="Conversations">
      <div className="sidebar__session">
        <span className={`sidebar__status sidebar__status--${connection === 'online' ? 'online' : 'offline'}`} aria-hidden="true" />
        <div className="sidebar__session-text">
          <span className="sidebar__session-name">{sessionInfo?.name ?? 'Parley'}</span>
          <span className="sidebar__session-state">{connection === 'online' ? 'Connected' : 'Reconnecting…'}</span>
          {code && (
            // "Code" to fit the narrow column; screen readers hear the whole name.
            <span className="sidebar__session-code">
              <span className="visually-hidden">Session code</span>
              <span aria-hidden="true">Code</span> <span className="sidebar__session-code-value">{code}</span>
            </span>
          )}
        </div>
        <button type="button" className="sidebar__session-info" aria-label="Session details" title="Session details" onClick={() => setDetails(true)}>
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M12 11v6M12 7.5v.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {details && <SessionDetailsDialog onClose={() => setDetails(false)} />}
      {onQuickSwitcher && (
        <button type="button" className="sidebar__jump" onClick={onQuickSwitcher} aria-keyshortcuts="Control+K Meta+K">
          <svg viewBox="0 0 24 24" width="15" height="15" aria-hidden="true" focusable="false">
            <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M20 20l-4-4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <span className="sidebar__jump-text">Jump to…</span>
          <kbd className="sidebar__jump-key" aria-hidden="true">
            {shortcutLabel}
          </kbd>
        </button>
      )}
      <div className="sidebar__scroll">
        <ThreadsList onNavigate={onNavigate} />
        <ChannelList onNavigate={onNavigate} />
        <DirectMessageList onNavigate={onNavigate} />
        <OnlineUserList onNavigate={onNavigate} />
      </div>
      {me && (
        <div className="sidebar__me">
          <div className="sidebar__me-who">
            <LazyPersonAvatar userId={me.id} name={me.name} presence={connection === 'online' ? 'online' : 'offline'} />
            <span className="sidebar__me-name" title={me.name}>
              {me.name}
            </span>
            {me.isAdmin && <span className="sidebar-item__tag">admin</span>}
          </div>
          {platform.files && <AutoSaveToggle files={platform.files} />}
          <div className="sidebar__me-actions">
            {onShortcuts && (
              <button type="button" className="sidebar-link" onClick={onShortcuts} aria-keyshortcuts="Control+/ Meta+/" title={`Keyboard shortcuts (${keysText(['Mod', '/'])})`}>
                Shortcuts
              </button>
            )}
            {platform.kind === 'desktop' && (
              <button type="button" className="sidebar-link" onClick={() => void session.leaveSession()}>
                Switch session
              </button>
            )}
            <button type="button" className="sidebar-link" onClick={() => void session.signOut()}>
              Sign out
            </button>
          </div>
        </div>
      )}
    </nav>
  );
}
