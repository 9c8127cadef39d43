// Where the terminal client keeps its end-to-end encryption files: one folder
// per account (a session and a person in it) under its config dir,
//   CONFIG_DIR/e2e/<session id>-<user id>-<hash>/device-keys.json  (0600, secret)
//   CONFIG_DIR/e2e/<session id>-<user id>-<hash>/dm-state.json     (0600)
// A folder per account, not one shared file, so two terminal clients of
// different people on one machine never overwrite each other's entries.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import type { DmState, DmStateStore } from '../../src-shared/e2e/dm-state.js';
import { DeviceKeyFile } from './device-key-file.js';
import { DmStateFile } from './dm-state-file.js';

/** The folder of one account ("<session id>/<user id>") under `baseDir`. */
export function accountDir(baseDir: string, account: string): string {
  const readable = account.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80);
  const hash = createHash('sha256').update(account).digest('hex').slice(0, 12);
  return path.join(baseDir, `${readable}-${hash}`);
}

export interface AccountFiles {
  keyStore: DeviceKeyStore;
  stateStore: DmStateStore;
}

/** A key store and a state store that put each account's files in its own folder under `baseDir`. */
export function accountFiles(baseDir: string): AccountFiles {
  const keys = (account: string) => new DeviceKeyFile({ file: path.join(accountDir(baseDir, account), 'device-keys.json') });
  const state = (account: string) => new DmStateFile(path.join(accountDir(baseDir, account), 'dm-state.json'));
  return {
    keyStore: {
      load: (account) => keys(account).load(account),
      save: (account, value) => keys(account).save(account, value),
      remove: (account) => keys(account).remove(account),
    },
    stateStore: {
      load: (account) => state(account).load(account),
      save: (account, value: DmState) => state(account).save(account, value),
    },
  };
}
