import type { Ref } from 'react';
import { avatarColorIndex, initials } from './avatar-color.js';
import type { Presence } from './presence.js';
import './avatar.css';

/**
 * A coloured circle with initials, or the person's picture (`image`).
 * Decorative: the name is always written beside it. `id`: the person's user
 * id, which picks the colour (avatar-color.ts); pass it wherever it is known.
 */
export function Avatar({
  name,
  id,
  size = 'md',
  presence,
  image,
  ref,
}: {
  name: string;
  id?: number;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  presence?: Presence;
  image?: string | null;
  /** The outer element (e.g. to see whether it is on screen before loading the picture). */
  ref?: Ref<HTMLSpanElement>;
}) {
  return (
    <span ref={ref} className={`avatar avatar--${size} avatar--c${avatarColorIndex(name, id)}`} aria-hidden="true">
      {image ? <img className="avatar__image" src={image} alt="" /> : initials(name)}
      {presence !== undefined && <span className={`presence-dot presence-dot--${presence}`} />}
    </span>
  );
}
