import { describe, expect, it } from 'vitest';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import {
  decryptFileBytes, encryptedFileSize, encryptFileBytes, FILE_CHUNK_OVERHEAD, FILE_HEADER_BYTES, FileDecryptor, newFileKey,
} from '../../src-shared/e2e/file-cipher.js';
import { E2E_FILE_CHUNK_BYTES } from '../../src-shared/limits.js';

const CHUNK = E2E_FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD;

function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((error: unknown) => error instanceof E2eError && error.code === code);
}

describe('file cipher (secretstream)', () => {
  it('round-trips empty, small, chunk-sized and multi-chunk files, at the advertised size', async () => {
    const key = await newFileKey();
    for (const size of [0, 1, 1000, E2E_FILE_CHUNK_BYTES, E2E_FILE_CHUNK_BYTES + 1, 3 * E2E_FILE_CHUNK_BYTES + 7]) {
      const plain = seededBytes(size, size + 1);
      const sealed = await encryptFileBytes(key, 'f1', plain);
      expect(sealed.length).toBe(encryptedFileSize(size));
      expect(await decryptFileBytes(key, 'f1', sealed)).toEqual(plain);
    }
  });

  it('uses a different key for each file', async () => {
    expect(await newFileKey()).not.toEqual(await newFileKey());
  });

  it('refuses another key, another file id, a changed byte, and a file cut short or with chunks swapped', async () => {
    const key = await newFileKey();
    const plain = seededBytes(2 * E2E_FILE_CHUNK_BYTES + 100, 7);
    const sealed = await encryptFileBytes(key, 'f1', plain);
    await expectCode(decryptFileBytes(await newFileKey(), 'f1', sealed), 'decrypt_failed');
    await expectCode(decryptFileBytes(key, 'f2', sealed), 'decrypt_failed');
    for (let i = 0; i < sealed.length; i += 4099) {
      const changed = sealed.slice();
      changed[i] = changed[i]! ^ 0x80;
      await expectCode(decryptFileBytes(key, 'f1', changed), 'decrypt_failed');
    }
    // Whole chunks dropped at the end: every chunk authenticates, but the final tag never comes.
    await expectCode(decryptFileBytes(key, 'f1', sealed.subarray(0, FILE_HEADER_BYTES + 2 * CHUNK)), 'file_truncated');
    // The first two chunks swapped.
    const swapped = sealed.slice();
    swapped.set(sealed.subarray(FILE_HEADER_BYTES + CHUNK, FILE_HEADER_BYTES + 2 * CHUNK), FILE_HEADER_BYTES);
    swapped.set(sealed.subarray(FILE_HEADER_BYTES, FILE_HEADER_BYTES + CHUNK), FILE_HEADER_BYTES + CHUNK);
    await expectCode(decryptFileBytes(key, 'f1', swapped), 'decrypt_failed');
  });

  it('refuses data after the final chunk when streaming', async () => {
    const key = await newFileKey();
    const sealed = await encryptFileBytes(key, 'f1', seededBytes(10, 3));
    const decryptor = await FileDecryptor.create(key, sealed.subarray(0, FILE_HEADER_BYTES), 'f1');
    decryptor.pull(sealed.subarray(FILE_HEADER_BYTES));
    decryptor.finish();
    expect(() => decryptor.pull(sealed.subarray(FILE_HEADER_BYTES))).toThrow(E2eError);
  });
});
