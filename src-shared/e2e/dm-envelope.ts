// Encrypting a DM to every device of both people, and opening it on one.
//
// Construction (docs/SECURITY.md, "End-to-end encrypted DMs"):
//   1. a fresh random 32-byte content key K and 24-byte nonce;
//   2. the plaintext, padded to a multiple of E2E_PADDING_BLOCK_BYTES
//      (sodium_pad), is encrypted once with XChaCha20-Poly1305-IETF under K,
//      with the header (conversation, message id, sender user and device,
//      counter, time, the list of recipient devices) as associated data;
//   3. K is sealed to each recipient device with HPKE Base mode (RFC 9180,
//      hpke-suite.ts), `info` = the header, `aad` = that recipient's ids;
//   4. the sender device signs every field with Ed25519.
// Opening checks, in order: shape and limits, the conversation it arrived in,
// that the sender device is one we know for that person, the signature, the
// replay guard, that this device is listed, then HPKE and the AEAD.
//
// Why the signature: every recipient learns K, so without it any recipient (or
// a host holding one of the devices) could make a message that decrypts for
// the others as if the sender wrote it. The cost: a signed message is
// attributable (no deniability, unlike Signal's). No forward secrecy: the
// recipient keys are static, so whoever later takes a device's secret keys can
// read every envelope addressed to it that they have kept.
import { E2E_MAX_DEVICES_PER_PERSON, E2E_MAX_ENVELOPE_BYTES, E2E_MAX_PLAINTEXT_BYTES, E2E_MAX_RECIPIENTS, E2E_PADDING_BLOCK_BYTES } from '../limits.js';
import type { DeviceKeys, VerifiedDevice } from './device-keys.js';
import { asKeyring, type DeviceKeyring } from './device-keyring.js';
import type { DmEnvelope, DmHeader } from './dm-envelope-format.js';
import { dmEnvelopeSchema, DM_SUITE, headerBytes, headerOf, recipientBytes, signedBytes } from './dm-envelope-format.js';
import { E2eError } from './e2e-error.js';
import { hpkeSuite } from './hpke-suite.js';
import type { ReplayGuard } from './replay-guard.js';
import { fromBase64Url, sodium, toBase64Url } from './sodium.js';

export interface EncryptDmInput {
  /** The sending device: its keyring (device-keyring.ts), or its keys in this process. */
  sender: DeviceKeyring | DeviceKeys;
  conversationId: string;
  messageId: string;
  /** The sending device's next counter for this conversation (1, 2, 3, …), kept by the caller. */
  counter: number;
  sentAt?: number;
  /** Every device of both people (checked bundles), the sender's own devices included. */
  recipients: VerifiedDevice[];
  plaintext: Uint8Array;
}

function checkRecipients(recipients: Array<{ userId: string; deviceId: string }>): void {
  if (recipients.length === 0 || recipients.length > E2E_MAX_RECIPIENTS) {
    throw new E2eError('too_many_recipients', `An envelope goes to 1 to ${E2E_MAX_RECIPIENTS} devices, not ${recipients.length}.`);
  }
  const devices = new Set<string>();
  const perPerson = new Map<string, number>();
  for (const { userId, deviceId } of recipients) {
    const key = JSON.stringify([userId, deviceId]);
    if (devices.has(key)) throw new E2eError('too_many_recipients', `Device ${deviceId} is listed twice.`);
    devices.add(key);
    const count = (perPerson.get(userId) ?? 0) + 1;
    if (count > E2E_MAX_DEVICES_PER_PERSON) {
      throw new E2eError('too_many_recipients', `More than ${E2E_MAX_DEVICES_PER_PERSON} devices of one person.`);
    }
    perPerson.set(userId, count);
  }
}

function envelopeBytes(envelope: DmEnvelope): number {
  return new TextEncoder().encode(JSON.stringify(envelope)).length;
}

export async function encryptDm(input: EncryptDmInput): Promise<DmEnvelope> {
  if (input.plaintext.length > E2E_MAX_PLAINTEXT_BYTES) {
    throw new E2eError('too_large', `A DM's plaintext is at most ${E2E_MAX_PLAINTEXT_BYTES} bytes.`);
  }
  const s = await sodium();
  const sender = asKeyring(input.sender);
  const header: DmHeader = {
    conversationId: input.conversationId,
    messageId: input.messageId,
    senderUserId: sender.userId,
    senderDeviceId: sender.deviceId,
    counter: input.counter,
    sentAt: input.sentAt ?? Date.now(),
    recipients: input.recipients.map((r) => ({ userId: r.bundle.userId, deviceId: r.bundle.deviceId })),
  };
  checkRecipients(header.recipients);
  const aad = headerBytes(header);
  const contentKey = s.crypto_aead_xchacha20poly1305_ietf_keygen();
  const nonce = s.randombytes_buf(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const padded = s.pad(input.plaintext, E2E_PADDING_BLOCK_BYTES);
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, aad, null, nonce, contentKey);

  const suite = await hpkeSuite();
  const recipients = [];
  for (const device of input.recipients) {
    const sealed = await suite.seal(
      { recipientPublicKey: await suite.kem.deserializePublicKey(device.encryptionKey), info: aad },
      contentKey,
      recipientBytes(device.bundle.userId, device.bundle.deviceId),
    );
    recipients.push({
      userId: device.bundle.userId,
      deviceId: device.bundle.deviceId,
      enc: toBase64Url(s, new Uint8Array(sealed.enc)),
      key: toBase64Url(s, new Uint8Array(sealed.ct)),
    });
  }
  s.memzero(contentKey);

  const unsigned = {
    v: 1 as const,
    suite: DM_SUITE,
    ...header,
    recipients,
    nonce: toBase64Url(s, nonce),
    ciphertext: toBase64Url(s, ciphertext),
  };
  // Sized before signing (a signature is 86 base64url characters): an envelope
  // too large is refused as such, and the signed bytes, shorter than the
  // envelope's JSON, are always within what a keyring signs.
  if (envelopeBytes({ ...unsigned, signature: 'A'.repeat(86) }) > E2E_MAX_ENVELOPE_BYTES) {
    throw new E2eError('too_large', `The encrypted message is over ${E2E_MAX_ENVELOPE_BYTES} bytes: send less text.`);
  }
  const signature = await sender.sign(signedBytes(unsigned));
  return { ...unsigned, signature: toBase64Url(s, signature) };
}

