// Sessions found on the network: name, host, people online, the session
// code it announces (to compare with the host's screen); one button each.
import type { DiscoveredSession } from '../../src-shared/ipc/ipc-contract.js';
import { PROTOCOL_VERSION } from '../../src-shared/limits.js';
import { sessionCode } from '../../src-shared/session-identity.js';
import { SessionCode } from '../trust/SessionCode.js';

export function DiscoveredSessionList({ sessions, onJoin, busy }: { sessions: DiscoveredSession[]; onJoin: (session: DiscoveredSession) => void; busy: boolean }) {
  return (
    <ul className="session-list" role="list" aria-label="Sessions on this network">
      {sessions.map((session) => {
        const compatible = session.protocol === PROTOCOL_VERSION;
        return (
          <li key={session.id} className="session-card">
            <div className="session-card__icon" aria-hidden="true">
              {session.name.slice(0, 1).toUpperCase()}
            </div>
            <div className="session-card__info">
              <span className="session-card__name">{session.name}</span>
              <span className="session-card__meta">
                {session.hostName}
                {session.addresses[0] ? ` · ${session.addresses[0]}:${session.port}` : ''} · {session.online === 1 ? '1 person online' : `${session.online} people online`}
                {session.passcodeRequired ? ' · needs a passcode' : ''}
              </span>
              {session.identity ? (
                <span className="session-card__code">
                  Session code <SessionCode code={sessionCode(session.identity)} size="small" />
                </span>
              ) : (
                <span className="session-card__code session-card__code--plain">Not encrypted (host runs with --plain)</span>
              )}
              {!compatible && <span className="session-card__warning">Needs a different version of Parley (protocol {session.protocol}).</span>}
            </div>
            <button type="button" className="button button--primary" disabled={!compatible || busy} onClick={() => onJoin(session)} aria-label={`Join ${session.name}`}>
              Join
            </button>
          </li>
        );
      })}
    </ul>
  );
}
