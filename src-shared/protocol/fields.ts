// The field schemas every frame is built from: sequence numbers, ids, the
// client's request id, conversation keys, loose text caps and envelope text.
import { z } from 'zod';
import { CLIENT_ID_MAX_CHARS, E2E_MAX_ENVELOPE_BYTES } from '../limits.js';
import { CONVERSATION_KEY_PATTERN } from './conversations.js';

// Text fields are capped generously here so that a typed value that is merely
// too long gets its own clear error code from the host (text_too_long,
// name_invalid…) rather than a generic invalid_field.
export const LOOSE_TEXT_MAX = 20_000;

export const seq = z.number().int().min(0);
export const id = z.number().int().positive();
export const clientId = z.string().min(1).max(CLIENT_ID_MAX_CHARS);
export const conversationKey = z.string().regex(CONVERSATION_KEY_PATTERN, 'expected "ch:<id>" or "dm:<id>:<id>"');

/** An encrypted DM envelope's JSON text (src-shared/e2e/dm-envelope-format.ts). The byte limit is checked by the host. */
export const e2eEnvelopeText = z.string().min(1).max(E2E_MAX_ENVELOPE_BYTES);
