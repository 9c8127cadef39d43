// What an encrypted DM's plaintext is (the bytes inside the envelope): JSON.
//   text message: {"t": TEXT, "q"?: QUOTE}
//     t — the message text, as typed;
//     q — for a reply, the start of the quoted original's text as the sender's
//         device saw it (the host's quote of an encrypted original has no
//         text), so a device without the original can still show the quote.
//   file message: {"key": FILE_KEY, "name": NAME, "type"?: MIME, …}
//     (file-cipher.ts; the key opens the relayed ciphertext).
// Unknown fields are ignored, so a later version can add some.
import { z } from 'zod';
import { E2E_QUOTE_MAX_CHARS } from '../limits.js';
import { E2eError } from './e2e-error.js';

const textPayload = z.object({ t: z.string(), q: z.string().max(E2E_QUOTE_MAX_CHARS).optional() });
const filePayload = z.object({ key: z.string(), name: z.string(), type: z.string().optional() });

export type DmContent = { kind: 'text'; text: string; quote?: string } | { kind: 'file'; name: string; type?: string; key: string };

export function encodeDmText(text: string, quote?: string): Uint8Array {
  const q = quote === undefined ? undefined : [...quote].slice(0, E2E_QUOTE_MAX_CHARS).join('');
  return new TextEncoder().encode(JSON.stringify(q === undefined ? { t: text } : { t: text, q }));
}

/** Reads a decrypted plaintext. Throws E2eError('malformed') for anything else. */
export function decodeDmContent(plaintext: Uint8Array): DmContent {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw new E2eError('malformed', 'The decrypted message is not text this app understands.');
  }
  const text = textPayload.safeParse(value);
  if (text.success) return { kind: 'text', text: text.data.t, ...(text.data.q !== undefined && { quote: text.data.q }) };
  const file = filePayload.safeParse(value);
  if (file.success) return { kind: 'file', name: file.data.name, key: file.data.key, ...(file.data.type !== undefined && { type: file.data.type }) };
  throw new E2eError('malformed', 'The decrypted message is not text this app understands.');
}
