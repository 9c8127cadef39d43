// The Node key store (DeviceKeyStore): this device's keys for each account in
// one JSON file, e.g. the terminal client's CONFIG_DIR/device-keys.json.
//
// The file is created 0600 (readable by its user only) and replaced atomically
// (temporary file, fsync, rename), like OpenSSH's private keys: on POSIX a file
// that others can read or write is refused, with what to do, rather than used.
// An optional `sealer` encrypts each entry (the desktop app passes Electron's
// safeStorage: src-main/app/device-key-safe-storage.ts); without it the entries
// are the plain storage form and the file mode is the only protection.
// This folder runs headless (terminal, host): it never imports src-main/app.
import fs from 'node:fs';
import { z } from 'zod';
import type { DeviceKeys } from '../../src-shared/e2e/device-keys.js';
import type { DeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { fromStoredDeviceKeys, toStoredDeviceKeys } from '../../src-shared/e2e/device-key-store.js';
import { E2eError } from '../../src-shared/e2e/e2e-error.js';
import { writePrivateFileAtomically } from './private-file.js';

/** Encrypts and decrypts one entry's text (for the desktop app: safeStorage). */
export interface EntrySealer {
  /** A name written into the file, so a file sealed one way is not read another. */
  readonly kind: string;
  seal(plainText: string): string;
  open(sealed: string): string;
}

export interface DeviceKeyFileOptions {
  file: string;
  sealer?: EntrySealer;
  platform?: NodeJS.Platform;
}

// Not z.record: a "__proto__" account must be stored, not set the prototype.
const keyFile = z.object({
  version: z.literal(1),
  sealing: z.string(),
  accounts: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
});

export class DeviceKeyFile implements DeviceKeyStore {
  readonly file: string;
  private readonly sealer: EntrySealer | undefined;
  private readonly platform: NodeJS.Platform;

  constructor(options: DeviceKeyFileOptions) {
    this.file = options.file;
    this.sealer = options.sealer;
    this.platform = options.platform ?? process.platform;
  }

  private get sealing(): string {
    return this.sealer?.kind ?? 'none';
  }

  private readAll(): Record<string, unknown> {
    let text: string;
    try {
      if (this.platform !== 'win32') {
        const mode = fs.statSync(this.file).mode & 0o777;
        if (mode & 0o077) {
          throw new E2eError('key_store', `${this.file} can be read or changed by other users (mode ${mode.toString(8)}): run chmod 600 on it.`);
        }
      }
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Object.create(null) as Record<string, unknown>;
      throw error;
    }
    let parsed;
    try {
      parsed = keyFile.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) throw new E2eError('key_store', `${this.file} is not a device key file.`);
    if (parsed.data.sealing !== this.sealing) {
      throw new E2eError('key_store', `${this.file} was written with "${parsed.data.sealing}" protection, not "${this.sealing}".`);
    }
    return Object.assign(Object.create(null) as Record<string, unknown>, parsed.data.accounts);
  }

  private writeAll(accounts: Record<string, unknown>): void {
    writePrivateFileAtomically(this.file, `${JSON.stringify({ version: 1, sealing: this.sealing, accounts }, null, 2)}\n`);
  }

  async load(account: string): Promise<DeviceKeys | undefined> {
    const entry = this.readAll()[account];
    if (entry === undefined) return undefined;
    let value: unknown = entry;
    if (this.sealer) {
      if (typeof entry !== 'string') throw new E2eError('key_store', 'A sealed device key entry is not text.');
      try {
        value = JSON.parse(this.sealer.open(entry)) as unknown;
      } catch {
        throw new E2eError('key_store', 'The device keys could not be unsealed (the keyring changed?): this device must be set up again.');
      }
    }
    return fromStoredDeviceKeys(value);
  }

  async save(account: string, keys: DeviceKeys): Promise<void> {
    const stored = await toStoredDeviceKeys(keys);
    const accounts = this.readAll();
    accounts[account] = this.sealer ? this.sealer.seal(JSON.stringify(stored)) : stored;
    this.writeAll(accounts);
  }

  async remove(account: string): Promise<void> {
    const accounts = this.readAll();
    if (!(account in accounts)) return;
    delete accounts[account];
    this.writeAll(accounts);
  }
}
