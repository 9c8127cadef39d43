// A device's own key pairs and the public "device bundle" the host hands out.
//
// Every device (desktop app, browser, terminal client) makes, on first sign-in
// to a session, two key pairs that never leave it:
//   - X25519, to receive: other devices encrypt a message's content key to it
//     with HPKE (RFC 9180, DHKEM(X25519, HKDF-SHA256));
//   - Ed25519, to sign: every envelope it sends and its own bundle.
// Its bundle carries the public halves, the person's user id, a random device
// id and the creation time, signed by the Ed25519 key (so the encryption key is
// bound to the signing key, and nobody without the secret key can make a
// bundle for that signing key). The signing keys are what safety codes compare.
// The host stores and hands out bundles; it can make a bundle of its own for a
// new fake device — that is what safety codes and "new device" notices catch.
import type { DeviceBundle } from './device-bundle-format.js';
import { deviceBundleSchema } from './device-bundle-format.js';
import { canonicalBytes } from './canonical-bytes.js';
import { E2eError } from './e2e-error.js';
import { hpkeSuite } from './hpke-suite.js';
import { fromBase64Url, sodium, toBase64Url } from './sodium.js';
import type { DeviceKeyring } from './device-keyring.js';

const BUNDLE_DOMAIN = 'parley-e2e/device-bundle/v1';

/** A device's secret keys (raw bytes). Kept on the device by a DeviceKeyStore; never sent, logged or shown. */
export interface DeviceKeys {
  userId: string;
  deviceId: string;
  createdAt: number;
  /** X25519 secret key, 32 bytes. */
  encryptionSecretKey: Uint8Array;
  encryptionPublicKey: Uint8Array;
  /** Ed25519 seed, 32 bytes (libsodium's 64-byte secret key is derived from it). */
  signingSeed: Uint8Array;
  signingPublicKey: Uint8Array;
}

// The bundle's shape lives in device-bundle-format.ts (no libsodium there, for frames.ts).
export { deviceBundleSchema, type DeviceBundle } from './device-bundle-format.js';

function bundleBytes(bundle: Omit<DeviceBundle, 'signature'>): Uint8Array {
  return canonicalBytes(BUNDLE_DOMAIN, [
    bundle.v, bundle.userId, bundle.deviceId, bundle.createdAt, bundle.encryptionKey, bundle.signingKey,
  ]);
}

/** A fresh device: both key pairs from the platform's CSPRNG, and a random 128-bit device id. */
export async function generateDeviceKeys(userId: string, now: number = Date.now()): Promise<DeviceKeys> {
  const s = await sodium();
  const kem = (await hpkeSuite()).kem;
  const pair = await kem.generateKeyPair();
  const encryptionSecretKey = new Uint8Array(await kem.serializePrivateKey(pair.privateKey));
  const encryptionPublicKey = new Uint8Array(await kem.serializePublicKey(pair.publicKey));
  const signingSeed = s.randombytes_buf(s.crypto_sign_SEEDBYTES);
  const { publicKey: signingPublicKey } = s.crypto_sign_seed_keypair(signingSeed);
  const deviceId = toBase64Url(s, s.randombytes_buf(16));
  return { userId, deviceId, createdAt: now, encryptionSecretKey, encryptionPublicKey, signingSeed, signingPublicKey };
}

/** The Ed25519 secret key (libsodium's 64-byte form) of a device. */
export async function signingSecretKey(keys: DeviceKeys): Promise<Uint8Array> {
  const s = await sodium();
  return s.crypto_sign_seed_keypair(keys.signingSeed).privateKey;
}

/** The public parts of a device a bundle names (DeviceKeys and a DeviceKeyring both have them). */
export type DevicePublicParts = Pick<DeviceKeys, 'userId' | 'deviceId' | 'createdAt' | 'encryptionPublicKey' | 'signingPublicKey'>;

/**
 * Signs the bundle of `device` with its Ed25519 secret key. Only the holder of
 * the keys does this (localKeyring, once per device): a DeviceKeyring's
 * sign() refuses bundle bytes (device-keyring.ts says why).
 */
export async function signBundle(device: DevicePublicParts, secretKey: Uint8Array): Promise<DeviceBundle> {
  const s = await sodium();
  const unsigned = {
    v: 1 as const,
    userId: device.userId,
    deviceId: device.deviceId,
    createdAt: device.createdAt,
    encryptionKey: toBase64Url(s, device.encryptionPublicKey),
    signingKey: toBase64Url(s, device.signingPublicKey),
  };
  const signature = s.crypto_sign_detached(bundleBytes(unsigned), secretKey);
  return { ...unsigned, signature: toBase64Url(s, signature) };
}

/** The device's public, self-signed bundle: from its keys, or as its keyring gives it. */
export async function deviceBundleOf(keys: DeviceKeys | DeviceKeyring): Promise<DeviceBundle> {
  if ('bundle' in keys) return keys.bundle();
  return signBundle(keys, await signingSecretKey(keys));
}

/** A checked bundle: its keys decoded. */
export interface VerifiedDevice {
  bundle: DeviceBundle;
  encryptionKey: Uint8Array;
  signingKey: Uint8Array;
}

/**
 * Parses and checks a bundle (from the host, or from storage): the shape, the
 * key lengths and its self-signature. Throws E2eError('malformed' | 'bad_signature').
 */
export async function verifyDeviceBundle(input: unknown): Promise<VerifiedDevice> {
  const parsed = deviceBundleSchema.safeParse(input);
  if (!parsed.success) throw new E2eError('malformed', 'That is not a device bundle of version 1.');
  const bundle = parsed.data;
  const s = await sodium();
  let encryptionKey: Uint8Array;
  let signingKey: Uint8Array;
  let signature: Uint8Array;
  try {
    encryptionKey = fromBase64Url(s, bundle.encryptionKey);
    signingKey = fromBase64Url(s, bundle.signingKey);
    signature = fromBase64Url(s, bundle.signature);
  } catch {
    throw new E2eError('malformed', 'A device bundle field is not base64url.');
  }
  if (encryptionKey.length !== 32 || signingKey.length !== s.crypto_sign_PUBLICKEYBYTES || signature.length !== s.crypto_sign_BYTES) {
    throw new E2eError('malformed', 'A device bundle key or signature has the wrong length.');
  }
  if (!s.crypto_sign_verify_detached(signature, bundleBytes(bundle), signingKey)) {
    throw new E2eError('bad_signature', `The bundle of device ${bundle.deviceId} is not signed by its own key.`);
  }
  return { bundle, encryptionKey, signingKey };
}
