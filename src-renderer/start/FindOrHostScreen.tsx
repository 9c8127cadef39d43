// Desktop start: the sessions discovery finds (live), hosting one, and joining
// by address when discovery cannot see the host.
import { useState } from 'react';
import type { DiscoveredSession, HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import { useAppStore, useChatSession, usePlatform } from '../app/app-services.js';
import { useHostStatus } from '../share/use-host-status.js';
import type { SessionTarget } from '../store/connection-slice.js';
import { DiscoveredSessionList } from './DiscoveredSessionList.js';
import { DiscoveryDetails } from './DiscoveryDetails.js';
import { HostingCard } from './HostingCard.js';
import { HostSessionDialog } from './HostSessionDialog.js';
import { JoinByAddressForm } from './JoinByAddressForm.js';
import { NoSessionsFound } from './NoSessionsFound.js';
import { useDiscovery } from './use-discovery.js';
import './start.css';

export function FindOrHostScreen() {
  const platform = usePlatform();
  const session = useChatSession();
  const { status, error } = useDiscovery(platform.discovery);
  const host = useHostStatus();
  const problem = useAppStore((s) => s.startProblem);
  const [hostDialog, setHostDialog] = useState(false);
  const [busy, setBusy] = useState(false);
  const [hostProblem, setHostProblem] = useState<string | null>(null);

  const join = async (target: SessionTarget) => {
    setBusy(true);
    try {
      await session.join(target);
    } finally {
      setBusy(false);
    }
  };

  // mDNS is unauthenticated: its identity is what main checks the host against (and compares with what it remembers).
  const joinDiscovered = (found: DiscoveredSession) =>
    void join({ url: found.url, label: found.name, sessionId: found.id, ...(found.identity && { expected: found.identity, expectedFrom: 'discovery' as const }) });

  /** My own hosted session: I know its identity first-hand, as if I had typed it. */
  const joinOwn = (status: HostStatus, fallbackName: string) =>
    status.localUrl
      ? join({ url: status.localUrl, label: status.sessionName ?? fallbackName, ...(status.identity && { expected: status.identity, expectedFrom: 'person' as const }) })
      : Promise.resolve();

  const startHosting = async (options: { sessionName: string; passcode?: string }) => {
    if (!platform.hosting) return;
    const started = await platform.hosting.start(options);
    setHostDialog(false);
    await joinOwn(started, options.sessionName);
  };

  const stopHosting = async () => {
    if (!platform.hosting) return;
    setBusy(true);
    setHostProblem(null);
    try {
      await platform.hosting.stop();
    } catch (problem) {
      setHostProblem(problem instanceof Error ? problem.message : String(problem));
    } finally {
      setBusy(false);
    }
  };

  const sessions = status?.sessions ?? [];
  return (
    <div className="start-screen">
      <header className="start-screen__brand">
        <span className="brand-mark" aria-hidden="true">
          P
        </span>
        <div>
          <h1 className="start-screen__title">Parley</h1>
          <p className="start-screen__tagline">Chat with the people on your network — no internet needed.</p>
        </div>
      </header>

      {problem && (
        <p className="start-screen__problem" role="alert">
          {problem}
        </p>
      )}

      {host?.running && (
        <HostingCard
          status={host}
          busy={busy}
          hosting={platform.hosting}
          onJoin={() => void joinOwn(host, 'My session')}
          onStop={() => void stopHosting()}
        />
      )}
      {host && !host.running && host.handedOverTo && (
        <p className="start-screen__note" role="status">
          You handed your session over to {host.handedOverTo}: it runs on their computer now.
        </p>
      )}
      {hostProblem && (
        <p className="start-screen__problem" role="alert">
          {hostProblem}
        </p>
      )}

      <section className="start-card" aria-labelledby="found-title">
        <div className="start-card__header">
          <h2 id="found-title" className="start-card__title">
            Sessions on this network
          </h2>
          {status?.browsing && (
            <span className="start-card__looking">
              <span className="pulse" aria-hidden="true" /> Looking…
            </span>
          )}
        </div>
        {error && (
          <p className="start-screen__problem" role="alert">
            Could not ask for sessions: {error}
          </p>
        )}
        {sessions.length > 0 ? <DiscoveredSessionList sessions={sessions} onJoin={joinDiscovered} busy={busy} /> : <NoSessionsFound />}
        {status && <DiscoveryDetails status={status} />}
      </section>

      <div className="start-screen__columns">
        {platform.hosting && !host?.running && (
          <section className="start-card" aria-labelledby="host-title">
            <h2 id="host-title" className="start-card__title">
              Host a session
            </h2>
            <p className="start-card__text">Nobody hosting yet? Run the session on this computer and invite others.</p>
            <button type="button" className="button button--primary" onClick={() => setHostDialog(true)}>
              Host a session
            </button>
          </section>
        )}
        <section className="start-card" aria-labelledby="address-title">
          <h2 id="address-title" className="start-card__title">
            Join by address
          </h2>
          <JoinByAddressForm onJoin={(target) => void join(target)} busy={busy} />
        </section>
      </div>

      {hostDialog && <HostSessionDialog onClose={() => setHostDialog(false)} onStart={startHosting} />}
    </div>
  );
}
