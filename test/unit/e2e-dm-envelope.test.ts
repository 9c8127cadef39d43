import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptDm, encryptDm } from '../../src-shared/e2e/dm-envelope.js';
import type { DmEnvelope } from '../../src-shared/e2e/dm-envelope-format.js';
import { signedBytes } from '../../src-shared/e2e/dm-envelope-format.js';
import { signingSecretKey } from '../../src-shared/e2e/device-keys.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import { ReplayGuard } from '../../src-shared/e2e/replay-guard.js';
import { fromBase64Url, sodium, toBase64Url } from '../../src-shared/e2e/sodium.js';
import { E2E_MAX_DEVICES_PER_PERSON, E2E_MAX_PLAINTEXT_BYTES } from '../../src-shared/limits.js';
import type { TestDevice } from '../helpers/e2e-devices.js';
import { knownDevices, makeDevices } from '../helpers/e2e-devices.js';

const DM = 'dm:1:2';
const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);

let alice: TestDevice[];
let bob: TestDevice[];
let carol: TestDevice[];
let everyone: TestDevice[];

beforeAll(async () => {
  alice = await makeDevices('1', 2);
  bob = await makeDevices('2', 3);
  carol = await makeDevices('3', 1);
  everyone = [...alice, ...bob, ...carol];
});

function sealFromAlice(counter: number, plaintext = 'lunch at noon?', extra: Partial<Parameters<typeof encryptDm>[0]> = {}) {
  return encryptDm({
    sender: alice[0]!.keys,
    conversationId: DM,
    messageId: `m${counter}`,
    counter,
    recipients: [...alice, ...bob].map((d) => d.verified),
    plaintext: text(plaintext),
    ...extra,
  });
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((error: unknown) => error instanceof E2eError && error.code === code);
}

