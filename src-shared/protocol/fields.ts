// The field schemas every frame is built from: sequence numbers, ids, the
// client's request id, conversation keys, loose text caps and envelope text.
import { z } from 'zod';
import { CLIENT_ID_MAX_CHARS, E2E_MAX_ENVELOPE_BYTES, LOOSE_TEXT_MAX } from '../limits.js';
import { CONVERSATION_KEY_PATTERN } from './conversations.js';

export { LOOSE_TEXT_MAX };

export const seq = z.number().int().min(0);
export const id = z.number().int().positive();
export const clientId = z.string().min(1).max(CLIENT_ID_MAX_CHARS);
export const conversationKey = z.string().regex(CONVERSATION_KEY_PATTERN, 'expected "ch:<id>" or "dm:<id>:<id>"');

/** An encrypted DM envelope's JSON text (src-shared/e2e/dm-envelope-format.ts). The byte limit is checked by the host. */
export const e2eEnvelopeText = z.string().min(1).max(E2E_MAX_ENVELOPE_BYTES);
