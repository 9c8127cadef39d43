// "Session code XXXX XXXX XXXX XXXX XXXX" and what it is for. The desktop
// checks the whole identity on every connection (main pins it); a browser
// cannot, so its person compares the code with the host's screen, or finds it
// in the certificate viewer at the start of the public key's SHA-256.
import { useId } from 'react';
import { sessionCode } from '../../src-shared/session-identity.js';
import { SessionCode } from './SessionCode.js';
import './trust.css';

export function SessionCodeDetails({ identity, kind }: { identity: string; kind: 'desktop' | 'web' }) {
  const labelId = useId();
  const code = sessionCode(identity);
  return (
    <div className="session-code-details" role="group" aria-labelledby={labelId}>
      <p className="session-code-details__line">
        <span id={labelId} className="session-code-details__label">
          Session code
        </span>{' '}
        <SessionCode code={code} size="small" />
      </p>
      <p className="session-code-details__note">
        {kind === 'desktop'
          ? 'Parley checks it on every connection. It should match the code on the host’s screen.'
          : 'Compare it with the host’s screen. Your browser’s certificate viewer shows it as the start of the “Public key SHA-256”.'}
      </p>
    </div>
  );
}
