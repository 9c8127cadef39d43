// Resume tokens ("remember me" per session), kept in USERDATA/tokens.json.
//
// Decision: a token is encrypted with Electron's safeStorage (Keychain on macOS,
// DPAPI on Windows, the Secret Service / KWallet on Linux) whenever it offers
// real encryption. Where it does not — safeStorage.isEncryptionAvailable() is
// false, or on Linux the selected backend is `basic_text` (no keyring: Chromium
// then "encrypts" with a hard-coded key, which protects nothing) — the token is
// stored as is, marked `"plaintext": true` in the file, and a line is logged.
// We prefer that to refusing: a resume token only spares the person typing
// their password again, it expires host-side, and the file is created 0600.
// Entries written in plaintext stay readable when a keyring appears later and
// are re-encrypted the next time that token is saved.
//
// A token that can no longer be decrypted (keyring reset, profile copied to
// another machine) is forgotten: the person signs in with the password again.
import { z } from 'zod';
import { readJsonFile, writeJsonFileAtomic } from './atomic-json-file.js';

/** The parts of Electron's safeStorage the store uses. */
export interface StringEncryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
}

const entry = z.object({
  plaintext: z.boolean(),
  /** base64 of safeStorage's ciphertext, or the token itself when plaintext. */
  data: z.string(),
});
type Entry = z.infer<typeof entry>;

// Not z.record: it rebuilds the object by assignment, and a "__proto__" key
// would then set the prototype instead of being stored.
const tokensFile = z.object({
  version: z.literal(1),
  tokens: z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value)),
});

export interface TokenStoreOptions {
  file: string;
  encryptor: StringEncryptor;
  platform?: NodeJS.Platform;
  log?: (line: string) => void;
}

export class TokenStore {
  readonly file: string;
  private readonly encryptor: StringEncryptor;
  private readonly platform: NodeJS.Platform;
  private readonly log: (line: string) => void;
  private warnedPlaintext = false;

  constructor(options: TokenStoreOptions) {
    this.file = options.file;
    this.encryptor = options.encryptor;
    this.platform = options.platform ?? process.platform;
    this.log = options.log ?? (() => {});
  }

  /** Whether saved tokens are really encrypted here (false: stored with plaintext: true). */
  encryptionAvailable(): boolean {
    if (!this.encryptor.isEncryptionAvailable()) return false;
    if (this.platform === 'linux' && this.encryptor.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  }

  save(sessionKey: string, token: string): void {
    const tokens = this.readAll();
    let value: Entry;
    if (this.encryptionAvailable()) {
      value = { plaintext: false, data: this.encryptor.encryptString(token).toString('base64') };
    } else {
      if (!this.warnedPlaintext) {
        this.warnedPlaintext = true;
        this.log(
          `tokens: no OS keyring available to encrypt with; resume tokens are stored unencrypted (marked "plaintext": true) in ${this.file}`,
        );
      }
      value = { plaintext: true, data: token };
    }
    tokens.set(sessionKey, value);
    this.writeAll(tokens);
  }

  load(sessionKey: string): string | null {
    const tokens = this.readAll();
    const value = tokens.get(sessionKey);
    if (!value) return null;
    if (value.plaintext) return value.data;
    try {
      return this.encryptor.decryptString(Buffer.from(value.data, 'base64'));
    } catch (error) {
      this.log(
        `tokens: could not decrypt the token for ${JSON.stringify(sessionKey)} (${error instanceof Error ? error.message : String(error)}); forgetting it`,
      );
      tokens.delete(sessionKey);
      this.writeAll(tokens);
      return null;
    }
  }

  forget(sessionKey: string): void {
    const tokens = this.readAll();
    if (tokens.delete(sessionKey)) this.writeAll(tokens);
  }

  // A Map, not an object: session keys come from the renderer, and "__proto__"
  // must be just another key.
  private readAll(): Map<string, Entry> {
    let raw: unknown;
    try {
      raw = readJsonFile(this.file);
    } catch (error) {
      this.log(`tokens: ${this.file} is unreadable (${error instanceof Error ? error.message : String(error)}); starting empty`);
      return new Map();
    }
    if (raw === undefined) return new Map();
    const parsed = tokensFile.safeParse(raw);
    if (!parsed.success) {
      this.log(`tokens: ${this.file} is not in the expected shape; starting empty`);
      return new Map();
    }
    const tokens = new Map<string, Entry>();
    for (const [key, value] of Object.entries(parsed.data.tokens)) {
      const checked = entry.safeParse(value);
      if (checked.success) tokens.set(key, checked.data);
      else this.log(`tokens: dropping a malformed entry for ${JSON.stringify(key)}`);
    }
    return tokens;
  }

  private writeAll(tokens: Map<string, Entry>): void {
    writeJsonFileAtomic(this.file, { version: 1, tokens: Object.fromEntries(tokens) }, { mode: 0o600 });
  }
}
