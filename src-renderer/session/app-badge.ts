// The app's badge: unread DMs + mentions in conversations not muted (archived channels count nothing), on the
// dock or taskbar (desktop) or as "(3) Parley" in the page title, set on the
// platform only when the count changes.
import type { Platform } from '../platform/platform.js';
import type { AppStore } from '../store/app-store.js';
import { badgeCount } from '../store/selectors.js';

export function watchBadge(store: AppStore, platform: Pick<Platform, 'setBadge'>): () => void {
  let lastBadge = -1;
  return store.subscribe((state) => {
    const count = badgeCount(state.unread, state.muted, state.channels);
    if (count === lastBadge) return;
    lastBadge = count;
    platform.setBadge(count);
  });
}
