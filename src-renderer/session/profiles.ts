// One's own profile (PROTOCOL.md, "Profiles and channel care"): display name
// and status over the chat socket, the avatar image over the host's HTTP API
// (checked here first by the same rules as the host, so the person hears what
// is wrong at once). Each answer updates the store; others hear a `user` frame.
import { checkAvatarImage } from '../../src-shared/avatar-image.js';
import { ChatError } from '../../src-shared/chat-client.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import type { AvatarsFeature } from '../platform/desktop-avatars.js';
import { httpBaseFromWs } from '../files/format.js';
import type { SessionContext } from './session-context.js';

export class Profiles {
  constructor(
    private readonly context: SessionContext,
    /**
     * The desktop renderer cannot reach the host's HTTP address itself (main
     * owns the connection): its avatars come through the platform instead
     * (use-avatar-image.ts), and one's own is set through main (`avatars.set`).
     */
    private readonly httpReachable: boolean,
    private readonly avatars?: Pick<AvatarsFeature, 'set'>,
  ) {}

  async update(profile: { displayName?: string; statusText?: string; statusEmoji?: string }): Promise<UserInfo> {
    const { user } = await this.context.requireClient().request('profile.update', profile);
    this.context.store.getState().applyUser(user);
    return user;
  }

  /** Where to fetch an avatar, or null where this renderer cannot (then initials are shown). */
  avatarUrl(hash: string | undefined): string | null {
    if (!hash || !this.httpReachable) return null;
    const base = this.httpBase();
    return base ? `${base}/api/avatars/${hash}` : null;
  }

  get canChangeAvatar(): boolean {
    return this.httpReachable || this.avatars?.set !== undefined;
  }

  /** Uploads a new avatar (or removes it with null). Rejects with avatar_invalid and the host's sentence. */
  async setAvatar(image: Blob | null): Promise<UserInfo> {
    const client = this.context.requireClient();
    const base = this.httpBase();
    if (!base || !client.token) throw new ChatError('not_signed_in', 'Not connected to a session — wait until it is back.');
    let picture: { type: 'image/png' | 'image/jpeg' | 'image/webp'; bytes: Uint8Array } | null = null;
    if (image) {
      const bytes = new Uint8Array(await image.arrayBuffer());
      const check = checkAvatarImage(bytes);
      if (!check.ok) throw new ChatError('avatar_invalid', check.message, 'avatar');
      picture = { type: check.type, bytes };
    }
    if (this.avatars?.set) {
      // Desktop (avatars come through main there too): main puts it to the host over its pinned TLS (avatar:set).
      const user = await this.avatars.set({ hostHttpBase: base, token: client.token, image: picture });
      this.context.store.getState().applyUser(user);
      return user;
    }
    const body = picture?.bytes;
    const response = await fetch(`${base}/api/avatar`, {
      method: image ? 'PUT' : 'DELETE',
      headers: { authorization: `Bearer ${client.token}` },
      ...(body && { body: body as BodyInit }),
    });
    const answer = (await response.json().catch(() => ({}))) as { user?: UserInfo; code?: string; message?: string };
    if (!response.ok || !answer.user) throw new ChatError(answer.code === 'avatar_invalid' ? 'avatar_invalid' : 'server_error', answer.message ?? `The host answered ${response.status}. Try again.`, 'avatar');
    this.context.store.getState().applyUser(answer.user);
    return answer.user;
  }

  /** https://ADDRESS:PORT of the session signed in to (null when not connected). */
  httpBase(): string | null {
    const url = this.context.client()?.url;
    return url ? httpBaseFromWs(url) : null;
  }
}
