// The keyring (src-shared/e2e/device-keyring.ts): the two secret-key
// operations behind one interface. A local keyring must sign and open exactly
// as the raw keys did, and refuse what the desktop's main process must never
// do on a renderer's request.
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryDeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { keyringsFromStore, localKeyring, type DeviceKeyring } from '../../src-shared/e2e/device-keyring.js';
import type { DeviceKeys } from '../../src-shared/e2e/device-keys.js';
import { deviceBundleOf, signingSecretKey, verifyDeviceBundle } from '../../src-shared/e2e/device-keys.js';
import { decryptDm, encryptDm } from '../../src-shared/e2e/dm-envelope.js';
import type { DmEnvelope } from '../../src-shared/e2e/dm-envelope-format.js';
import { headerBytes, headerOf, signedBytes } from '../../src-shared/e2e/dm-envelope-format.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import { canonicalBytes } from '../../src-shared/e2e/canonical-bytes.js';
import { fromBase64Url, sodium } from '../../src-shared/e2e/sodium.js';
import type { TestDevice } from '../helpers/e2e-devices.js';
import { knownDevices, makeDevices } from '../helpers/e2e-devices.js';

const DM = 'dm:1:2';
const utf8 = (s: string) => new TextEncoder().encode(s);

let alice: TestDevice[];
let bob: TestDevice[];

beforeAll(async () => {
  alice = await makeDevices('1', 1);
  bob = await makeDevices('2', 2);
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((error: unknown) => error instanceof E2eError && error.code === code);
}

const seal = (sender: DeviceKeys | DeviceKeyring = alice[0]!.keys, text = 'lunch at noon?') =>
  encryptDm({ sender, conversationId: DM, messageId: 'm1', counter: 1, sentAt: 1_000, recipients: [...alice, ...bob].map((d) => d.verified), plaintext: utf8(text) });

/** Bob's first device's copy of the content key, decoded as openKey takes it. */
async function sealedFor(envelope: DmEnvelope, device: TestDevice) {
  const s = await sodium();
  const mine = envelope.recipients.find((r) => r.deviceId === device.keys.deviceId)!;
  return { enc: fromBase64Url(s, mine.enc), key: fromBase64Url(s, mine.key), info: headerBytes(headerOf(envelope)) };
}

describe('localKeyring', () => {
  it('signs an envelope with the same signature the raw keys make, and its bundle is the same bundle', async () => {
    const keys = alice[0]!.keys;
    const keyring = localKeyring(keys);
    const s = await sodium();
    const viaKeys = await seal(keys);
    const bytes = signedBytes(viaKeys);
    expect(await keyring.sign(bytes)).toEqual(s.crypto_sign_detached(bytes, await signingSecretKey(keys)));
    expect(await keyring.bundle()).toEqual(await deviceBundleOf(keys));
    expect((await verifyDeviceBundle(await keyring.bundle())).bundle.deviceId).toBe(keys.deviceId);
  });

  it('an envelope sealed through a keyring opens through a keyring and with raw keys, and the other way round', async () => {
    const viaKeyring = await seal(localKeyring(alice[0]!.keys), 'via keyring');
    const viaKeys = await seal(alice[0]!.keys, 'via keys');
    for (const [envelope, text] of [[viaKeyring, 'via keyring'], [viaKeys, 'via keys']] as const) {
      for (const me of [bob[0]!.keys, localKeyring(bob[0]!.keys)]) {
        const opened = await decryptDm({ envelope, me, conversationId: DM, senderDevice: knownDevices([...alice, ...bob]) });
        expect(new TextDecoder().decode(opened.plaintext)).toBe(text);
      }
    }
  });

  it('signs only envelope-signature bytes: never a bundle (which could bind its signing key to another encryption key) nor anything else', async () => {
    const keyring = localKeyring(alice[0]!.keys);
    const s = await sodium();
    const bundleBytes = canonicalBytes('parley-e2e/device-bundle/v1', [1, '1', 'other-device', 0, 'x', 'y']);
    await expectCode(keyring.sign(bundleBytes), 'malformed');
    await expectCode(keyring.sign(utf8('transfer 100 coins to mallory')), 'malformed');
    await expectCode(keyring.sign(utf8('parley-e2e/dm-signature/v1')), 'malformed'); // the tag alone, no newline
    await expectCode(keyring.sign(new Uint8Array(64 * 1024).fill(0x61)), 'malformed');
    expect(s.crypto_sign_verify_detached(await keyring.sign(utf8('parley-e2e/dm-signature/v1\n[]')), utf8('parley-e2e/dm-signature/v1\n[]'), alice[0]!.keys.signingPublicKey)).toBe(true);
  });

  it('opens the content key sealed to it; a changed key, header or encapsulation, or another device id, is refused', async () => {
    const envelope = await seal();
    const sealed = await sealedFor(envelope, bob[0]!);
    const keyring = localKeyring(bob[0]!.keys);
    expect(await keyring.openKey(sealed)).toHaveLength(32);

    const flipped = (bytes: Uint8Array, at = 0) => bytes.map((b, i) => (i === at ? b ^ 1 : b));
    await expectCode(keyring.openKey({ ...sealed, key: flipped(sealed.key) }), 'decrypt_failed');
    await expectCode(keyring.openKey({ ...sealed, info: flipped(sealed.info, 40) }), 'decrypt_failed');
    await expectCode(keyring.openKey({ ...sealed, enc: flipped(sealed.enc) }), 'decrypt_failed');
    // The same secret key under another device id: the associated data names the device it was sealed to.
    await expectCode(localKeyring({ ...bob[0]!.keys, deviceId: 'someone-else' }).openKey(sealed), 'decrypt_failed');
    // Bob's other device cannot open the copy sealed to his first.
    await expectCode(localKeyring(bob[1]!.keys).openKey(sealed), 'decrypt_failed');
    await expectCode(keyring.openKey({ ...sealed, enc: sealed.enc.slice(1) }), 'malformed');
  });
});

describe('keyringsFromStore', () => {
  it('makes the device once per account and keeps it; keys of another person under the account are refused', async () => {
    const store = memoryDeviceKeyStore();
    const keyrings = keyringsFromStore(store);
    const first = await keyrings('s/1', '1');
    expect((await keyrings('s/1', '1')).deviceId).toBe(first.deviceId);
    expect((await keyrings('s/2', '2')).deviceId).not.toBe(first.deviceId);
    await expectCode(keyrings('s/1', '2'), 'key_store');
  });
});
