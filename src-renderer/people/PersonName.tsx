// A message author's name and avatar that open their profile card. The name is
// the button (accessible name "Profile of NAME"); the avatar beside it opens
// the same card on a click but stays out of the Tab order and of the
// accessibility tree (the name button is the one way in for keyboard users).
import { useAppStore } from '../app/app-services.js';
import { Avatar } from '../common/Avatar.js';
import { usePerson } from './use-person.js';
import './people.css';

export function PersonName({ userId, name: fallback }: { userId: number; name: string }) {
  const open = useAppStore((s) => s.openProfile);
  const { name } = usePerson(userId, fallback);
  return (
    <button type="button" className="message__author person-name" aria-label={`Profile of ${name}`} onClick={() => open(userId)}>
      {name}
    </button>
  );
}

export function PersonAvatar({ userId, name: fallback }: { userId: number; name: string }) {
  const open = useAppStore((s) => s.openProfile);
  const { name, image } = usePerson(userId, fallback);
  return (
    <span className="person-avatar" onClick={() => open(userId)}>
      <Avatar name={name} id={userId} image={image} />
    </span>
  );
}
