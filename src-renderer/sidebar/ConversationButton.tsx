// One entry of a sidebar list: opens its conversation; marks the open one
// (aria-current) and unread ones (bold + badge).
import type { ReactNode } from 'react';
import { UnreadBadge } from '../common/UnreadBadge.js';
import type { Unread } from '../store/conversations-slice.js';

export interface ConversationButtonProps {
  icon: ReactNode;
  label: string;
  /** Shown on hover (e.g. a person's sign-in name beside their display name); the full label otherwise. */
  hint?: string;
  active: boolean;
  unread?: Unread;
  /** Channels: a grey count unless someone mentioned me. DMs: always red. */
  mutedBadge?: boolean;
  /** I muted this conversation: quieter, with a bell-off mark (and a muted badge). */
  muted?: boolean;
  dim?: boolean;
  onClick: () => void;
}

export function ConversationButton({ icon, label, hint, active, unread, mutedBadge, muted, dim, onClick }: ConversationButtonProps) {
  const hasUnread = (unread?.count ?? 0) > 0;
  return (
    <button
      type="button"
      className={`sidebar-item${active ? ' sidebar-item--active' : ''}${hasUnread ? ' sidebar-item--unread' : ''}${dim ? ' sidebar-item--dim' : ''}${muted ? ' sidebar-item--muted' : ''}`}
      aria-current={active ? 'page' : undefined}
      onClick={onClick}
    >
      <span className="sidebar-item__icon">{icon}</span>
      <span className="sidebar-item__label" title={hint ?? label}>
        {label}
      </span>
      {muted && (
        <span className="sidebar-item__muted" title="Muted">
          <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M13.7 21a2 2 0 0 1-3.4 0M18 8a6 6 0 0 0-9.3-5M6.3 6.3A6 6 0 0 0 6 8c0 7-3 9-3 9h14M3 3l18 18" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span className="visually-hidden">, muted</span>
        </span>
      )}
      {unread && <UnreadBadge count={unread.count} mentions={unread.mentions} muted={mutedBadge || muted} />}
    </button>
  );
}
