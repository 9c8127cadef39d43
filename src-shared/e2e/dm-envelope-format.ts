// The encrypted DM envelope: its JSON shape (zod, with every limit from
// limits.ts) and the exact bytes each part of the construction covers.
// The construction itself is in dm-envelope.ts; docs/SECURITY.md, "End-to-end
// encrypted DMs", explains it.
import { z } from 'zod';
import { CLIENT_ID_MAX_CHARS, E2E_MAX_ENVELOPE_BYTES, E2E_MAX_RECIPIENTS } from '../limits.js';
import { canonicalBytes } from './canonical-bytes.js';

/** Names the algorithms, so a later version can change them without ambiguity. */
export const DM_SUITE = 'hpke-x25519-sha256-chacha20poly1305/xchacha20poly1305/ed25519' as const;

const HEADER_DOMAIN = 'parley-e2e/dm-header/v1';
/** The domain tag of what a device signs for an envelope: the only bytes a DeviceKeyring signs on request. */
export const SIGNATURE_DOMAIN = 'parley-e2e/dm-signature/v1';
const RECIPIENT_DOMAIN = 'parley-e2e/dm-recipient/v1';

const id = z.string().min(1).max(CLIENT_ID_MAX_CHARS);
const b64 = (max: number) => z.string().regex(/^[A-Za-z0-9_-]*$/).min(1).max(max);

export const dmRecipientSchema = z.strictObject({
  userId: id,
  deviceId: id,
  /** HPKE encapsulated key (32 bytes), base64url. */
  enc: b64(64),
  /** HPKE ciphertext of the 32-byte content key (+16 tag), base64url. */
  key: b64(96),
});
export type DmRecipient = z.infer<typeof dmRecipientSchema>;

export const dmEnvelopeSchema = z.strictObject({
  v: z.literal(1),
  suite: z.literal(DM_SUITE),
  conversationId: id,
  messageId: id,
  senderUserId: id,
  senderDeviceId: id,
  /** Per (sender device, conversation): 1, 2, 3, … — see replay-guard.ts. */
  counter: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** The sender's clock, ms since the epoch (signed; not trusted for ordering). */
  sentAt: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  recipients: z.array(dmRecipientSchema).min(1).max(E2E_MAX_RECIPIENTS),
  /** XChaCha20-Poly1305 nonce (24 bytes), base64url. */
  nonce: b64(32),
  /** XChaCha20-Poly1305 ciphertext of the padded plaintext, base64url. */
  ciphertext: b64(E2E_MAX_ENVELOPE_BYTES),
  /** Ed25519 signature by the sender device over everything above, base64url. */
  signature: b64(96),
});
export type DmEnvelope = z.infer<typeof dmEnvelopeSchema>;

/** What a decrypted envelope says about itself (all of it signed by the sender device). */
export interface DmHeader {
  conversationId: string;
  messageId: string;
  senderUserId: string;
  senderDeviceId: string;
  counter: number;
  sentAt: number;
  recipients: Array<{ userId: string; deviceId: string }>;
}

/** The header as the AEAD's associated data and HPKE's `info`: both bind the content to its context. */
export function headerBytes(header: DmHeader): Uint8Array {
  return canonicalBytes(HEADER_DOMAIN, [
    1, DM_SUITE, header.conversationId, header.messageId, header.senderUserId, header.senderDeviceId,
    header.counter, header.sentAt, header.recipients.map((r) => [r.userId, r.deviceId]),
  ]);
}

/** HPKE's associated data for one recipient's copy of the content key. */
export function recipientBytes(userId: string, deviceId: string): Uint8Array {
  return canonicalBytes(RECIPIENT_DOMAIN, [userId, deviceId]);
}

/** What the sender device signs: every field of the envelope but the signature. */
export function signedBytes(envelope: Omit<DmEnvelope, 'signature'>): Uint8Array {
  return canonicalBytes(SIGNATURE_DOMAIN, [
    envelope.v, envelope.suite, envelope.conversationId, envelope.messageId, envelope.senderUserId,
    envelope.senderDeviceId, envelope.counter, envelope.sentAt,
    envelope.recipients.map((r) => [r.userId, r.deviceId, r.enc, r.key]),
    envelope.nonce, envelope.ciphertext,
  ]);
}

export function headerOf(envelope: DmEnvelope): DmHeader {
  return {
    conversationId: envelope.conversationId,
    messageId: envelope.messageId,
    senderUserId: envelope.senderUserId,
    senderDeviceId: envelope.senderDeviceId,
    counter: envelope.counter,
    sentAt: envelope.sentAt,
    recipients: envelope.recipients.map((r) => ({ userId: r.userId, deviceId: r.deviceId })),
  };
}
