// One entry of a sidebar list: opens its conversation; marks the open one
// (aria-current) and unread ones (bold + badge).
import type { ReactNode } from 'react';
import { UnreadBadge } from '../common/UnreadBadge.js';
import type { Unread } from '../store/conversations-slice.js';

export interface ConversationButtonProps {
  icon: ReactNode;
  label: string;
  active: boolean;
  unread?: Unread;
  /** Channels: a grey count unless someone mentioned me. DMs: always red. */
  mutedBadge?: boolean;
  dim?: boolean;
  onClick: () => void;
}

export function ConversationButton({ icon, label, active, unread, mutedBadge, dim, onClick }: ConversationButtonProps) {
  const hasUnread = (unread?.count ?? 0) > 0;
  return (
    <button
      type="button"
      className={`sidebar-item${active ? ' sidebar-item--active' : ''}${hasUnread ? ' sidebar-item--unread' : ''}${dim ? ' sidebar-item--dim' : ''}`}
      aria-current={active ? 'page' : undefined}
      onClick={onClick}
    >
      <span className="sidebar-item__icon">{icon}</span>
      <span className="sidebar-item__label">{label}</span>
      {unread && <UnreadBadge count={unread.count} mentions={unread.mentions} muted={mutedBadge} />}
    </button>
  );
}
