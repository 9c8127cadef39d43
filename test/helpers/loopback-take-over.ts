// A take-over on this machine, as the tests drive it: the successor hosts on
// 127.0.0.1 (port 0) from a new temporary folder and tells clients that
// address; it trusts the old host's identity (`pin`).
import { takeOverSession, type TakenOver } from '../../src-main/handover/take-over.js';
import type { ChatHostOptions } from '../../src-main/host/chat-host.js';
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { tempDir } from './host-harness.js';

export function takeOverOnLoopback(options: {
  /** Signed in to the old host (an admin, or the person offered the session). */
  client: ChatClient;
  /** https://127.0.0.1:PORT of the old host. */
  origin: string;
  pin: SessionPin;
  offer?: string;
  hostOptions?: Omit<ChatHostOptions, 'dataDir' | 'passcode' | 'tls'>;
}): Promise<TakenOver> {
  return takeOverSession({
    client: options.client,
    origin: options.origin,
    pin: { certPem: options.pin.certPem, fingerprint: options.pin.fingerprint },
    dataDir: `${tempDir('parley-successor-')}/session`,
    hostOptions: { bindAddress: '127.0.0.1', ...options.hostOptions },
    addresses: ['127.0.0.1'],
    ...(options.offer !== undefined && { offer: options.offer }),
  });
}
