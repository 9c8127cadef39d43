// The IPC contract's shapes of avatar pictures in the desktop app (ipc-contract.ts
// has the channel). The sandboxed window cannot reach the host's address
// itself, so main fetches `/api/avatars/<hash>` over its pinned TLS and hands
// the bytes over; the window shows them as a blob: URL (desktop-avatars.ts).
// Setting my own picture goes the same way: the window hands main the bytes,
// main puts them to `/api/avatar` (avatar-uploader.ts).
import { z } from 'zod';
import { AVATAR_MAX_BYTES } from '../limits.js';
import { hostHttpBase } from './ipc-file-shapes.js';

/** An avatar's content hash as UserInfo.avatar carries it: SHA-256, 64 lowercase hex digits. */
export const AVATAR_HASH_PATTERN = /^[0-9a-f]{64}$/;

export const avatarRequest = z.object({
  /** https://ADDRESS:PORT of the session the window is signed in to: main pins it like the chat socket. */
  hostHttpBase,
  hash: z.string().regex(AVATAR_HASH_PATTERN, "expected the avatar's SHA-256 (64 lowercase hex digits), as in UserInfo.avatar"),
});
export type AvatarRequest = z.infer<typeof avatarRequest>;

/** The picture, checked by main: at most AVATAR_MAX_BYTES, PNG/JPEG/WebP by its first bytes, hashing to the hash asked for. */
export const avatarImage = z.object({
  type: z.enum(['image/png', 'image/jpeg', 'image/webp']),
  bytes: z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes')
    .refine((bytes) => bytes.byteLength <= AVATAR_MAX_BYTES, { message: `an avatar is at most ${AVATAR_MAX_BYTES} bytes` }),
});
export type AvatarImage = z.infer<typeof avatarImage>;

/** avatar:set — my own picture (checked again by main and by the host), or null to remove it. */
export const avatarChange = z.object({
  hostHttpBase,
  /** The window's resume token: the host knows whose avatar it is by it. */
  token: z.string().min(1).max(512),
  image: avatarImage.nullable(),
});
export type AvatarChange = z.infer<typeof avatarChange>;