describe('encryptDm / decryptDm', () => {
  it('round-trips to all 5 devices of both people, the sender device included', async () => {
    const envelope = await sealFromAlice(1, 'héllo 👋 bob');
    expect(envelope.recipients).toHaveLength(5);
    expect(JSON.stringify(envelope)).not.toContain('héllo');
    for (const device of [...alice, ...bob]) {
      const opened = await decryptDm({ envelope: JSON.stringify(envelope), me: device.keys, conversationId: DM, senderDevice: knownDevices(everyone) });
      expect(read(opened.plaintext)).toBe('héllo 👋 bob');
      expect(opened.header).toMatchObject({ messageId: 'm1', senderUserId: '1', senderDeviceId: alice[0]!.keys.deviceId, counter: 1 });
    }
  });

  it('pads the ciphertext so short texts of different lengths look alike', async () => {
    const a = await sealFromAlice(1, 'ok');
    const b = await sealFromAlice(1, 'see you at the station at six');
    expect(a.ciphertext.length).toBe(b.ciphertext.length);
  });

  it('refuses a device that is not listed, and a listed id held with other keys', async () => {
    const envelope = await sealFromAlice(1);
    await expectCode(decryptDm({ envelope, me: carol[0]!.keys, conversationId: DM, senderDevice: knownDevices(everyone) }), 'not_a_recipient');
    // Carol's keys under Bob's device id: the listing matches, HPKE does not.
    const impostor = { ...carol[0]!.keys, userId: '2', deviceId: bob[0]!.keys.deviceId };
    await expectCode(decryptDm({ envelope, me: impostor, conversationId: DM, senderDevice: knownDevices(everyone) }), 'decrypt_failed');
  });

  it('refuses another conversation, an unknown sender device and a device signing as another', async () => {
    const envelope = await sealFromAlice(1);
    const me = bob[0]!.keys;
    await expectCode(decryptDm({ envelope, me, conversationId: 'dm:1:3', senderDevice: knownDevices(everyone) }), 'wrong_conversation');
    await expectCode(decryptDm({ envelope, me, conversationId: DM, senderDevice: knownDevices([...bob]) }), 'unknown_sender_device');
    // Bob's second device (a recipient, so it knows the content key) re-signs the envelope claiming to be Alice's.
    const s = await sodium();
    const { signature: _drop, ...unsigned } = envelope;
    const forged: DmEnvelope = {
      ...unsigned,
      signature: toBase64Url(s, s.crypto_sign_detached(signedBytes(unsigned), await signingSecretKey(bob[1]!.keys))),
    };
    await expectCode(decryptDm({ envelope: forged, me, conversationId: DM, senderDevice: knownDevices(everyone) }), 'bad_signature');
  });

  it('rejects every single-byte change of the envelope (seeded)', async () => {
    const json = JSON.stringify(await sealFromAlice(1, 'tamper with me'));
    const bytes = text(json);
    const me = bob[2]!.keys;
    const senderDevice = knownDevices(everyone);
    const rejected = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 255 }), async (xor) => {
        // Every position, each with a seeded random change.
        for (let i = 0; i < bytes.length; i++) {
          const changed = bytes.slice();
          changed[i] = changed[i]! ^ ((xor + i * 31) % 255 || 1);
          const tampered = new TextDecoder().decode(changed);
          if (tampered === json) continue; // a change the UTF-8 decoder maps back (cannot happen for ASCII JSON)
          try {
            await decryptDm({ envelope: tampered, me, conversationId: DM, senderDevice });
            return false;
          } catch (error) {
            if (!(error instanceof E2eError)) throw error;
            rejected.set(error.code, (rejected.get(error.code) ?? 0) + 1);
          }
        }
        return true;
      }),
      { seed: 13, numRuns: 2 },
    );
    // Most changes break the JSON or the schema; the rest must fail the signature.
    expect(rejected.get('bad_signature')).toBeGreaterThan(100);
  });

  it('rejects a changed ciphertext even when the sender re-signs it (the AEAD catches it)', async () => {
    const s = await sodium();
    const envelope = await sealFromAlice(1);
    const body = fromBase64Url(s, envelope.ciphertext);
    for (let i = 0; i < body.length; i += 7) {
      const changed = body.slice();
      changed[i] = changed[i]! ^ 0x01;
      const { signature: _drop, ...rest } = { ...envelope, ciphertext: toBase64Url(s, changed) };
      const resigned = { ...rest, signature: toBase64Url(s, s.crypto_sign_detached(signedBytes(rest), await signingSecretKey(alice[0]!.keys))) };
      await expectCode(decryptDm({ envelope: resigned, me: bob[0]!.keys, conversationId: DM, senderDevice: knownDevices(everyone) }), 'decrypt_failed');
    }
  });

  it('rejects replayed and reordered envelopes by the receiver\'s guard, and reports gaps', async () => {
    const guard = new ReplayGuard();
    const me = bob[0]!.keys;
    const open = (envelope: DmEnvelope, g: ReplayGuard = guard) => decryptDm({ envelope, me, conversationId: DM, senderDevice: knownDevices(everyone), guard: g });
    const [m1, m2, m3, m5] = await Promise.all([sealFromAlice(1), sealFromAlice(2), sealFromAlice(3), sealFromAlice(5)]);
    expect((await open(m1!)).gap).toBe(0);
    await expectCode(open(m1!), 'replayed');
    expect((await open(m3!)).gap).toBe(1);
    await expectCode(open(m2!), 'reordered');
    await expectCode(open(m3!), 'replayed');
    // The guard's state survives a restart.
    const restored = ReplayGuard.fromState(JSON.parse(JSON.stringify(guard.toState())));
    await expectCode(open(m3!, restored), 'replayed');
    expect((await open(m5!, restored)).gap).toBe(1);
    // Another sender device of Alice has its own counters.
    const fromPhone = await sealFromAlice(1, 'from my phone', { sender: alice[1]!.keys, messageId: 'p1' });
    expect(read((await open(fromPhone)).plaintext)).toBe('from my phone');
  });

  it('keeps to the limits', async () => {
    const many = await makeDevices('2', E2E_MAX_DEVICES_PER_PERSON + 1);
    await expectCode(sealFromAlice(1, 'x', { recipients: many.map((d) => d.verified) }), 'too_many_recipients');
    await expectCode(sealFromAlice(1, 'x', { recipients: [bob[0]!.verified, bob[0]!.verified] }), 'too_many_recipients');
    await expectCode(sealFromAlice(1, 'x'.repeat(E2E_MAX_PLAINTEXT_BYTES + 1)), 'too_large');
    await expectCode(decryptDm({ envelope: 'x'.repeat(100_000), me: bob[0]!.keys, conversationId: DM, senderDevice: knownDevices(everyone) }), 'too_large');
  });
});
