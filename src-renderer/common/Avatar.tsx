import { avatarColorIndex, initials } from './avatar-color.js';
import './avatar.css';

/** A coloured circle with initials, or the person's picture (`image`). Decorative: the name is always written beside it. */
export function Avatar({ name, size = 'md', online, image }: { name: string; size?: 'sm' | 'md' | 'lg' | 'xl'; online?: boolean; image?: string | null }) {
  return (
    <span className={`avatar avatar--${size} avatar--c${avatarColorIndex(name)}`} aria-hidden="true">
      {image ? <img className="avatar__image" src={image} alt="" /> : initials(name)}
      {online !== undefined && <span className={`presence-dot ${online ? 'presence-dot--online' : 'presence-dot--offline'}`} />}
    </span>
  );
}
