// A browser upload of an encrypted DM file (dm-file.ts): the ciphertext is
// made while slicing — each plaintext slice read with File.slice, encrypted
// 64 KiB chunk by chunk (FileEncryptor) and hashed as it is made, so at most
// one slice of ciphertext (about SLICE_BYTES) is held, never the whole file.
//
// Secretstream cannot make the same bytes twice (its header is random), so
// the slice being sent is kept until the host holds all of it: a cut PUT, a
// pause or a 409 then resends the rest of that slice from memory. Only if the
// host reports holding less than the slices it already confirmed (it lost
// bytes) is that impossible: sliceAt() throws, and the uploader starts the
// file over from zero — same key, same envelope, a new header.
import { FileEncryptor, encryptedFileSize } from '../../src-shared/e2e/file-cipher.js';
import { E2E_FILE_CHUNK_BYTES } from '../../src-shared/limits.js';

interface Hasher {
  update(bytes: Uint8Array): unknown;
  digest(): Uint8Array;
}

/** The host holds less of the encrypted upload than it had confirmed: it must start again from nothing. */
export class EncryptedUploadLost extends Error {
  readonly code = 'file_not_found';
  constructor() {
    super('The host lost part of the encrypted upload; Retry sends it again from the start.');
    this.name = 'EncryptedUploadLost';
  }
}

export class EncryptedSlices {
  /** The ciphertext's size: what file.begin announces and the PUTs fill. */
  readonly size: number;
  /** Plaintext bytes encrypted so far. */
  private plainDone = 0;
  /** The slice being sent: ciphertext bytes [from, from + bytes.length). */
  private pending: { from: number; bytes: Uint8Array } | null = null;
  private readonly plainPerSlice: number;

  private constructor(
    private readonly file: Blob,
    private readonly encryptor: FileEncryptor,
    private readonly hash: Hasher,
    sliceBytes: number,
  ) {
    this.size = encryptedFileSize(file.size);
    // Whole chunks per slice, so every chunk but the file's last is full.
    this.plainPerSlice = Math.max(1, Math.ceil(sliceBytes / E2E_FILE_CHUNK_BYTES)) * E2E_FILE_CHUNK_BYTES;
  }

  static async create(file: Blob, key: Uint8Array, bindingId: string, sliceBytes: number, hash: Hasher): Promise<EncryptedSlices> {
    return new EncryptedSlices(file, await FileEncryptor.create(key, bindingId), hash, sliceBytes);
  }

  /** Ciphertext bytes made so far. */
  private get made(): number {
    return this.pending ? this.pending.from + this.pending.bytes.length : 0;
  }

  /**
   * The ciphertext from `offset` (what the host holds) to the end of its slice,
   * making the next slice when the host holds all made so far.
   */
  async sliceAt(offset: number): Promise<Uint8Array> {
    const pending = this.pending;
    if (pending && offset >= pending.from && offset < this.made) return pending.bytes.subarray(offset - pending.from);
    if (offset !== this.made || offset >= this.size) throw new EncryptedUploadLost();
    const first = this.plainDone === 0 && !pending;
    const end = Math.min(this.file.size, this.plainDone + this.plainPerSlice);
    const plain = new Uint8Array(await this.file.slice(this.plainDone, end).arrayBuffer());
    if (plain.length !== end - this.plainDone) throw new Error('The file changed while it was being sent; send it again.');
    const parts: Uint8Array[] = first ? [this.encryptor.header] : [];
    let at = 0;
    do {
      // An empty file is one empty final chunk.
      const stop = Math.min(plain.length, at + E2E_FILE_CHUNK_BYTES);
      parts.push(this.encryptor.push(plain.subarray(at, stop), end === this.file.size && stop === plain.length));
      at = stop;
    } while (at < plain.length);
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let into = 0;
    for (const part of parts) {
      bytes.set(part, into);
      into += part.length;
    }
    this.hash.update(bytes);
    this.plainDone = end;
    this.pending = { from: offset, bytes };
    return bytes;
  }

  /** The ciphertext's SHA-256 (file.complete), once every slice was made. */
  digest(): Uint8Array {
    if (this.made !== this.size) throw new Error('The encrypted upload is not finished.');
    return this.hash.digest();
  }
}
