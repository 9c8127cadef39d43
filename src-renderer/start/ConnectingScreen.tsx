// Reaching the chosen session (or the host that served this page). When it
// cannot be reached it says why; a browser tries again by itself.
import { useEffect } from 'react';
import { useAppStore, useChatSession, usePlatform } from '../app/app-services.js';
import './start.css';

const RETRY_MS = 5000;

export function ConnectingScreen() {
  const session = useChatSession();
  const platform = usePlatform();
  const target = useAppStore((s) => s.target);
  const problem = useAppStore((s) => s.startProblem);

  useEffect(() => {
    // In a browser there is nowhere else to go: keep trying.
    if (!problem || platform.kind !== 'web') return;
    const timer = setTimeout(() => void session.reconnect(), RETRY_MS);
    return () => clearTimeout(timer);
  }, [problem, platform, session]);

  return (
    <main className="center-screen">
      <div className="center-card" aria-busy={!problem}>
        <span className="brand-mark" aria-hidden="true">
          P
        </span>
        {problem ? (
          <>
            <h1 className="center-card__title">Can’t reach {target?.label ?? 'the session'}</h1>
            <p className="center-card__problem" role="alert">
              {problem}
            </p>
            <p className="center-card__text">{platform.kind === 'web' ? 'Trying again every few seconds. Is the host still running?' : 'Is the host running, and are you on the same network?'}</p>
          </>
        ) : (
          <>
            <h1 className="center-card__title">Connecting to {target?.label ?? 'the session'}…</h1>
            <span className="spinner" aria-hidden="true" />
          </>
        )}
        <div className="center-card__actions">
          {problem && (
            <button type="button" className="button button--primary" onClick={() => void session.reconnect()}>
              Try again
            </button>
          )}
          {platform.kind === 'desktop' && (
            <button type="button" className="button button--ghost" onClick={() => void session.leaveSession()}>
              Choose another session
            </button>
          )}
        </div>
      </div>
    </main>
  );
}
