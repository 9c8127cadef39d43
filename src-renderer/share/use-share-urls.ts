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

/** The addresses to give people for the session this window is in. */
export function useShareUrls(): string[] {
  const host = useHostStatus();
  const sessionUrl = useAppStore((s) => s.target?.url ?? null);
  // This app hosts the session it shows when it joined its own host's loopback address.
  const hosting = !!host?.running && sessionUrl !== null && (sessionUrl === host.localUrl || (/^ws:\/\/(127\.|localhost|\[::1\])/.test(sessionUrl) && samePort(sessionUrl, host.localUrl)));
  return shareUrls({ hostUrls: host?.urls ?? [], hosting, sessionUrl });
}
