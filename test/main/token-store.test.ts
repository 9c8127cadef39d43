// Resume tokens: encrypted with safeStorage where it really encrypts, stored
// with "plaintext": true (and a log line) where it does not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { TokenStore, type StringEncryptor } from '../../src-main/app/token-store.js';

const TOKEN = 'resume-token-0123456789abcdef';

function fakeSafeStorage(overrides: Partial<StringEncryptor> & { backend?: string } = {}): StringEncryptor {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).reverse().toString('hex')}`),
    decryptString: (data) => {
      const text = data.toString();
      if (!text.startsWith('enc:')) throw new Error('bad ciphertext');
      return Buffer.from(text.slice(4), 'hex').reverse().toString();
    },
    getSelectedStorageBackend: () => overrides.backend ?? 'gnome_libsecret',
    ...overrides,
  };
}

describe('TokenStore', () => {
  let file: string;
  let log: string[];

  beforeEach(() => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-tokens-')), 'tokens.json');
    log = [];
  });

  const store = (encryptor: StringEncryptor, platform: NodeJS.Platform = 'linux') =>
    new TokenStore({ file, encryptor, platform, log: (line) => log.push(line) });

  it('encrypts with safeStorage: the file never holds the token', () => {
    store(fakeSafeStorage()).save('ws://h:47800|abc|alice', TOKEN);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(TOKEN);
    const entry = JSON.parse(text).tokens['ws://h:47800|abc|alice'];
    expect(entry.plaintext).toBe(false);
    expect(Buffer.from(entry.data, 'base64').toString()).toMatch(/^enc:/);
    expect(store(fakeSafeStorage()).load('ws://h:47800|abc|alice')).toBe(TOKEN);
    expect(log).toEqual([]);
  });

  it('creates the file readable by the user only', () => {
    store(fakeSafeStorage()).save('k', TOKEN);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('falls back to plaintext, flagged and logged, when encryption is unavailable', () => {
    const tokens = store(fakeSafeStorage({ isEncryptionAvailable: () => false, encryptString: () => { throw new Error('unavailable'); } }));
    expect(tokens.encryptionAvailable()).toBe(false);
    tokens.save('k', TOKEN);
    tokens.save('k2', TOKEN);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).tokens.k).toEqual({ plaintext: true, data: TOKEN });
    expect(tokens.load('k')).toBe(TOKEN);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/stored unencrypted.*"plaintext": true/);
  });

  it("treats Linux's basic_text backend (hard-coded key) as no encryption", () => {
    const tokens = store(fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(tokens.encryptionAvailable()).toBe(false);
    tokens.save('k', TOKEN);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).tokens.k.plaintext).toBe(true);
    // The backend name only means that on Linux.
    expect(store(fakeSafeStorage({ backend: 'basic_text' }), 'darwin').encryptionAvailable()).toBe(true);
  });

  it('reads plaintext entries after a keyring appears, and encrypts on the next save', () => {
    store(fakeSafeStorage({ isEncryptionAvailable: () => false })).save('k', TOKEN);
    const later = store(fakeSafeStorage());
    expect(later.load('k')).toBe(TOKEN);
    later.save('k', TOKEN);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).tokens.k.plaintext).toBe(false);
  });

  it('forgets a token that can no longer be decrypted', () => {
    store(fakeSafeStorage()).save('k', TOKEN);
    const broken = store(fakeSafeStorage({ decryptString: () => { throw new Error('keyring changed'); } }));
    expect(broken.load('k')).toBeNull();
    expect(log.join('\n')).toContain('keyring changed');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).tokens).toEqual({});
  });

  it('forgets and loads per session key; unknown keys are null', () => {
    const tokens = store(fakeSafeStorage());
    tokens.save('a', 'token-a');
    tokens.save('b', 'token-b');
    tokens.forget('a');
    tokens.forget('never-saved');
    expect(tokens.load('a')).toBeNull();
    expect(tokens.load('b')).toBe('token-b');
  });

  it('keeps "__proto__" and "constructor" as ordinary keys', () => {
    const tokens = store(fakeSafeStorage());
    tokens.save('__proto__', 'p');
    tokens.save('constructor', 'c');
    expect(store(fakeSafeStorage()).load('__proto__')).toBe('p');
    expect(store(fakeSafeStorage()).load('constructor')).toBe('c');
    expect(store(fakeSafeStorage()).load('toString')).toBeNull();
  });

  it('starts empty (and says so) when the file is damaged', () => {
    fs.writeFileSync(file, '{ not json');
    const tokens = store(fakeSafeStorage());
    expect(tokens.load('k')).toBeNull();
    tokens.save('k', TOKEN);
    expect(tokens.load('k')).toBe(TOKEN);
    expect(log[0]).toContain('unreadable');
  });
});
