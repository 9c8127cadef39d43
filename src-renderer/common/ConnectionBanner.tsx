// Says so while the connection is down. ChatClient reconnects by itself; the
// banner goes away when it is back. After a fatal close it offers a button.
import { useAppStore, useChatSession } from '../app/app-services.js';
import './connection-banner.css';

export function ConnectionBanner() {
  const connection = useAppStore((s) => s.connection);
  const banner = useAppStore((s) => s.banner);
  const waiting = useAppStore((s) => Object.values(s.pending).reduce((n, list) => n + list.filter((p) => p.status === 'sending').length, 0));
  const session = useChatSession();

  if (connection === 'reconnecting' || connection === 'connecting') {
    return (
      <div role="status" className="connection-banner connection-banner--warning">
        <span className="connection-banner__spinner" aria-hidden="true" />
        <span>
          {banner?.code === 'moved' ? banner.text : 'Connection lost — reconnecting…'}
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
