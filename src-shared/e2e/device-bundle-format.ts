// The device bundle's JSON shape (zod): the public part of a device, as the
// host stores and hands it out. Kept apart from device-keys.ts so that the
// wire protocol (protocol/frames.ts) can type bundles without loading
// libsodium: every page and client parses frames, not all of them sign.
import { z } from 'zod';
import { CLIENT_ID_MAX_CHARS } from '../limits.js';

const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/).max(200);

export const deviceBundleSchema = z.object({
  v: z.literal(1),
  userId: z.string().min(1).max(CLIENT_ID_MAX_CHARS),
  deviceId: z.string().min(1).max(CLIENT_ID_MAX_CHARS),
  createdAt: z.number().int().nonnegative(),
  /** X25519 public key, base64url. */
  encryptionKey: b64,
  /** Ed25519 public key, base64url. */
  signingKey: b64,
  /** Ed25519 signature by signingKey over the fields above, base64url. */
  signature: b64,
});
/** The public part of a device, as the host stores and hands it out. */
export type DeviceBundle = z.infer<typeof deviceBundleSchema>;
