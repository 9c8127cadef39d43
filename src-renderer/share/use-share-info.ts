import { useAppStore } from '../app/app-services.js';
import { shareUrls } from './share-urls.js';
import { useHostStatus } from './use-host-status.js';

function samePort(a: string, b: string | null): boolean {
  try {
    return b !== null && new URL(a).port === new URL(b).port;
  } catch {
    return false;
  }
}

export interface ShareInfo {
  /** The page addresses to give people. */
  urls: string[];
  /** The session identity the share links carry (null: unknown, or a --plain host). */
  identity: string | null;
}

/** The addresses to give people for the session this window is in, and its identity. */
export function useShareInfo(): ShareInfo {
  const host = useHostStatus();
  const sessionUrl = useAppStore((s) => s.target?.url ?? null);
  const joinedIdentity = useAppStore((s) => s.session?.identity ?? null);
  // This app hosts the session it shows when it joined its own host's loopback address.
  const hosting = !!host?.running && sessionUrl !== null && (sessionUrl === host.localUrl || (/^wss?:\/\/(127\.|localhost|\[::1\])/.test(sessionUrl) && samePort(sessionUrl, host.localUrl)));
  return {
    urls: shareUrls({ hostUrls: host?.urls ?? [], hosting, sessionUrl }),
    // What this app's host knows first-hand beats what the welcome frame claimed.
    identity: (hosting ? host?.identity : null) ?? joinedIdentity,
  };
}
