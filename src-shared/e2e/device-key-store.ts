// Where a device keeps its own secret keys, behind one interface with one
// storage form. Adapters:
//   - browser:  src-renderer/e2e/indexeddb-device-key-store.ts (IndexedDB, the
//               record sealed by a non-extractable WebCrypto AES-GCM key);
//   - terminal: src-main/e2e/device-key-file.ts (a JSON file, mode 0600);
//   - desktop:  src-main/app/device-key-safe-storage.ts (the same file, each
//               entry encrypted with Electron's safeStorage).
// Keys are per account: one session's host and one person in it (the caller
// names it, e.g. "<session fingerprint>/<user id>").
import { z } from 'zod';
import { CLIENT_ID_MAX_CHARS } from '../limits.js';
import type { DeviceKeys } from './device-keys.js';
import { E2eError } from './e2e-error.js';
import { fromBase64Url, sodium, toBase64Url } from './sodium.js';

export interface DeviceKeyStore {
  /** This device's keys for the account, or undefined when it has none yet. Throws E2eError('key_store') when they cannot be read. */
  load(account: string): Promise<DeviceKeys | undefined>;
  save(account: string, keys: DeviceKeys): Promise<void>;
  remove(account: string): Promise<void>;
}

const key32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** The storage form of DeviceKeys: JSON with base64url keys. It holds secrets: never log it. */
export const storedDeviceKeysSchema = z.strictObject({
  v: z.literal(1),
  userId: z.string().min(1).max(CLIENT_ID_MAX_CHARS),
  deviceId: z.string().min(1).max(CLIENT_ID_MAX_CHARS),
  createdAt: z.number().int().nonnegative(),
  encryptionSecretKey: key32,
  encryptionPublicKey: key32,
  signingSeed: key32,
  signingPublicKey: key32,
});
export type StoredDeviceKeys = z.infer<typeof storedDeviceKeysSchema>;

export async function toStoredDeviceKeys(keys: DeviceKeys): Promise<StoredDeviceKeys> {
  const s = await sodium();
  return {
    v: 1,
    userId: keys.userId,
    deviceId: keys.deviceId,
    createdAt: keys.createdAt,
    encryptionSecretKey: toBase64Url(s, keys.encryptionSecretKey),
    encryptionPublicKey: toBase64Url(s, keys.encryptionPublicKey),
    signingSeed: toBase64Url(s, keys.signingSeed),
    signingPublicKey: toBase64Url(s, keys.signingPublicKey),
  };
}

/** Parses stored keys and checks that each public key belongs to its secret key (a corrupted or mixed-up store is refused). */
export async function fromStoredDeviceKeys(value: unknown): Promise<DeviceKeys> {
  const parsed = storedDeviceKeysSchema.safeParse(value);
  if (!parsed.success) throw new E2eError('key_store', 'The stored device keys are not in the expected form.');
  const stored = parsed.data;
  const s = await sodium();
  const keys: DeviceKeys = {
    userId: stored.userId,
    deviceId: stored.deviceId,
    createdAt: stored.createdAt,
    encryptionSecretKey: fromBase64Url(s, stored.encryptionSecretKey),
    encryptionPublicKey: fromBase64Url(s, stored.encryptionPublicKey),
    signingSeed: fromBase64Url(s, stored.signingSeed),
    signingPublicKey: fromBase64Url(s, stored.signingPublicKey),
  };
  const signingPublic = s.crypto_sign_seed_keypair(keys.signingSeed).publicKey;
  const encryptionPublic = s.crypto_scalarmult_base(keys.encryptionSecretKey);
  if (!s.memcmp(signingPublic, keys.signingPublicKey) || !s.memcmp(encryptionPublic, keys.encryptionPublicKey)) {
    throw new E2eError('key_store', 'The stored device keys do not fit together: the store is damaged.');
  }
  return keys;
}

/** A key store in memory (tests; a front end that may not keep keys): every new store is a new device. */
export function memoryDeviceKeyStore(): DeviceKeyStore {
  const accounts = new Map<string, StoredDeviceKeys>();
  return {
    load: async (account) => {
      const stored = accounts.get(account);
      return stored === undefined ? undefined : fromStoredDeviceKeys(stored);
    },
    save: async (account, keys) => void accounts.set(account, await toStoredDeviceKeys(keys)),
    remove: async (account) => void accounts.delete(account),
  };
}
