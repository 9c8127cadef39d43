import { avatarColorIndex, initials } from './avatar-color.js';
import './avatar.css';

/** A coloured circle with initials. Decorative: the name is always written beside it. */
export function Avatar({ name, size = 'md', online }: { name: string; size?: 'sm' | 'md' | 'lg'; online?: boolean }) {
  return (
    <span className={`avatar avatar--${size} avatar--c${avatarColorIndex(name)}`} aria-hidden="true">
      {initials(name)}
      {online !== undefined && <span className={`presence-dot ${online ? 'presence-dot--online' : 'presence-dot--offline'}`} />}
    </span>
  );
}
