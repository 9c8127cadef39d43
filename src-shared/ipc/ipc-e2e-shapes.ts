// The IPC contract's shapes of end-to-end DM keys, which main holds (ipc-contract.ts has the channels).
import { z } from 'zod';
import { E2E_ACCOUNT_SESSION_ID_MAX_CHARS, E2E_MAX_DM_STATE_BYTES } from '../limits.js';
import { dmStateSchema } from '../e2e/dm-state.js';

// ---------------------------------------------------------------- end-to-end DM keys (desktop: main holds them)

/**
 * An end-to-end account: "<session id>/<user id>" (what DmSession names it).
 * Main refuses anything else before it touches a key file.
 */
export const E2E_ACCOUNT_PATTERN = new RegExp(`^[A-Za-z0-9_.:-]{1,${E2E_ACCOUNT_SESSION_ID_MAX_CHARS}}/[1-9][0-9]{0,14}$`);
export const e2eAccount = z.string().regex(E2E_ACCOUNT_PATTERN, 'expected "<session id>/<user id>"');

export const bytesUpTo = (max: number, what: string) =>
  z.custom<Uint8Array>((value) => value instanceof Uint8Array, `${what}: expected bytes`).refine((bytes) => bytes.byteLength <= max, { message: `${what} is at most ${max} bytes` });

/** Bytes main answers with (a signature, a content key). */
export const bytesResult = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

/** How the desktop's device keys are kept at rest (e2e:protection). */
export const e2eProtection = z.enum(['os-keychain', 'file']);
export type E2eProtection = z.infer<typeof e2eProtection>;

/** e2e:save-state: DmState as dm-state.ts checks it, at most E2E_MAX_DM_STATE_BYTES of JSON. */
export const savedDmState = dmStateSchema.refine((state) => new TextEncoder().encode(JSON.stringify(state)).length <= E2E_MAX_DM_STATE_BYTES, {
  message: `the saved DM state is over ${E2E_MAX_DM_STATE_BYTES} bytes`,
});
