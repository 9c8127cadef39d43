// The Node store of the DM crypto service's state (src-shared/e2e/dm-state.ts):
// one JSON file of every account's state, beside the device key file (the
// terminal client: CONFIG_DIR/dm-state.json). Nothing in it is secret, but it
// says whom this person talks to and which safety codes they verified, so it
// is written like the key file: created 0600 in a 0700 folder, replaced
// atomically (temporary file, fsync, rename). A file that is not in this form
// is reported by the service (it starts afresh), not fatal.
import fs from 'node:fs';
import type { DmState, DmStateStore } from '../../src-shared/e2e/dm-state.js';
import { writePrivateFileAtomically } from './private-file.js';

export class DmStateFile implements DmStateStore {
  constructor(readonly file: string) {}

  private readAll(): Record<string, unknown> {
    const accounts = Object.create(null) as Record<string, unknown>;
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return accounts;
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as { version?: unknown; accounts?: unknown };
      if (parsed.version === 1 && typeof parsed.accounts === 'object' && parsed.accounts !== null && !Array.isArray(parsed.accounts)) {
        return Object.assign(accounts, parsed.accounts);
      }
    } catch {
      // not JSON: treated as empty below, and replaced at the next save
    }
    return accounts;
  }

  async load(account: string): Promise<unknown> {
    return this.readAll()[account];
  }

  async save(account: string, state: DmState): Promise<void> {
    const accounts = this.readAll();
    accounts[account] = state;
    writePrivateFileAtomically(this.file, `${JSON.stringify({ version: 1, accounts })}\n`);
  }
}
