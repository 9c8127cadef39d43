// The renderer's half of the desktop keyring (src-shared/e2e/ipc-keyring.ts):
// it trusts main for the keys' use, but still checks what main hands it, and
// turns main's refusals back into E2eErrors DmSession understands.
import { describe, expect, it } from 'vitest';
import { localKeyring } from '../../src-shared/e2e/device-keyring.js';
import { generateDeviceKeys } from '../../src-shared/e2e/device-keys.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import { desktopKeyrings } from '../../src-shared/e2e/ipc-keyring.js';
import type { IpcResult, ParleyApi } from '../../src-shared/ipc/ipc-contract.js';

/** A stand-in for window.parley.invoke: each channel answers what `answers` says. */
function invokeWith(answers: Record<string, (payload: unknown) => IpcResult<unknown> | Promise<IpcResult<unknown>>>): ParleyApi['invoke'] {
  return new Proxy({} as ParleyApi['invoke'], {
    get: (_target, channel: string) => async (payload?: unknown) => {
      const answer = answers[channel];
      if (!answer) throw new Error(`unexpected ${channel}`);
      return answer(payload);
    },
  });
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((error: unknown) => error instanceof E2eError && error.code === code);
}

describe('desktopKeyrings', () => {
  it('takes the public side from the bundle main sends, and asks main to sign and open', async () => {
    const keys = await generateDeviceKeys('7');
    const bundle = await localKeyring(keys).bundle();
    const asked: string[] = [];
    const keyring = await desktopKeyrings(
      invokeWith({
        'e2e:device': () => ({ ok: true, value: { bundle } }),
        'e2e:sign': (p) => (asked.push('sign'), { ok: true, value: new Uint8Array(64).fill((p as { bytes: Uint8Array }).bytes.length) }),
        'e2e:open-key': () => ({ ok: false, error: { code: 'decrypt_failed', message: 'The message key could not be opened with this device\'s key.' } }),
      }),
    )('s/7', '7');
    expect(keyring).toMatchObject({ userId: '7', deviceId: keys.deviceId, signingPublicKey: keys.signingPublicKey, encryptionPublicKey: keys.encryptionPublicKey });
    expect(await keyring.bundle()).toEqual(bundle);
    expect(await keyring.sign(new Uint8Array(3))).toEqual(new Uint8Array(64).fill(3));
    expect(asked).toEqual(['sign']);
    await expectCode(keyring.openKey({ enc: new Uint8Array(32), key: new Uint8Array(48), info: new Uint8Array(1) }), 'decrypt_failed');
  });

  it('refuses a bundle that is not self-signed or belongs to another person; a refusal without an e2e code is key_store', async () => {
    const keys = await generateDeviceKeys('7');
    const bundle = await localKeyring(keys).bundle();
    const keyringsAnswering = (answer: IpcResult<unknown>) => desktopKeyrings(invokeWith({ 'e2e:device': () => answer }));
    await expectCode(keyringsAnswering({ ok: true, value: { bundle: { ...bundle, deviceId: 'another' } } })('s/7', '7'), 'bad_signature');
    await expectCode(keyringsAnswering({ ok: true, value: { bundle } })('s/8', '8'), 'key_store');
    await expectCode(keyringsAnswering({ ok: false, error: { code: 'invalid_payload', message: 'e2e:device refused its payload' } })('x', '7'), 'key_store');
  });
});
