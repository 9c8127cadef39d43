// A browser download of an encrypted DM file (encrypted-download.ts): the
// ciphertext arrives in pieces of any size and is decrypted as it comes; a
// changed byte or a cut-off body gives words and no file; a file over the
// browser's in-memory limit is refused before anything is fetched.
import { describe, expect, it, vi } from 'vitest';
import { encryptedFileSize, encryptFileBytes, newFileKey } from '../../../src-shared/e2e/file-cipher.js';
import { E2E_BROWSER_DECRYPT_MAX_BYTES, E2E_FILE_CHUNK_BYTES } from '../../../src-shared/limits.js';
import { fetchDecrypted } from '../../../src-renderer/files/encrypted-download.js';

/** A fetch answering with `bytes`, cut into pieces of `piece` bytes. */
function fetchOf(bytes: Uint8Array, piece: number) {
  return vi.fn(async () => {
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + piece));
        at += piece;
      },
    });
    return new Response(body, { status: 200 });
  }) as unknown as typeof fetch & ReturnType<typeof vi.fn>;
}

async function sealed(size: number) {
  const plain = Uint8Array.from({ length: size }, (_, i) => (i * 13) % 256);
  const key = await newFileKey();
  return { plain, key, cipher: await encryptFileBytes(key, 'c-9', plain) };
}

describe('fetchDecrypted', () => {
  it('decrypts a body that arrives in odd-sized pieces into a Blob of the real type', async () => {
    const { plain, key, cipher } = await sealed(2 * E2E_FILE_CHUNK_BYTES + 777);
    const blob = await fetchDecrypted({ url: '/api/files/F?ticket=t', key, bindingId: 'c-9', size: cipher.length, name: 'photo.png', type: 'image/png', fetch: fetchOf(cipher, 10_007) });
    expect(blob.type).toBe('image/png');
    expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(plain))).toBe(true);
  });

  it('refuses a changed byte and a body cut short, saying it was not saved', async () => {
    const { key, cipher } = await sealed(E2E_FILE_CHUNK_BYTES + 10);
    const changed = cipher.slice();
    changed[50] = changed[50]! ^ 1;
    await expect(fetchDecrypted({ url: 'u', key, bindingId: 'c-9', size: cipher.length, name: 'a.bin', fetch: fetchOf(changed, 4096) })).rejects.toThrow(/“a.bin” could not be decrypted .*it was not saved/);
    const cut = cipher.slice(0, 24 + E2E_FILE_CHUNK_BYTES + 17); // the first chunk only: no final tag
    await expect(fetchDecrypted({ url: 'u', key, bindingId: 'c-9', size: cipher.length, name: 'a.bin', fetch: fetchOf(cut, 4096) })).rejects.toThrow(/ends before its last chunk/);
    await expect(fetchDecrypted({ url: 'u', key, bindingId: 'another', size: cipher.length, name: 'a.bin', fetch: fetchOf(cipher, 4096) })).rejects.toThrow(/could not be decrypted/);
  });

  it('refuses a file over the in-memory limit without fetching it, pointing to the desktop app', async () => {
    const key = await newFileKey();
    const fetch = fetchOf(new Uint8Array(0), 1);
    await expect(
      fetchDecrypted({ url: 'u', key, bindingId: 'c-9', size: encryptedFileSize(E2E_BROWSER_DECRYPT_MAX_BYTES + 1), name: 'film.mkv', fetch }),
    ).rejects.toThrow(/too big to decrypt in a browser .*desktop app/);
    expect(fetch).not.toHaveBeenCalled();
  });
});
