// The desktop's DM state store over the IPC contract (e2e:load-state,
// e2e:save-state: main keeps the file) and how main's e2e:* refusals come
// back as E2eErrors. No libsodium here: the renderer loads this at start-up,
// and the keyring (ipc-keyring.ts, which needs libsodium) only when used.
import type { DmStateStore } from './dm-state.js';
import { E2eError, type E2eErrorCode } from './e2e-error.js';
import type { IpcResult, ParleyApi } from '../ipc/ipc-contract.js';

const E2E_CODES: ReadonlySet<string> = new Set<E2eErrorCode>([
  'malformed', 'too_large', 'too_many_recipients', 'wrong_conversation', 'unknown_sender_device', 'bad_signature',
  'not_a_recipient', 'decrypt_failed', 'replayed', 'reordered', 'file_truncated', 'key_store',
]);

export async function unwrapE2e<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const answer = await result;
  if (answer.ok) return answer.value;
  const { code, message } = answer.error;
  // A refused payload or a bug in main: this device's keys could not be used for it.
  throw new E2eError(E2E_CODES.has(code) ? (code as E2eErrorCode) : 'key_store', message);
}

/** The DM state in main's file (e2e:load-state, e2e:save-state). */
export function desktopDmStateStore(invoke: ParleyApi['invoke']): DmStateStore {
  return {
    load: (account) => unwrapE2e(invoke['e2e:load-state']({ account })),
    save: async (account, state) => {
      await unwrapE2e(invoke['e2e:save-state']({ account, state }));
    },
  };
}

