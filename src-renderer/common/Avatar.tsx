import { avatarColorIndex, initials } from './avatar-color.js';
import type { Presence } from './presence.js';
import './avatar.css';

/** A coloured circle with initials. Decorative: the name is always written beside it. */
/** `id`: the person's user id, which picks the colour (avatar-color.ts); pass it wherever it is known. */
export function Avatar({ name, id, size = 'md', presence }: { name: string; id?: number; size?: 'sm' | 'md' | 'lg'; presence?: Presence }) {
  return (
    <span className={`avatar avatar--${size} avatar--c${avatarColorIndex(name, id)}`} aria-hidden="true">
      {initials(name)}
      {presence !== undefined && <span className={`presence-dot presence-dot--${presence}`} />}
    </span>
  );
}
