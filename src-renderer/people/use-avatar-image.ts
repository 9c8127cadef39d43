// Where an avatar picture is for an <img>: in a browser the host's URL
// (`/api/avatars/<hash>` on the page's own origin); on the desktop a blob: URL
// of the bytes main fetched over its pinned TLS (platform `avatars`), held
// while this component shows it. null: initials (no picture, not here yet, or
// it could not be had).
import { useEffect, useState } from 'react';
import { useChatSession, usePlatform } from '../app/app-services.js';

export function useAvatarImage(hash: string | null | undefined): string | null {
  const session = useChatSession();
  const avatars = usePlatform().avatars;
  const hostHttpBase = avatars && hash ? session.profiles.httpBase() : null;
  const [shown, setShown] = useState<{ hash: string; url: string | null } | null>(null);
  useEffect(() => {
    if (!avatars || !hash || !hostHttpBase) return undefined;
    return avatars.watch({ hostHttpBase, hash }, (url) => setShown({ hash, url }));
  }, [avatars, hash, hostHttpBase]);
  if (!avatars) return session.profiles.avatarUrl(hash ?? undefined);
  return shown && shown.hash === hash ? shown.url : null;
}
