// advertiseChatHost: a real host (port 0, loopback) advertised over the
// in-memory mDNS bus; its TXT online count follows sign-ins and sign-outs
// (ChatHost.onOnlineCountChange), and stop() says goodbye.
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import { advertiseChatHost } from '../../src-main/discovery/host-advertising.js';
import { SessionBrowser } from '../../src-main/discovery/session-browser.js';
import { startHost, type Harness } from '../helpers/host-harness.js';
import { MemoryMulticastBus } from '../helpers/memory-mdns.js';

let harness: Harness | null = null;
let browser: SessionBrowser | null = null;
afterEach(async () => {
  await browser?.stop();
  await harness?.stop();
  browser = null;
  harness = null;
});

function waitFor(b: SessionBrowser, predicate: (s: DiscoveryStatus) => boolean, timeoutMs = 4000): Promise<DiscoveryStatus> {
  return new Promise((resolve, reject) => {
    if (predicate(b.status())) return resolve(b.status());
    const timer = setTimeout(() => reject(new Error(`timed out: ${JSON.stringify(b.status())}`)), timeoutMs);
    b.on('change', function onChange(status) {
      if (!predicate(status)) return;
      clearTimeout(timer);
      b.off('change', onChange);
      resolve(status);
    });
  });
}

describe('advertiseChatHost', () => {
  it('advertises a started host and keeps the online count current', async () => {
    harness = await startHost({ sessionName: 'Team room', passcode: 'let-me-in' });
    const bus = new MemoryMulticastBus();
    browser = new SessionBrowser({ bonjourFactory: bus.factory('10.9.0.2') });
    browser.start();
    const seenCounts: number[] = [];
    browser.on('change', (s) => {
      const online = s.sessions[0]?.online;
      if (online !== undefined && seenCounts.at(-1) !== online) seenCounts.push(online);
    });

    const ad = advertiseChatHost(harness.host, { bonjourFactory: bus.factory('10.9.0.1') });
    await ad.started;
    expect(ad.advertiser.status()).toMatchObject({ state: 'advertising', instanceName: 'Team room' });
    expect(ad.advertiser.currentTxt).toEqual({ v: '1', id: harness.host.sessionInfo.id, name: 'Team room', online: '0', passcode: '1', fp: harness.host.identity!.fingerprint });
    const found = await waitFor(browser, (s) => s.sessions.length === 1);
    expect(found.sessions[0]).toMatchObject({ id: harness.host.sessionInfo.id, name: 'Team room', port: harness.host.port, online: 0 });

    const ann = harness.client();
    await ann.connect();
    await ann.signIn({ name: 'Ann', password: 'secret-pw', passcode: 'let-me-in' });
    await waitFor(browser, (s) => s.sessions[0]?.online === 1);
    const bob = harness.client();
    await bob.connect();
    await bob.signIn({ name: 'Bob', password: 'secret-pw', passcode: 'let-me-in' });
    await waitFor(browser, (s) => s.sessions[0]?.online === 2);
    bob.close();
    await waitFor(browser, (s) => s.sessions[0]?.online === 1);
    expect(seenCounts).toEqual([0, 1, 2, 1]);

    await ad.stop();
    await waitFor(browser, (s) => s.sessions.length === 0, 1000);
    // No longer following the host: a later sign-in changes nothing (and throws nothing).
    const carol = harness.client();
    await carol.connect();
    await carol.signIn({ name: 'Carol', password: 'secret-pw', passcode: 'let-me-in' });
    expect(ad.advertiser.currentTxt.online).toBe('1');
  });

  it('needs a started host', () => {
    expect(() => advertiseChatHost({ sessionInfo: undefined, port: 0 } as never)).toThrow(/started host/);
  });
});
