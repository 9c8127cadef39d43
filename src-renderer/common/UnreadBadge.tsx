/** The red count on a conversation; read out as "3 unread" (or "1 mention"). */
export function UnreadBadge({ count, mentions = 0, muted = false }: { count: number; mentions?: number; muted?: boolean }) {
  if (count <= 0) return null;
  const spoken = mentions > 0 ? `${count} unread, ${mentions} mentioning you` : `${count} unread`;
  return (
    <span className={`unread-badge${muted && mentions === 0 ? ' unread-badge--muted' : ''}`}>
      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
      <span className="visually-hidden">{spoken}</span>
    </span>
  );
}
