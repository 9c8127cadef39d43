// What an encrypted DM's plaintext is (the bytes inside the envelope): JSON.
//   text message: {"t": TEXT, "q"?: QUOTE}
//     t — the message text, as typed;
//     q — for a reply, the start of the quoted original's text as the sender's
//         device saw it (the host's quote of an encrypted original has no
//         text), so a device without the original can still show the quote.
//   file message: {"key": FILE_KEY, "name": NAME, "type"?: MIME, "size"?: BYTES, "p"?: PREVIEW}
//     key — base64url of the file's 32-byte secretstream key (file-cipher.ts;
//           it opens the relayed ciphertext, bound to the message's id);
//     size — the plaintext size (the host only knows the ciphertext's);
//     p — a small data:image/… preview, at most E2E_FILE_PREVIEW_MAX_CHARS;
//         a longer or non-image one is dropped when sending and ignored when
//         reading (the host never gets a thumbnail of an encrypted file).
// Unknown fields are ignored, so a later version can add some.
import { z } from 'zod';
import { E2E_FILE_PREVIEW_MAX_CHARS, E2E_QUOTE_MAX_CHARS } from '../limits.js';
import { E2eError } from './e2e-error.js';

const textPayload = z.object({ t: z.string(), q: z.string().max(E2E_QUOTE_MAX_CHARS).optional() });
const filePayload = z.object({ key: z.string(), name: z.string(), type: z.string().optional(), size: z.number().int().nonnegative().optional(), p: z.string().optional() });

/** An encrypted file as its message's plaintext describes it. */
export interface DmFile {
  name: string;
  type?: string;
  /** base64url of the file key. */
  key: string;
  /** Plaintext bytes (absent from older senders). */
  size?: number;
  /** A data:image/… preview within E2E_FILE_PREVIEW_MAX_CHARS. */
  preview?: string;
}

export type DmContent = { kind: 'text'; text: string; quote?: string } | ({ kind: 'file' } & DmFile);

/** A preview worth carrying: a data:image URL within the limit; anything else is none. */
export const usablePreview = (preview: string | undefined): string | undefined =>
  preview !== undefined && preview.startsWith('data:image/') && preview.length <= E2E_FILE_PREVIEW_MAX_CHARS ? preview : undefined;

export function encodeDmFile(file: DmFile): Uint8Array {
  const p = usablePreview(file.preview);
  return new TextEncoder().encode(
    JSON.stringify({ key: file.key, name: file.name, ...(file.type !== undefined && { type: file.type }), ...(file.size !== undefined && { size: file.size }), ...(p !== undefined && { p }) }),
  );
}

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
  if (file.success) {
    const { key, name, type, size } = file.data;
    const preview = usablePreview(file.data.p);
    return { kind: 'file', name, key, ...(type !== undefined && { type }), ...(size !== undefined && { size }), ...(preview !== undefined && { preview }) };
  }
  throw new E2eError('malformed', 'The decrypted message is not text this app understands.');
}
