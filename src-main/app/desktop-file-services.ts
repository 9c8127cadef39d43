// The desktop's file services (files:* channels): the TransferManager that
// streams uploads and downloads from and to disk over pinned connections,
// pasted files' private copies, the Open cache, and the native dialogs,
// downloads folder and shell behind them. desktop-app.ts builds them once
// `ready`; ipc-handlers.ts answers the channels with them.
import path from 'node:path';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import WebSocket from 'ws';
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import type { FileProgress } from '../../src-shared/ipc/ipc-contract.js';
import { TransferManager } from '../transfer/file-transfers.js';
import { TransferJournal } from '../transfer/transfer-journal.js';
import { OpenedFiles } from '../transfer/opened-files.js';
import { PastedFiles } from '../transfer/pasted-files.js';
import type { SessionPin } from '../trust/pinned-tls.js';
import { readJsonFile, writeJsonFileAtomic } from './atomic-json-file.js';
import { DEVICE_IDENTITY_DIR, type DesktopAppOptions } from './desktop-app-options.js';
import type { FileServices } from './ipc-handlers.js';

export interface DesktopFileServicesOptions {
  userData: string;
  tuning?: NonNullable<DesktopAppOptions['transfers']>;
  pinFor(url: string): SessionPin | null;
  emit(progress: FileProgress): void;
  /** The window dialogs are modal to, if there is one. */
  parent(): BrowserWindow | null;
  log(line: string): void;
}

export function createDesktopFileServices({ userData, tuning, pinFor, emit, parent, log }: DesktopFileServicesOptions): FileServices {
  const transfersJournal = path.join(userData, 'transfers.json');
  const fileTransfers = new TransferManager({
    ...tuning,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    pinFor,
    // This device's identity for direct offers: made once, 0600, next to the app's other data.
    deviceIdentityDir: path.join(userData, DEVICE_IDENTITY_DIR),
    // The ciphertext of encrypted DM files while they move (0700 folder, 0600 files; never plaintext, never keys).
    stagingDir: path.join(userData, 'e2e-staging'),
    // Unfinished transfers, resumed after a restart once the person signs in again (no secrets: 0600 all the same).
    journal: new TransferJournal(
      { read: () => readJsonFile(transfersJournal), write: (value) => writeJsonFileAtomic(transfersJournal, value, { mode: 0o600 }) },
      { log },
    ),
    emit,
    log,
  });
  const pastedFiles = new PastedFiles(path.join(userData, 'pasted-files'), log);
  void pastedFiles.cleanLeftovers();
  const openPath = (file: string) => shell.openPath(file);
  const openedFiles = new OpenedFiles({ dir: path.join(userData, 'opened-files'), transfers: fileTransfers, openPath, log });
  void openedFiles.cleanOld();

  return {
    transfers: fileTransfers,
    pasted: pastedFiles,
    opened: openedFiles,
    showOpenDialog: async () => {
      const options = { properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'> };
      const owner = parent();
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    showSaveDialog: async (defaultPath) => {
      const owner = parent();
      const result = owner ? await dialog.showSaveDialog(owner, { defaultPath }) : await dialog.showSaveDialog({ defaultPath });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    downloadsDir: () => app.getPath('downloads'),
    openPath,
  };
}
