// The pill over the bottom of the message list whenever the newest message is
// not on screen: "Jump to newest", or "3 new messages" once some arrived while
// the reader was scrolled up (Slack's "Jump to recent messages" and
// Mattermost's "New messages" toast). Centred at the bottom, where the eye
// goes when something arrives; it never moves the list by itself.
import { countLabel } from '../store/read-state-slice.js';
import './jump-to-newest.css';

export interface JumpToNewestProps {
  /** Messages from others that arrived below while scrolled up. */
  newCount: number;
  onJump: () => void;
}

export function JumpToNewest({ newCount, onJump }: JumpToNewestProps) {
  const text = newCount > 0 ? `${countLabel(newCount)} new ${newCount === 1 ? 'message' : 'messages'}` : 'Jump to newest';
  return (
    <button
      type="button"
      className={`jump-to-newest${newCount > 0 ? ' jump-to-newest--news' : ''}`}
      aria-label={newCount > 0 ? `${text} — jump to newest` : undefined}
      onClick={onJump}
    >
      {text}
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
        <path d="M12 5v14M6 13l6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </button>
  );
}
