// What several test/main suites need to drive the desktop main process the
// way its window does: a mDNS browser that finds nothing (discovery is not
// what they test), and calls into main's IPC router as the app's own page,
// with a failed reply turned into an error that names the channel and code.
// No `electron` import here: each suite mocks it and passes in the fake's ipcMain.
import { EventEmitter } from 'node:events';
import type { DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';

/** Discovery that is running and sees no sessions. */
export class IdleSessionBrowser extends EventEmitter {
  start(): void {}
  stop(): void {}
  status(): DiscoveryStatus {
    return { browsing: true, problem: null, interfaces: [], sessions: [] };
  }
}

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

interface FakeIpcMain {
  invoke(channel: string, senderUrl: string | null, ...args: unknown[]): unknown;
}

/** `invoke` as the page at `pageUrl`; `invokeFrom` as any sender; `value` unwraps an ok reply or throws. */
export function ipcCalls(ipcMain: FakeIpcMain, pageUrl: string) {
  const invokeFrom = (senderUrl: string | null, channel: string, ...args: unknown[]) => ipcMain.invoke(channel, senderUrl, ...args) as Promise<IpcResult>;
  const invoke = (channel: string, ...args: unknown[]) => invokeFrom(pageUrl, channel, ...args);
  const value = async <T>(channel: string, ...args: unknown[]): Promise<T> => {
    const result = await invoke(channel, ...args);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  return { invokeFrom, invoke, value };
}
