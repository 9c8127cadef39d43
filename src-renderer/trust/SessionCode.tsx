// A session code as people compare it: large, monospace, in its groups of
// four (sessionCode() already spaces them), so "0O" and "1l" cannot be
// confused and a glance back and forth between two screens is easy.
import { Fragment } from 'react';
import './session-code.css';

export function SessionCode({ code, size = 'large' }: { code: string; size?: 'large' | 'small' }) {
  const groups = code.split(' ');
  return (
    <span className={`session-code session-code--${size}`}>
      {groups.map((group, index) => (
        // The space between groups keeps the code copyable and readable as text, and lets a narrow screen wrap there.
        <Fragment key={index}>
          {index > 0 && ' '}
          <span className="session-code__group">{group}</span>
        </Fragment>
      ))}
    </span>
  );
}
