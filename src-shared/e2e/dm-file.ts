// Files in end-to-end encrypted DMs (issue 13; PROTOCOL.md, "Files in DMs"):
// what a sending device prepares before the upload, and what a receiving one
// takes from the decrypted message to open the download.
//
// - A fresh random key per file (file-cipher.ts). It travels only inside the
//   message's envelope, with the real name, type, plaintext size, an
//   optional small preview (dm-payload.ts, E2E_FILE_PREVIEW_MAX_CHARS; a larger
//   preview is left out, never sent to the host as a thumbnail) and the
//   caption, if any (file.begin's `text` stays empty).
// - The bytes are bound to the message's clientMsgId: it is the "file id" of
//   every chunk's associated data. The envelope signs the same id (messageId)
//   and DmSession.read() checks it against the host's message, so the host
//   cannot pair one message's key with another message's file. (The host's own
//   file id does not exist yet when the envelope is made: file.begin carries it.)
// - file.begin gets the neutral name E2E_FILE_NEUTRAL_NAME, the ciphertext's
//   size (encryptedFileSize) and no thumbnail; file.complete the ciphertext's
//   SHA-256. The envelope is made once: a resumed upload sends the same one.
// - DM files go through the host's relay only: a direct offer (file.offer) in
//   a DM would carry plaintext, so clients do not offer DM files directly.
import { nanoid } from 'nanoid';
import { E2E_FILE_NEUTRAL_NAME } from '../limits.js';
import type { DmSession } from './dm-session.js';
import type { DmFile } from './dm-payload.js';
import { E2eError } from './e2e-error.js';
import { encryptedFileSize, newFileKey } from './file-cipher.js';
import { fromBase64Url, sodium, toBase64Url } from './sodium.js';

/** What the sender knows of the file before encrypting it. */
export interface DmFileSource {
  name: string;
  type?: string;
  /** Plaintext bytes. */
  size: number;
  /** A small data:image/… preview (dropped when over E2E_FILE_PREVIEW_MAX_CHARS). */
  preview?: string;
  /** The text sent with it (the first of several files); at most FILE_CAPTION_MAX_UTF16, else refused. */
  caption?: string;
}

/** Everything an upload of an encrypted DM file needs. `key` is a secret: never log it, keep it in memory. */
export interface PreparedDmFile {
  clientMsgId: string;
  key: Uint8Array;
  /** The "file id" FileEncryptor / FileDecryptor take: the clientMsgId. */
  bindingId: string;
  /** file.begin's fields for it. */
  begin: { name: string; size: number; e2e: string };
}

/** Makes the file key and the envelope (encrypted once). Throws DmSendError / E2eError as DmSession.send does. */
export async function prepareDmFile(dm: Pick<DmSession, 'fileEnvelope'>, conv: string, file: DmFileSource, clientMsgId = `f-${nanoid()}`): Promise<PreparedDmFile> {
  const key = await newFileKey();
  const s = await sodium();
  const e2e = await dm.fileEnvelope(conv, clientMsgId, {
    name: file.name,
    key: toBase64Url(s, key),
    size: file.size,
    ...(file.type !== undefined && file.type !== '' && { type: file.type }),
    ...(file.preview !== undefined && { preview: file.preview }),
    ...(file.caption !== undefined && file.caption !== '' && { caption: file.caption }),
  });
  return { clientMsgId, key, bindingId: clientMsgId, begin: { name: E2E_FILE_NEUTRAL_NAME, size: encryptedFileSize(file.size), e2e } };
}

/** The file key of a decrypted file message; throws E2eError('malformed') for one that is not 32 bytes of base64url. */
export async function fileKeyOf(file: Pick<DmFile, 'key'>): Promise<Uint8Array> {
  const s = await sodium();
  let key: Uint8Array;
  try {
    key = fromBase64Url(s, file.key);
  } catch {
    throw new E2eError('malformed', 'The file key in the message is not readable.');
  }
  if (key.length !== s.crypto_secretstream_xchacha20poly1305_KEYBYTES) throw new E2eError('malformed', 'The file key in the message has the wrong length.');
  return key;
}
