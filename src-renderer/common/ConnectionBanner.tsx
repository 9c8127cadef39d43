// Says so while the connection is down. ChatClient reconnects by itself; the
// banner goes away when it is back. After a fatal close it offers a button.
// While reconnecting it names the address that does not answer, and on the
// desktop says the session will also be found at another address
// (session-rediscovery.ts) — so nobody goes hunting for the new one.
// A session that moved (session-move.ts) says where the page is going instead.
import { socketUrlLabel } from '../../src-shared/session-rediscovery.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { MOVING_BANNER } from '../session/session-move.js';
import './connection-banner.css';

export function ConnectionBanner() {
  const connection = useAppStore((s) => s.connection);
  const banner = useAppStore((s) => s.banner);
  const waiting = useAppStore((s) => Object.values(s.pending).reduce((n, list) => n + list.filter((p) => p.status === 'sending').length, 0));
  const url = useAppStore((s) => s.target?.url ?? null);
  const session = useChatSession();

  // The session moved and this page is on its way there: that, not the closed connection, is the news.
  if (banner?.code === MOVING_BANNER) {
    return (
      <div role="status" className="connection-banner connection-banner--info">
        <span className="connection-banner__spinner" aria-hidden="true" />
        <span>{banner.text}</span>
      </div>
    );
  }
  if (connection === 'reconnecting' || connection === 'connecting') {
    const lost =
      connection === 'reconnecting' && url !== null
        ? `Can’t reach the host at ${socketUrlLabel(url)}. Still trying${session.rediscovery.available ? '; Parley will also find the session if it comes back at another address.' : '…'}`
        : 'Connection lost — reconnecting…';
    return (
      <div role="status" className="connection-banner connection-banner--warning">
        <span className="connection-banner__spinner" aria-hidden="true" />
        <span>
          {banner?.code === 'moved' ? banner.text : lost}
          {waiting > 0 && ` ${waiting === 1 ? 'Your message goes' : `Your ${waiting} messages go`} out when it is back.`}
        </span>
      </div>
    );
  }
  if (connection === 'closed' || connection === 'idle') {
    return (
      <div role="status" className="connection-banner connection-banner--error">
        <span>Disconnected from the host.</span>
        <button type="button" className="button button--small" onClick={() => void session.reconnect()}>
          Reconnect
        </button>
      </div>
    );
  }
  if (banner) {
    return (
      <div role="status" className="connection-banner connection-banner--info">
        <span>{banner.text}</span>
      </div>
    );
  }
  return null;
}
