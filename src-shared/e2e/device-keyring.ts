// A device's secret keys behind the only two things they are used for, so the
// keys themselves can stay where they are kept (issue 13; docs/SECURITY.md,
// "Where each device keeps its keys").
//
// Design: the whole DM construction (dm-envelope.ts) touches a device's secret
// keys at exactly two points — the Ed25519 signature over an envelope it
// sends, and the HPKE open of the content key sealed to it in an envelope it
// receives. (Its signed bundle is the third use, made once with the keys.)
// A DeviceKeyring is the public side of the device plus those two operations:
//   - localKeyring(keys): the keys in this process (terminal client, browser,
//     and the desktop's main process itself);
//   - the desktop renderer's keyring (ipc-keyring.ts)
//     asks main over IPC (e2e:sign, e2e:open-key); main holds the keys,
//     sealed with safeStorage (src-main/app/desktop-e2e.ts). The renderer
//     never holds them, so a compromised renderer can use the device while it
//     runs but cannot copy its keys.
// Each operation is as narrow as the construction allows, because on the
// desktop it is a request from a less trusted process:
//   - sign() signs only bytes of the envelope-signature domain
//     (SIGNATURE_DOMAIN): it can never make this device's bundle — a bundle
//     binding this signing key to someone else's encryption key would pass
//     safety codes — nor anything for another protocol;
//   - openKey() binds the HPKE associated data to this device's own ids
//     (recipientBytes), as encryptDm sealed it: it opens only what was sealed
//     to this device, and returns the 32-byte content key, never a secret key.
import { E2E_MAX_ENVELOPE_BYTES } from '../limits.js';
import type { DeviceKeyStore } from './device-key-store.js';
import type { DeviceBundle, DeviceKeys } from './device-keys.js';
import { generateDeviceKeys, signBundle, signingSecretKey } from './device-keys.js';
import { recipientBytes, SIGNATURE_DOMAIN } from './dm-envelope-format.js';
import { E2eError } from './e2e-error.js';
import { hpkeSuite } from './hpke-suite.js';
import type { CipherSuite } from '@hpke/core';
import { sodium } from './sodium.js';

/** One recipient's copy of a message's content key (dm-envelope.ts), decoded. */
export interface SealedContentKey {
  /** HPKE encapsulated key, 32 bytes. */
  enc: Uint8Array;
  /** HPKE ciphertext of the content key. */
  key: Uint8Array;
  /** HPKE `info`: the envelope's header bytes (headerBytes). */
  info: Uint8Array;
}

/** HPKE's encapsulated key for X25519. */
export const SEALED_ENC_BYTES = 32;
/** A sealed 32-byte content key is 48 bytes (+16 tag); the envelope format allows up to 72. */
export const SEALED_KEY_MAX_BYTES = 72;
/** A content key (XChaCha20-Poly1305). */
export const CONTENT_KEY_BYTES = 32;

export interface DeviceKeyring {
  readonly userId: string;
  readonly deviceId: string;
  readonly createdAt: number;
  readonly encryptionPublicKey: Uint8Array;
  readonly signingPublicKey: Uint8Array;
  /** The device's self-signed public bundle (what device.publish sends). */
  bundle(): Promise<DeviceBundle>;
  /** Ed25519 detached signature (64 bytes) over envelope-signature bytes (signedBytes); anything else is refused ('malformed'). */
  sign(bytes: Uint8Array): Promise<Uint8Array>;
  /** Opens the content key sealed to this device; E2eError('decrypt_failed') when it was not sealed to it or was changed. */
  openKey(sealed: SealedContentKey): Promise<Uint8Array>;
}

/** A keyring for an account ("<session id>/<user id>") of person `userId`, made on first use. */
export type KeyringFactory = (account: string, userId: string) => Promise<DeviceKeyring>;

const SIGNABLE_PREFIX = new TextEncoder().encode(`${SIGNATURE_DOMAIN}\n`);

