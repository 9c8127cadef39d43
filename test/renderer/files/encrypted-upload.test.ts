// A browser upload of a file in an encrypted DM (file-uploader.ts with
// encrypted-slices.ts): encrypted while sliced, one slice of ciphertext at a
// time; the host gets a neutral name, the ciphertext's size and SHA-256, and
// bytes that decrypt to the file — also when a PUT is cut half-way.
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { prepareDmFile } from '../../../src-shared/e2e/dm-file.js';
import { encodeDmFile, type DmFile } from '../../../src-shared/e2e/dm-payload.js';
import { decryptFileBytes, encryptedFileSize } from '../../../src-shared/e2e/file-cipher.js';
import { E2E_FILE_CHUNK_BYTES } from '../../../src-shared/limits.js';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { FileUploader } from '../../../src-renderer/files/file-uploader.js';
import { UploadHttpError, type UploadTransport } from '../../../src-renderer/files/upload-transport.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';

const MARKER = 'DM-PLAINTEXT-MARKER-4d21';

/** A host keeping each upload's bytes; `cutAt` stores only part of a PUT and then reports the connection cut. */
class ByteHost implements UploadTransport {
  bytes = new Uint8Array(0);
  puts: Array<{ offset: number; size: number }> = [];
  cutAt: number | null = null;

  async put(_url: string, _token: string, offset: number, body: Blob, onProgress: (sent: number) => void): Promise<number> {
    if (offset !== this.bytes.length) throw new UploadHttpError('offset', 409, 'offset_mismatch', this.bytes.length);
    const data = new Uint8Array(await body.arrayBuffer());
    this.puts.push({ offset, size: data.length });
    const keep = this.cutAt !== null && this.cutAt > offset && this.cutAt < offset + data.length ? this.cutAt - offset : data.length;
    const next = new Uint8Array(this.bytes.length + keep);
    next.set(this.bytes);
    next.set(data.subarray(0, keep), this.bytes.length);
    this.bytes = next;
    if (keep < data.length) {
      this.cutAt = null;
      throw new UploadHttpError('The connection to the host was cut.', 0, null, null);
    }
    onProgress(data.length);
    return this.bytes.length;
  }

  async head(): Promise<number> {
    return this.bytes.length;
  }
}

function setup(sliceBytes: number) {
  const store = createAppStore();
  const host = new ByteHost();
  const requests: Array<{ type: string; params: Record<string, unknown> }> = [];
  const sent: Message[] = [];
  const envelopes: DmFile[] = [];
  const dm = {
    fileEnvelope: (_conv: string, _id: string, file: DmFile) => {
      envelopes.push(file);
      return Promise.resolve(new TextDecoder().decode(encodeDmFile(file)));
    },
  };
  const uploader = new FileUploader({
    store,
    request: (async (type: string, params: Record<string, unknown>) => {
      requests.push({ type, params });
      if (type === 'file.begin') return { fileId: 'F1', uploadUrl: '/api/uploads/F1', offset: 0, duplicate: false };
      if (type === 'file.complete') return { message: { seq: 1, conv: 'dm:1:2', kind: 'file' } as Message, duplicate: false };
      return { fileId: params.fileId };
    }) as never,
    token: () => 'tok',
    httpBase: () => 'http://h:1',
    onSent: (m) => sent.push(m),
    transport: host,
    makeThumbnail: async () => 'data:image/jpeg;base64,AAAA',
    sliceBytes,
    retryDelayMs: 1,
    newId: () => 'c1',
    encryptFor: (conv, clientMsgId, file) => (conv.startsWith('dm:') ? prepareDmFile(dm, conv, file, clientMsgId) : Promise.resolve(null)),
  });
  return { store, host, uploader, requests, sent, envelopes };
}

const plainFile = (size: number) => {
  const text = new TextEncoder().encode(`${MARKER} `.repeat(Math.ceil(size / (MARKER.length + 1)))).subarray(0, size);
  return { file: new File([text], 'contract.txt', { type: 'text/plain' }), bytes: text };
};

const keyOf = async (envelopes: DmFile[]) => Uint8Array.from(Buffer.from(envelopes[0]!.key, 'base64url'));

