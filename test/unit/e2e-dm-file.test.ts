// Files in encrypted DMs (dm-file.ts, dm-payload.ts): what the sender prepares
// before the upload and what the receiver reads back from the decrypted message.
import { describe, expect, it } from 'vitest';
import { fileKeyOf, prepareDmFile } from '../../src-shared/e2e/dm-file.js';
import { decodeDmContent, encodeDmFile, type DmFile } from '../../src-shared/e2e/dm-payload.js';
import { decryptFileBytes, encryptedFileSize, encryptFileBytes } from '../../src-shared/e2e/file-cipher.js';
import { E2E_FILE_NEUTRAL_NAME, E2E_FILE_PREVIEW_MAX_CHARS } from '../../src-shared/limits.js';

/** Stands in for DmSession.fileEnvelope: the "envelope" is the plaintext itself, so the test can read it. */
function fakeDm() {
  const made: Array<{ conv: string; clientMsgId: string; file: DmFile }> = [];
  return {
    made,
    fileEnvelope: (conv: string, clientMsgId: string, file: DmFile) => {
      made.push({ conv, clientMsgId, file });
      return Promise.resolve(new TextDecoder().decode(encodeDmFile(file)));
    },
  };
}

describe('encrypted DM files', () => {
  it('prepares file.begin with a neutral name and the ciphertext size; the key, real name, type and size are only inside the envelope', async () => {
    const dm = fakeDm();
    const prepared = await prepareDmFile(dm, 'dm:1:2', { name: 'salary-2026.pdf', type: 'application/pdf', size: 200_000 });
    expect(prepared.begin.name).toBe(E2E_FILE_NEUTRAL_NAME);
    expect(prepared.begin.size).toBe(encryptedFileSize(200_000));
    expect(prepared.begin).not.toHaveProperty('thumbnail');
    expect(prepared.bindingId).toBe(prepared.clientMsgId);
    expect(dm.made).toHaveLength(1); // encrypted once
    const read = decodeDmContent(new TextEncoder().encode(prepared.begin.e2e));
    expect(read).toMatchObject({ kind: 'file', name: 'salary-2026.pdf', type: 'application/pdf', size: 200_000 });
    const key = await fileKeyOf(read as DmFile);
    expect(key).toEqual(prepared.key);
    // The key opens a file bound to the message id, and only that.
    const sealed = await encryptFileBytes(prepared.key, prepared.bindingId, new TextEncoder().encode('quarterly numbers'));
    expect(new TextDecoder().decode(await decryptFileBytes(key, prepared.clientMsgId, sealed))).toBe('quarterly numbers');
    await expect(decryptFileBytes(key, 'another-message', sealed)).rejects.toThrow(/changed, moved or is not from this file/);
  });

  it('keeps a small image preview inside the envelope and drops one over the limit (or one that is not an image)', async () => {
    const small = `data:image/jpeg;base64,${'A'.repeat(1000)}`;
    const big = `data:image/jpeg;base64,${'A'.repeat(E2E_FILE_PREVIEW_MAX_CHARS)}`;
    const read = (preview: string) => decodeDmContent(encodeDmFile({ name: 'a.jpg', key: 'k', preview }));
    expect(read(small)).toMatchObject({ preview: small });
    expect(read(big)).not.toHaveProperty('preview');
    expect(read('javascript:alert(1)')).not.toHaveProperty('preview');
    // A sender that put a big one in anyway: the reader ignores it.
    const raw = new TextEncoder().encode(JSON.stringify({ key: 'k', name: 'a.jpg', p: big }));
    expect(decodeDmContent(raw)).toEqual({ kind: 'file', key: 'k', name: 'a.jpg' });
  });

  it('refuses a file key that is not 32 bytes of base64url, saying so', async () => {
    await expect(fileKeyOf({ key: '!!!' })).rejects.toThrow(/not readable/);
    await expect(fileKeyOf({ key: 'AAAA' })).rejects.toThrow(/wrong length/);
  });
});