/** Whether sign() may sign these bytes: the envelope-signature domain, within the envelope limit. */
export function isSignable(bytes: Uint8Array): boolean {
  if (bytes.length <= SIGNABLE_PREFIX.length || bytes.length > E2E_MAX_ENVELOPE_BYTES) return false;
  return SIGNABLE_PREFIX.every((byte, i) => bytes[i] === byte);
}

/** Checks a sealed key's sizes before any work (what main checks of a request too). */
export function checkSealedKey(sealed: SealedContentKey): void {
  if (sealed.enc.length !== SEALED_ENC_BYTES || sealed.key.length === 0 || sealed.key.length > SEALED_KEY_MAX_BYTES || sealed.info.length > E2E_MAX_ENVELOPE_BYTES) {
    throw new E2eError('malformed', 'A sealed message key has the wrong size.');
  }
}

/** The keyring of keys held in this process. */
export function localKeyring(keys: DeviceKeys): DeviceKeyring {
  let bundle: Promise<DeviceBundle> | undefined;
  // The X25519 key pair as the HPKE suite takes it, made once. A pair, not
  // the private key alone: given only the private key, HPKE's decap derives
  // the public key (a scalar multiplication, as costly as the DH itself) for
  // every message it opens; with the pair it does one X25519 instead of two
  // (bench/dm-open, profile).
  type HpkeKey = Awaited<ReturnType<CipherSuite['kem']['deserializePrivateKey']>>;
  let recipientKey: Promise<{ privateKey: HpkeKey; publicKey: HpkeKey }> | undefined;
  const recipientKeyPair = (suite: CipherSuite) =>
    (recipientKey ??= (async () => ({
      privateKey: await suite.kem.deserializePrivateKey(keys.encryptionSecretKey),
      publicKey: await suite.kem.deserializePublicKey(keys.encryptionPublicKey),
    }))());
  return {
    userId: keys.userId,
    deviceId: keys.deviceId,
    createdAt: keys.createdAt,
    encryptionPublicKey: keys.encryptionPublicKey,
    signingPublicKey: keys.signingPublicKey,
    bundle: () => (bundle ??= (async () => signBundle(keys, await signingSecretKey(keys)))()),
    async sign(bytes) {
      if (!isSignable(bytes)) throw new E2eError('malformed', 'This device signs only its own encrypted messages.');
      const s = await sodium();
      const secret = await signingSecretKey(keys);
      try {
        return s.crypto_sign_detached(bytes, secret);
      } finally {
        s.memzero(secret);
      }
    },
    async openKey(sealed) {
      checkSealedKey(sealed);
      const suite = await hpkeSuite();
      try {
        const opened = await suite.open(
          { recipientKey: await recipientKeyPair(suite), enc: sealed.enc, info: sealed.info },
          sealed.key,
          recipientBytes(keys.userId, keys.deviceId),
        );
        const contentKey = new Uint8Array(opened);
        if (contentKey.length !== CONTENT_KEY_BYTES) throw new Error('not a content key');
        return contentKey;
      } catch {
        throw new E2eError('decrypt_failed', 'The message key could not be opened with this device\'s key.');
      }
    },
  };
}

/** A keyring, or raw keys taken as a local keyring (tests and the terminal pass keys). */
export function asKeyring(keys: DeviceKeys | DeviceKeyring): DeviceKeyring {
  return 'openKey' in keys ? keys : localKeyring(keys);
}

/**
 * Keyrings over a key store: the account's keys, made (and saved) on first
 * use. Keys of another person under the account are refused.
 */
export function keyringsFromStore(store: DeviceKeyStore): KeyringFactory {
  return async (account, userId) => {
    let keys = await store.load(account);
    if (!keys) {
      keys = await generateDeviceKeys(userId);
      await store.save(account, keys);
    }
    if (keys.userId !== userId) throw new E2eError('key_store', 'The stored device keys belong to another person.');
    return localKeyring(keys);
  };
}