export interface DecryptDmInput {
  /** The envelope as received: JSON text, or already parsed. */
  envelope: unknown;
  /** This device: its keyring (device-keyring.ts), or its keys in this process. */
  me: DeviceKeyring | DeviceKeys;
  /** The conversation the envelope arrived in (the host's word); it must match the signed one. */
  conversationId: string;
  /** The checked bundle of a device of that person we know (and the person has not disowned), or undefined. */
  senderDevice(userId: string, deviceId: string): VerifiedDevice | undefined;
  /** Live delivery passes the receiver's guard; history pages do not (replay-guard.ts). */
  guard?: ReplayGuard;
}

export interface DecryptedDm {
  header: DmHeader;
  plaintext: Uint8Array;
  /** Envelopes of this sender device skipped before this one (see ReplayGuard); 0 without a guard. */
  gap: number;
}

function parseEnvelope(input: unknown): DmEnvelope {
  let value = input;
  if (typeof input === 'string') {
    if (new TextEncoder().encode(input).length > E2E_MAX_ENVELOPE_BYTES) {
      throw new E2eError('too_large', `An envelope is at most ${E2E_MAX_ENVELOPE_BYTES} bytes.`);
    }
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      throw new E2eError('malformed', 'The envelope is not JSON.');
    }
  }
  const parsed = dmEnvelopeSchema.safeParse(value);
  if (!parsed.success) throw new E2eError('malformed', 'That is not an encrypted DM envelope of version 1.');
  if (envelopeBytes(parsed.data) > E2E_MAX_ENVELOPE_BYTES) {
    throw new E2eError('too_large', `An envelope is at most ${E2E_MAX_ENVELOPE_BYTES} bytes.`);
  }
  return parsed.data;
}

function decode(s: Awaited<ReturnType<typeof sodium>>, text: string, length?: number): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(s, text);
  } catch {
    throw new E2eError('malformed', 'An envelope field is not base64url.');
  }
  if (length !== undefined && bytes.length !== length) throw new E2eError('malformed', 'An envelope field has the wrong length.');
  return bytes;
}

export async function decryptDm(input: DecryptDmInput): Promise<DecryptedDm> {
  const envelope = parseEnvelope(input.envelope);
  const s = await sodium();
  const me = asKeyring(input.me);
  if (envelope.conversationId !== input.conversationId) {
    throw new E2eError('wrong_conversation', 'This message was encrypted for another conversation.');
  }
  checkRecipients(envelope.recipients);

  const sender = input.senderDevice(envelope.senderUserId, envelope.senderDeviceId);
  if (!sender || sender.bundle.userId !== envelope.senderUserId || sender.bundle.deviceId !== envelope.senderDeviceId) {
    throw new E2eError('unknown_sender_device', `Device ${envelope.senderDeviceId} is not a known device of its sender.`);
  }
  const signature = decode(s, envelope.signature, s.crypto_sign_BYTES);
  if (!s.crypto_sign_verify_detached(signature, signedBytes(envelope), sender.signingKey)) {
    throw new E2eError('bad_signature', 'The message is not signed by the device it claims: it was changed or forged.');
  }

  const { conversationId, senderUserId, senderDeviceId, counter } = envelope;
  const gap = input.guard ? input.guard.check(conversationId, senderUserId, senderDeviceId, counter).gap : 0;

  const mine = envelope.recipients.find((r) => r.userId === me.userId && r.deviceId === me.deviceId);
  if (!mine) throw new E2eError('not_a_recipient', 'This device is not among the recipients of this message.');

  const header = headerOf(envelope);
  const aad = headerBytes(header);
  let contentKey: Uint8Array;
  try {
    contentKey = await me.openKey({ enc: decode(s, mine.enc, 32), key: decode(s, mine.key), info: aad });
  } catch (error) {
    if (error instanceof E2eError) throw error;
    throw new E2eError('decrypt_failed', 'The message key could not be opened with this device\'s key.');
  }
  let plaintext: Uint8Array;
  try {
    const nonce = decode(s, envelope.nonce, s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const padded = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, decode(s, envelope.ciphertext), aad, nonce, contentKey);
    plaintext = s.unpad(padded, E2E_PADDING_BLOCK_BYTES);
  } catch (error) {
    if (error instanceof E2eError) throw error;
    throw new E2eError('decrypt_failed', 'The message text could not be decrypted.');
  } finally {
    s.memzero(contentKey);
  }
  input.guard?.accept(conversationId, senderUserId, senderDeviceId, counter);
  return { header, plaintext, gap };
}
