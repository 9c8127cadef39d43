// A person as the UI shows them: the name others see (display name, else the
// sign-in name) and where their avatar picture is, if this renderer can show it.
import { shownName } from '../../src-shared/profile-rules.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useAppStore } from '../app/app-services.js';
import { useAvatarImage } from './use-avatar-image.js';

export function usePerson(userId: number, fallbackName: string): { user: UserInfo | undefined; name: string; image: string | null } {
  const user = useAppStore((s) => s.users[userId]);
  const image = useAvatarImage(user?.avatar);
  return { user, name: user ? shownName(user) : fallbackName, image };
}
