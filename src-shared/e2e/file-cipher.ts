// Files shared in a DM are encrypted on the sender's device before upload, with
// a fresh random key per file that travels inside the (encrypted) DM envelope.
//
// Construction: libsodium's secretstream (crypto_secretstream_xchacha20poly1305,
// https://doc.libsodium.org/secret-key_cryptography/secretstream) — an
// established chunked AEAD: a 24-byte header, then chunks of at most
// E2E_FILE_CHUNK_BYTES plaintext, each 17 bytes longer. Each chunk is
// authenticated in order, so chunks cannot be dropped, repeated, reordered or
// swapped between files, and the last one carries the FINAL tag, so a cut-off
// file is refused. Every chunk's associated data is the file id, so the relay
// cannot pass one encrypted file off as another of the same key.
// The relay copy and the direct stream carry exactly these bytes.
import { E2E_FILE_CHUNK_BYTES } from '../limits.js';
import { E2eError } from './e2e-error.js';
import type { Sodium } from './sodium.js';
import { sodium } from './sodium.js';

/** Bytes secretstream adds to each chunk (crypto_secretstream_xchacha20poly1305_ABYTES). */
export const FILE_CHUNK_OVERHEAD = 17;
/** Bytes of the stream header (crypto_secretstream_xchacha20poly1305_HEADERBYTES). */
export const FILE_HEADER_BYTES = 24;

/** A fresh random 32-byte file key. */
export async function newFileKey(): Promise<Uint8Array> {
  return (await sodium()).crypto_secretstream_xchacha20poly1305_keygen();
}

/** The size on the wire of a file of `plainBytes` bytes (the header, then every chunk; an empty file is one empty final chunk). */
export function encryptedFileSize(plainBytes: number): number {
  const chunks = Math.max(1, Math.ceil(plainBytes / E2E_FILE_CHUNK_BYTES));
  return FILE_HEADER_BYTES + plainBytes + chunks * FILE_CHUNK_OVERHEAD;
}

// Uint8Array.from: libsodium checks `instanceof Uint8Array`, which a TextEncoder of another realm (jsdom) fails.
const ad = (fileId: string) => Uint8Array.from(new TextEncoder().encode(`parley-e2e/file/v1\n${fileId}`));

/** Encrypts a file chunk by chunk: write `header` first, then each push()'s output in order. */
export class FileEncryptor {
  private finished = false;
  private constructor(
    private readonly s: Sodium,
    private readonly state: ReturnType<Sodium['crypto_secretstream_xchacha20poly1305_init_push']>['state'],
    readonly header: Uint8Array,
    private readonly ad: Uint8Array,
  ) {}

  static async create(key: Uint8Array, fileId: string): Promise<FileEncryptor> {
    const s = await sodium();
    const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    return new FileEncryptor(s, state, header, ad(fileId));
  }

  /** Encrypts the next chunk (at most E2E_FILE_CHUNK_BYTES); `last` marks the end of the file. */
  push(chunk: Uint8Array, last: boolean): Uint8Array {
    if (this.finished) throw new E2eError('malformed', 'The file was already finished.');
    if (chunk.length > E2E_FILE_CHUNK_BYTES) throw new E2eError('too_large', `A file chunk is at most ${E2E_FILE_CHUNK_BYTES} bytes.`);
    const tag = last ? this.s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : this.s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    this.finished = last;
    return this.s.crypto_secretstream_xchacha20poly1305_push(this.state, chunk, this.ad, tag);
  }
}

/** Decrypts a file chunk by chunk; finish() refuses a file whose final chunk never came. */
export class FileDecryptor {
  private finished = false;
  private constructor(
    private readonly s: Sodium,
    private readonly state: ReturnType<Sodium['crypto_secretstream_xchacha20poly1305_init_pull']>,
    private readonly ad: Uint8Array,
  ) {}

  static async create(key: Uint8Array, header: Uint8Array, fileId: string): Promise<FileDecryptor> {
    const s = await sodium();
    if (header.length !== FILE_HEADER_BYTES) throw new E2eError('malformed', 'The encrypted file header has the wrong length.');
    let state;
    try {
      state = s.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
    } catch {
      throw new E2eError('decrypt_failed', 'The file key does not fit this file.');
    }
    return new FileDecryptor(s, state, ad(fileId));
  }

  /** Decrypts the next encrypted chunk (at most E2E_FILE_CHUNK_BYTES + 17 bytes). */
  pull(chunk: Uint8Array): Uint8Array {
    if (this.finished) throw new E2eError('malformed', 'Data after the end of the encrypted file.');
    let result: { message: Uint8Array; tag: number } | false;
    try {
      result = this.s.crypto_secretstream_xchacha20poly1305_pull(this.state, chunk, this.ad);
    } catch {
      result = false;
    }
    if (!result) throw new E2eError('decrypt_failed', 'A chunk of the file was changed, moved or is not from this file.');
    this.finished = result.tag === this.s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    return result.message;
  }

  /** Throws E2eError('file_truncated') unless the final chunk was pulled. */
  finish(): void {
    if (!this.finished) throw new E2eError('file_truncated', 'The encrypted file ends before its last chunk.');
  }
}

/** Encrypts a whole file held in memory: header, then chunks. */
export async function encryptFileBytes(key: Uint8Array, fileId: string, bytes: Uint8Array): Promise<Uint8Array> {
  const encryptor = await FileEncryptor.create(key, fileId);
  const out = new Uint8Array(encryptedFileSize(bytes.length));
  out.set(encryptor.header, 0);
  let at = FILE_HEADER_BYTES;
  let offset = 0;
  do {
    const end = Math.min(bytes.length, offset + E2E_FILE_CHUNK_BYTES);
    const sealed = encryptor.push(bytes.subarray(offset, end), end === bytes.length);
    out.set(sealed, at);
    at += sealed.length;
    offset = end;
  } while (offset < bytes.length);
  return out;
}

/** Decrypts a whole encrypted file held in memory. */
export async function decryptFileBytes(key: Uint8Array, fileId: string, data: Uint8Array): Promise<Uint8Array> {
  if (data.length < FILE_HEADER_BYTES + FILE_CHUNK_OVERHEAD) throw new E2eError('file_truncated', 'The encrypted file is too short.');
  const decryptor = await FileDecryptor.create(key, data.subarray(0, FILE_HEADER_BYTES), fileId);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let at = FILE_HEADER_BYTES; at < data.length; at += E2E_FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD) {
    const part = decryptor.pull(data.subarray(at, Math.min(data.length, at + E2E_FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD)));
    parts.push(part);
    total += part.length;
  }
  decryptor.finish();
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
