// A real host that this device already trusts, for the tests of main's own
// connections to it (avatars, file transfers): main refuses any host whose
// identity it has not pinned at that address (src-main/trust/), as a device
// that joined the session before would have.
import fs from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { KnownSessions } from '../../src-main/trust/known-sessions.js';
import { addressKey } from '../../src-main/trust/session-trust.js';
import { startHost, type Harness } from '../helpers/host-harness.js';

/** Pins `harness`'s identity at its loopback address in the app's user-data folder `userData`. */
export function trustHost(userData: string, harness: Harness): void {
  new KnownSessions(userData).remember(addressKey('127.0.0.1', harness.host.port), harness.host.identity!);
}

export interface TrustedHost {
  readonly harness: Harness;
  /** Alice, signed in to it (over the harness's own client). */
  readonly alice: ChatClient;
  /** "https://127.0.0.1:<port>", as the window names the host to main. */
  readonly hostHttpBase: string;
}

/** Call in a describe (after desktopAppPerTest): for each test a fresh trusted host with Alice signed in, stopped and removed after it. */
export function trustedHostPerTest(fake: { app: { getPath(name: 'userData'): string } }): TrustedHost {
  let current: { harness: Harness; alice: ChatClient } | null = null;
  const running = () => {
    if (!current) throw new Error('the trusted host starts in beforeEach');
    return current;
  };
  beforeEach(async () => {
    const harness = await startHost();
    trustHost(fake.app.getPath('userData'), harness);
    current = { harness, alice: await harness.signIn('alice') };
  });
  afterEach(async () => {
    const { harness } = running();
    current = null;
    await harness.stop();
    fs.rmSync(harness.dataDir, { recursive: true, force: true });
  });
  return {
    get harness() {
      return running().harness;
    },
    get alice() {
      return running().alice;
    },
    get hostHttpBase() {
      return `https://127.0.0.1:${running().harness.host.port}`;
    },
  };
}
