// Avatar pictures in the desktop window. The window cannot fetch
// https://HOST/api/avatars/<hash> itself (main owns the pinned connection), so
// it asks main (avatar:get) and shows the bytes as a blob: URL — which the
// window's CSP allows for images (src-main/app/content-security-policy.ts).
//
// One blob: URL per hash, shared by every picture of that person on screen and
// counted: when the last one goes, the URL is kept AVATAR_BLOB_URL_KEEP_MS
// (switching conversations unmounts and remounts every row at once) and then
// revoked, so the window never holds pictures nobody shows. A failed or
// missing picture shows initials and is asked for again once no picture of
// it is on screen (the person may be back with another one by then).
// Setting my own picture goes through main as well (avatar:set).
import { ChatError } from '../../src-shared/chat-client.js';
import type { AvatarChange, ParleyApi } from '../../src-shared/ipc/ipc-contract.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { AVATAR_BLOB_URL_KEEP_MS } from '../../src-shared/limits.js';

/**
 * Avatar pictures the page cannot load by URL (desktop only: the window cannot
 * reach the host, main fetches them; desktop-avatars.ts). A browser loads
 * `/api/avatars/<hash>` from its own origin instead.
 */
export interface AvatarsFeature {
  /**
   * Calls `show` with a URL of the picture (now if it is here, else once main
   * sent it); never called when it cannot be had (initials stay). Returns the
   * release: call it when the picture leaves the screen.
   */
  watch(request: { hostHttpBase: string; hash: string }, show: (url: string) => void): () => void;
  /**
   * Sets (image null: removes) my own picture: main puts it to the host.
   * My profile as the host now has it; rejects with a ChatError (field
   * 'avatar') whose message says what to do.
   */
  set?(change: AvatarChange): Promise<UserInfo>;
}

interface Entry {
  users: number;
  url: string | null;
  listeners: Set<(url: string) => void>;
  dropTimer: ReturnType<typeof setTimeout> | null;
}

export interface DesktopAvatarsOptions {
  keepMs?: number;
  /** Tests (jsdom has no createObjectURL). */
  createObjectURL?: (blob: Blob) => string;
  revokeObjectURL?: (url: string) => void;
}

export function desktopAvatars(invoke: ParleyApi['invoke'], options: DesktopAvatarsOptions = {}): AvatarsFeature {
  const keepMs = options.keepMs ?? AVATAR_BLOB_URL_KEEP_MS;
  const createObjectURL = options.createObjectURL ?? ((blob: Blob) => URL.createObjectURL(blob));
  const revokeObjectURL = options.revokeObjectURL ?? ((url: string) => URL.revokeObjectURL(url));
  const entries = new Map<string, Entry>();

  const load = (entry: Entry, hostHttpBase: string, hash: string) => {
    invoke['avatar:get']({ hostHttpBase, hash })
      .then((answer) => {
        // Dropped while main was fetching: nobody to show it to, make no URL.
        if (entries.get(hash) !== entry) return;
        if (!answer.ok) console.warn(`parley: avatar ${hash.slice(0, 8)}… shows as initials: ${answer.error.message}`);
        if (!answer.ok || !answer.value) return;
        const bytes = answer.value.bytes;
        entry.url = createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: answer.value.type }));
        const url = entry.url;
        for (const show of [...entry.listeners]) show(url);
      })
      .catch((error: unknown) => console.warn('parley: avatar:get failed:', error));
  };

  const drop = (hash: string, entry: Entry) => {
    if (entry.users > 0 || entries.get(hash) !== entry) return;
    entries.delete(hash);
    if (entry.url) revokeObjectURL(entry.url);
  };

  return {
    async set(change) {
      const answer = await invoke['avatar:set'](change);
      if (answer.ok) return answer.value;
      throw new ChatError(answer.error.code === 'avatar_invalid' ? 'avatar_invalid' : 'server_error', answer.error.message, 'avatar');
    },
    watch({ hostHttpBase, hash }, show) {
      let entry = entries.get(hash);
      if (!entry) {
        entry = { users: 0, url: null, listeners: new Set(), dropTimer: null };
        entries.set(hash, entry);
        load(entry, hostHttpBase, hash);
      }
      const held = entry;
      if (held.dropTimer) clearTimeout(held.dropTimer);
      held.dropTimer = null;
      held.users++;
      held.listeners.add(show);
      if (held.url) show(held.url);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.users--;
        held.listeners.delete(show);
        if (held.users === 0) held.dropTimer = setTimeout(() => drop(hash, held), keepMs);
      };
    },
  };
}
