// A person as the UI shows them: the name others see (display name, else the
// sign-in name) and where their avatar picture is, if this renderer can show it.
import { shownName } from '../../src-shared/profile-rules.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { useAppStore, useChatSession } from '../app/app-services.js';

export function usePerson(userId: number, fallbackName: string): { user: UserInfo | undefined; name: string; image: string | null } {
  const session = useChatSession();
  const user = useAppStore((s) => s.users[userId]);
  return { user, name: user ? shownName(user) : fallbackName, image: session.profiles.avatarUrl(user?.avatar) };
}
