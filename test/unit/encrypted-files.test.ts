// The desktop's staging of encrypted DM files (src-main/transfer/encrypted-files.ts):
// one ciphertext per upload that a restart continues without the key, and a
// decryption that leaves nothing behind when the bytes were changed or cut.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptDownload, stageEncryptedUpload, stagedUploadPath, sweepStaging } from '../../src-main/transfer/encrypted-files.js';
import { TransferError } from '../../src-main/transfer/transfer-error.js';
import { encryptedFileSize, newFileKey } from '../../src-shared/e2e/file-cipher.js';

const dirs: string[] = [];
const temp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-files-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function staged(content: Buffer) {
  const work = temp();
  const source = path.join(work, 'notes.txt');
  fs.writeFileSync(source, content);
  const key = await newFileKey();
  const target = stagedUploadPath(path.join(work, 'staging'), 'c-1');
  const result = await stageEncryptedUpload({ source, target, key, bindingId: 'c-1' });
  return { work, source, key, target, result };
}

describe('staged encrypted uploads', () => {
  it('stages a 0600 ciphertext of the expected size; a later run (no key) reuses the same bytes', async () => {
    const content = Buffer.alloc(150_000, 'secret notes ');
    const { source, target, result } = await staged(content);
    expect(result.size).toBe(encryptedFileSize(content.length));
    expect(fs.statSync(target).size).toBe(result.size);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(target)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(target).includes('secret notes')).toBe(false);
    const before = fs.readFileSync(target);
    await stageEncryptedUpload({ source, target, key: null, bindingId: 'c-1' });
    expect(fs.readFileSync(target).equals(before)).toBe(true);
  });

  it('without the key and without a finished staged copy, asks to send the file again', async () => {
    const work = temp();
    const source = path.join(work, 'a.txt');
    fs.writeFileSync(source, 'x');
    const error = await stageEncryptedUpload({ source, target: path.join(work, 'missing.e2e'), key: null, bindingId: 'c-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferError);
    expect((error as TransferError).message).toMatch(/send it again/);
  });
});

describe('decrypting a download', () => {
  it('decrypts to a free name and removes the ciphertext', async () => {
    const content = Buffer.alloc(70_000, 'hello ');
    const { key, target } = await staged(content);
    const out = temp();
    fs.writeFileSync(path.join(out, 'notes.txt'), 'already here');
    const saved = await decryptDownload({ cipherPath: target, dir: out, name: 'notes.txt', key, bindingId: 'c-1' });
    expect(path.basename(saved)).toBe('notes (1).txt');
    expect(fs.readFileSync(saved).equals(content)).toBe(true);
    expect(fs.existsSync(target)).toBe(false);
  });

  for (const [what, damage] of [
    ['cut short', (b: Buffer) => b.subarray(0, b.length - 100)],
    ['a byte changed', (b: Buffer) => Buffer.concat([b.subarray(0, 200), Buffer.from([b[200]! ^ 1]), b.subarray(201)])],
  ] as const) {
    it(`refuses a ciphertext ${what}, leaving no partial plaintext`, async () => {
      const { key, target } = await staged(Buffer.alloc(140_000, 'data '));
      fs.writeFileSync(target, damage(fs.readFileSync(target)));
      const out = temp();
      const error = await decryptDownload({ cipherPath: target, dir: out, name: 'notes.txt', key, bindingId: 'c-1' }).catch((e: unknown) => e);
      expect((error as TransferError).code).toBe('decrypt_failed');
      expect(fs.readdirSync(out)).toEqual([]);
    });
  }

  it('refuses the bytes of another message (another binding id)', async () => {
    const { key, target } = await staged(Buffer.from('for message c-1'));
    const out = temp();
    const error = await decryptDownload({ cipherPath: target, dir: out, name: 'x.txt', key, bindingId: 'c-2' }).catch((e: unknown) => e);
    expect((error as TransferError).code).toBe('decrypt_failed');
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

describe('sweeping the staging folder at start-up', () => {
  it('keeps the journaled uploads and anything this run made, deletes what an earlier run left', async () => {
    const dir = temp();
    const old = Date.now() - 60_000;
    for (const name of ['up-kept.e2e', 'up-orphan.e2e', 'dl-F1.e2e.part']) {
      fs.writeFileSync(path.join(dir, name), 'x');
      fs.utimesSync(path.join(dir, name), old / 1000, old / 1000);
    }
    fs.writeFileSync(path.join(dir, 'up-new.e2e.tmp'), 'being staged now');
    await sweepStaging(dir, new Set([path.join(dir, 'up-kept.e2e')]), () => {}, Date.now() - 1000);
    expect(fs.readdirSync(dir).sort()).toEqual(['up-kept.e2e', 'up-new.e2e.tmp']);
  });
});
