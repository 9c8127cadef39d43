import { countLabel } from '../store/read-state-slice.js';

/** The red count on a conversation; read out as "3 unread" (or "1 mention"). Counts stop at 999 ("999+"). */
export function UnreadBadge({ count, mentions = 0, muted = false }: { count: number; mentions?: number; muted?: boolean }) {
  if (count <= 0) return null;
  const spoken = mentions > 0 ? `${countLabel(count)} unread, ${countLabel(mentions)} mentioning you` : `${countLabel(count)} unread`;
  return (
    <span className={`unread-badge${muted && mentions === 0 ? ' unread-badge--muted' : ''}`}>
      <span aria-hidden="true">{countLabel(count)}</span>
      <span className="visually-hidden">{spoken}</span>
    </span>
  );
}
