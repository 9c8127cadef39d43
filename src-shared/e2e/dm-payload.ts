// What an encrypted DM's plaintext is (the bytes inside the envelope): JSON.
//   text message: {"t": TEXT, "q"?: QUOTE}
//     t — the message text, as typed;
//     q — for a reply, the start of the quoted original's text as the sender's
//         device saw it (the host's quote of an encrypted original has no
//         text), so a device without the original can still show the quote.
//   file message: {"key": FILE_KEY, "name": NAME, "type"?: MIME, "size"?: BYTES, "p"?: PREVIEW, "c"?: CAPTION}
//     key — base64url of the file's 32-byte secretstream key (file-cipher.ts;
//           it opens the relayed ciphertext, bound to the message's id);
//     size — the plaintext size (the host only knows the ciphertext's);
//     p — a small data:image/… preview, at most E2E_FILE_PREVIEW_MAX_CHARS;
//         a longer or non-image one is dropped when sending and ignored when
//         reading (the host never gets a thumbnail of an encrypted file);
//     c — the caption: the text sent with the file (the first of several),
//         shown with it as a plain file's `text` is. At most
//         FILE_CAPTION_MAX_UTF16 UTF-16 units: a longer one is refused when
//         sending, and cut there (whole characters) when reading. Absent from
//         older senders, who sent the text as its own message instead; the
//         host's `text` stays "" (it would show the caption to the host).
// Unknown fields are ignored, so a later version can add some.
import { z } from 'zod';
import { E2E_FILE_PREVIEW_MAX_CHARS, E2E_MAX_PLAINTEXT_BYTES, E2E_QUOTE_MAX_CHARS, FILE_CAPTION_MAX_UTF16 } from '../limits.js';
import { E2eError } from './e2e-error.js';

const textPayload = z.object({ t: z.string(), q: z.string().max(E2E_QUOTE_MAX_CHARS).optional() });
const filePayload = z.object({ key: z.string(), name: z.string(), type: z.string().optional(), size: z.number().int().nonnegative().optional(), p: z.string().optional(), c: z.unknown().optional() });

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
  /** The text sent with the file (its message's caption), within FILE_CAPTION_MAX_UTF16. */
  caption?: string;
}

export type DmContent = { kind: 'text'; text: string; quote?: string } | ({ kind: 'file' } & DmFile);

/** A preview worth carrying: a data:image URL within the limit; anything else is none. */
export const usablePreview = (preview: string | undefined): string | undefined =>
  preview !== undefined && preview.startsWith('data:image/') && preview.length <= E2E_FILE_PREVIEW_MAX_CHARS ? preview : undefined;

/** A caption as read: a string cut to FILE_CAPTION_MAX_UTF16 (never half a character); none for anything else or "". */
export function readableCaption(caption: unknown): string | undefined {
  if (typeof caption !== 'string' || caption === '') return undefined;
  if (caption.length <= FILE_CAPTION_MAX_UTF16) return caption;
  const cut = caption.slice(0, FILE_CAPTION_MAX_UTF16);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * The plaintext of a file message. Throws E2eError('too_large') for a caption
 * over FILE_CAPTION_MAX_UTF16. The preview is left out when the caption
 * leaves it no room within E2E_MAX_PLAINTEXT_BYTES (the caption is what the
 * person wrote; the card shows the file icon instead).
 */
export function encodeDmFile(file: DmFile): Uint8Array {
  const c = file.caption === '' ? undefined : file.caption;
  if (c !== undefined && c.length > FILE_CAPTION_MAX_UTF16) {
    throw new E2eError('too_large', `The text sent with a file is at most ${FILE_CAPTION_MAX_UTF16} characters (this one has ${c.length}): shorten it and send again.`);
  }
  const p = usablePreview(file.preview);
  const fields = { key: file.key, name: file.name, ...(file.type !== undefined && { type: file.type }), ...(file.size !== undefined && { size: file.size }), ...(c !== undefined && { c }) };
  const encode = (value: object) => new TextEncoder().encode(JSON.stringify(value));
  if (p === undefined) return encode(fields);
  const withPreview = encode({ ...fields, p });
  return withPreview.length <= E2E_MAX_PLAINTEXT_BYTES ? withPreview : encode(fields);
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
    const caption = readableCaption(file.data.c);
    return { kind: 'file', name, key, ...(type !== undefined && { type }), ...(size !== undefined && { size }), ...(preview !== undefined && { preview }), ...(caption !== undefined && { caption }) };
  }
  throw new E2eError('malformed', 'The decrypted message is not text this app understands.');
}
