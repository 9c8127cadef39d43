// A session code as people compare it: large, monospace, in its groups of
// four (sessionCode() already spaces them), so "0O" and "1l" cannot be
// confused and a glance back and forth between two screens is easy.
import './session-code.css';

export function SessionCode({ code, size = 'large', label }: { code: string; size?: 'large' | 'small'; label?: string }) {
  const groups = code.split(' ');
  return (
    <span className={`session-code session-code--${size}`} {...(label && { 'aria-label': `${label}: ${code}`, role: 'text' })}>
      {groups.map((group, index) => (
        <span key={index} className="session-code__group">
          {group}
          {/* The space keeps the code copyable and readable as text; CSS draws the gap. */}
          {index < groups.length - 1 ? ' ' : ''}
        </span>
      ))}
    </span>
  );
}
