// A browser download of a file in an encrypted DM (dm-file.ts): the
// ciphertext is fetched with a ticket URL, decrypted chunk by chunk as it
// arrives (FileDecryptor checks each chunk's tag, and the last one's FINAL
// tag), and handed over as a Blob to save. A page cannot write a file piece by
// piece, so the plaintext is held in memory until then: files over
// E2E_BROWSER_DECRYPT_MAX_BYTES are refused before anything is fetched, with
// words saying to use the desktop app (which decrypts to disk). A changed
// byte, a file cut short or one that is not this message's gives an error and
// no Blob — nothing half-decrypted is ever saved.
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import { encryptedFileSize, FILE_CHUNK_OVERHEAD, FILE_HEADER_BYTES, FileDecryptor } from '../../src-shared/e2e/file-cipher.js';
import { E2E_BROWSER_DECRYPT_MAX_BYTES, E2E_FILE_CHUNK_BYTES } from '../../src-shared/limits.js';
import { formatBytes } from './format.js';

export interface EncryptedDownload {
  /** The ticket URL of the ciphertext. */
  url: string;
  key: Uint8Array;
  /** The message's clientMsgId the bytes are bound to. */
  bindingId: string;
  /** The ciphertext's size (the host's file size). */
  size: number;
  /** The real name and type, from the decrypted message. */
  name: string;
  type?: string;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** Why an encrypted file could not be saved in the browser; the message says what to do. */
export class EncryptedDownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptedDownloadError';
  }
}

const ENCRYPTED_CHUNK = E2E_FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD;

/** Fetches and decrypts; resolves with the file as a Blob of its real type. */
export async function fetchDecrypted(request: EncryptedDownload): Promise<Blob> {
  const { name } = request;
  if (request.size > encryptedFileSize(E2E_BROWSER_DECRYPT_MAX_BYTES)) {
    throw new EncryptedDownloadError(
      `“${name}” is too big to decrypt in a browser (over ${formatBytes(E2E_BROWSER_DECRYPT_MAX_BYTES)}); save it with the Parley desktop app.`,
    );
  }
  const response = await (request.fetch ?? fetch)(request.url, { ...(request.signal && { signal: request.signal }) });
  if (!response.ok || !response.body) throw new EncryptedDownloadError(`Could not download “${name}”: the host answered ${response.status}.`);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let decryptor: FileDecryptor | null = null;
  // Bytes received but not yet decrypted (less than one encrypted chunk, or the header).
  let buffered = new Uint8Array(0);
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) {
        received += value.length;
        if (received > request.size) throw new E2eError('malformed', 'The host sent more bytes than the file has.');
        const joined = new Uint8Array(buffered.length + value.length);
        joined.set(buffered);
        joined.set(value, buffered.length);
        buffered = joined;
      }
      if (!decryptor && buffered.length >= FILE_HEADER_BYTES) {
        decryptor = await FileDecryptor.create(request.key, Uint8Array.from(buffered.subarray(0, FILE_HEADER_BYTES)), request.bindingId);
        buffered = buffered.slice(FILE_HEADER_BYTES);
      }
      // Whole chunks as they come; the last (shorter) one once the body ended.
      while (decryptor && (buffered.length >= ENCRYPTED_CHUNK || (done && buffered.length > 0))) {
        const take = Math.min(ENCRYPTED_CHUNK, buffered.length);
        parts.push(decryptor.pull(Uint8Array.from(buffered.subarray(0, take))));
        buffered = buffered.slice(take);
      }
      if (done) break;
    }
    if (!decryptor) throw new E2eError('file_truncated', 'The encrypted file is too short.');
    decryptor.finish();
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (error instanceof E2eError) {
      throw new EncryptedDownloadError(`“${name}” could not be decrypted (${error.message}); it was not saved. Ask the sender to send it again.`);
    }
    throw error;
  }
  return new Blob(parts as Uint8Array<ArrayBuffer>[], { type: request.type ?? 'application/octet-stream' });
}
