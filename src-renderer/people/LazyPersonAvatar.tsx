// A person's avatar in a row of a list of people (the sidebar's direct
// messages, people and me; a channel's member list): their picture like beside
// their messages, else initials. The picture is asked for only once the row
// comes near the visible part of its list
// (use-near-viewport.ts), so a long list does not fetch every picture at once;
// the same picture shown twice is fetched once (use-avatar-image.ts and, on
// the desktop, desktop-avatars.ts share it by hash).
import { useAppStore } from '../app/app-services.js';
import { Avatar } from '../common/Avatar.js';
import type { Presence } from '../common/presence.js';
import { useNearViewport } from '../common/use-near-viewport.js';
import { useAvatarImage } from './use-avatar-image.js';

export function LazyPersonAvatar({ userId, name, size = 'sm', presence }: { userId: number; name: string; size?: 'sm' | 'md'; presence?: Presence }) {
  const hash = useAppStore((s) => s.users[userId]?.avatar);
  const [ref, near] = useNearViewport<HTMLSpanElement>();
  const image = useAvatarImage(near ? hash : null);
  return <Avatar ref={ref} name={name} id={userId} size={size} image={image} {...(presence !== undefined && { presence })} />;
}
