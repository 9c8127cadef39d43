// Whether others are online, as far as this window can know. While the
// connection is down (or back but not yet signed in again) the last presence
// seen is stale: someone shown "online" may have left meanwhile. So, like
// Slack greying everyone out when it loses the connection, others' presence
// reads "unknown" until the host's snapshot on signing in again
// (connection-slice: presenceKnown) says who is really there.
import { useAppStore } from '../app/app-services.js';

export type Presence = 'online' | 'offline' | 'unknown';

export function presenceOf(online: boolean, known: boolean): Presence {
  if (!known) return 'unknown';
  return online ? 'online' : 'offline';
}

/** For screen readers and tooltips. */
export function presenceLabel(presence: Presence): string {
  return presence === 'unknown' ? 'presence unknown while offline' : presence;
}

export function usePresenceKnown(): boolean {
  return useAppStore((s) => s.presenceKnown);
}