describe('FileUploader in an encrypted DM', () => {
  it('encrypts while slicing: a neutral file.begin, PUTs of one slice each, the ciphertext hash, bytes that decrypt to the file', async () => {
    const { host, uploader, requests, sent, envelopes } = setup(2 * E2E_FILE_CHUNK_BYTES);
    const { file, bytes } = plainFile(5 * E2E_FILE_CHUNK_BYTES + 123);
    uploader.add('dm:1:2', [file]);
    await vi.waitFor(() => expect(sent).toHaveLength(1));

    const begin = requests.find((r) => r.type === 'file.begin')!.params;
    expect(begin).toEqual({ conv: 'dm:1:2', clientMsgId: 'c1', name: 'encrypted file', size: encryptedFileSize(bytes.length), e2e: expect.any(String) });
    expect(envelopes).toEqual([{ name: 'contract.txt', type: 'text/plain', size: bytes.length, key: expect.any(String), preview: 'data:image/jpeg;base64,AAAA' }]);
    // Three slices of at most two chunks each: never the whole file at once.
    expect(host.puts.length).toBe(3);
    expect(Math.max(...host.puts.map((p) => p.size))).toBeLessThanOrEqual(24 + 2 * (E2E_FILE_CHUNK_BYTES + 17));
    expect(Buffer.from(host.bytes).includes(MARKER)).toBe(false);
    expect(requests.find((r) => r.type === 'file.complete')!.params).toEqual({ fileId: 'F1', sha256: createHash('sha256').update(host.bytes).digest('hex') });
    expect(Buffer.from(await decryptFileBytes(await keyOf(envelopes), 'c1', host.bytes)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('the caption goes inside the first file\'s envelope, never in file.begin\'s text', async () => {
    const { uploader, requests, sent, envelopes } = setup(E2E_FILE_CHUNK_BYTES);
    uploader.add('dm:1:2', [plainFile(10).file], 'the contract, signed');
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(envelopes).toEqual([expect.objectContaining({ name: 'contract.txt', caption: 'the contract, signed' })]);
    const begin = requests.find((r) => r.type === 'file.begin')!.params;
    expect(begin).toEqual({ conv: 'dm:1:2', clientMsgId: 'c1', name: 'encrypted file', size: encryptedFileSize(10), e2e: expect.any(String) });
  });

  it('a PUT cut half-way resends the rest of the same ciphertext (it could not be made again)', async () => {
    const { host, uploader, sent, envelopes } = setup(2 * E2E_FILE_CHUNK_BYTES);
    const { file, bytes } = plainFile(3 * E2E_FILE_CHUNK_BYTES);
    host.cutAt = E2E_FILE_CHUNK_BYTES + 1000; // inside the first slice
    uploader.add('dm:1:2', [file]);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(host.puts.map((p) => p.offset)).toEqual([0, E2E_FILE_CHUNK_BYTES + 1000, host.puts[2]!.offset]);
    expect(Buffer.from(await decryptFileBytes(await keyOf(envelopes), 'c1', host.bytes)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a channel file goes as it is; an empty DM file is one final chunk', async () => {
    const plain = setup(E2E_FILE_CHUNK_BYTES);
    plain.uploader.add('ch:1', [plainFile(10).file]);
    await vi.waitFor(() => expect(plain.sent).toHaveLength(1));
    expect(plain.requests[0]!.params).toMatchObject({ name: 'contract.txt', size: 10, thumbnail: 'data:image/jpeg;base64,AAAA' });
    expect(plain.requests[0]!.params).not.toHaveProperty('e2e');

    const empty = setup(E2E_FILE_CHUNK_BYTES);
    empty.uploader.add('dm:1:2', [new File([], 'empty.txt')]);
    await vi.waitFor(() => expect(empty.sent).toHaveLength(1));
    expect(empty.host.bytes.length).toBe(encryptedFileSize(0));
    expect((await decryptFileBytes(await keyOf(empty.envelopes), 'c1', empty.host.bytes)).length).toBe(0);
  });

  it('when the DM cannot be encrypted, the file is not sent at all and the card says why', async () => {
    const { store, uploader, requests } = setup(E2E_FILE_CHUNK_BYTES);
    (uploader as unknown as { opts: { encryptFor: () => Promise<never> } }).opts.encryptFor = () => Promise.reject(new Error('user 2 has no device that can read encrypted messages yet'));
    uploader.add('dm:1:2', [plainFile(100).file]);
    await vi.waitFor(() => expect(store.getState().transfers.c1?.state).toBe('failed'));
    expect(store.getState().transfers.c1?.error).toMatch(/no device that can read encrypted messages/);
    expect(requests.filter((r) => r.type === 'file.begin')).toEqual([]);
  });
});
