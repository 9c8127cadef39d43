// Shared bits of the LAN test files: fixture paths, the skip reason, and
// reading DiscoveryStatus out of a browser fixture's messages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DiscoveredSession, DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import { lanUnavailableReason } from './netns.js';

export const FIXTURES = 'test/lan/fixtures';
export const HOST_FIXTURE = `${FIXTURES}/advertised-host.ts`;
export const BROWSER_FIXTURE = `${FIXTURES}/session-browser.ts`;
export const CHAT_FIXTURE = `${FIXTURES}/chat-peer.ts`;
export const HOLD_PORT_FIXTURE = `${FIXTURES}/hold-mdns-port.ts`;

/** Why this machine cannot run the LAN suite (printed once), or null. */
export const lanSkipReason: string | null = (() => {
  const reason = lanUnavailableReason();
  if (reason) console.warn(`[test/lan] skipped: ${reason}`);
  return reason;
})();

export type Message = Record<string, unknown>;

export const statusOf = (message: Message): DiscoveryStatus | null =>
  message['type'] === 'change' || message['type'] === 'started' ? (message['status'] as DiscoveryStatus) : null;

export const sessionIn = (message: Message, id: string): DiscoveredSession | undefined =>
  statusOf(message)?.sessions.find((session) => session.id === id);

export const atOf = (message: Message): number => message['at'] as number;

const tempDirs: string[] = [];

/** A data folder for a host fixture; removeTempDirs() (afterAll) deletes them all. */
export function lanTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-lan-'));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
