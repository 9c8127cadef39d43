// Direct transfer across network namespaces (PROTOCOL.md, "Direct transfer"),
// TLS end to end: the host (TLS) runs in a and is found over mDNS from c; the
// sender in b and the receiver in c trust it by the identity discovery
// announced; the sender serves the file from an OfferServer bound to b's
// address with its own device key; the receiver checks that key against the
// identity the host passed and fetches the file straight from b across the
// bridge. The sender never uploads to the relay, so only the direct path can
// deliver. Needs root (see netns.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLan, type Lan, type LanHost } from './netns.js';
import { BROWSER_FIXTURE, FIXTURES, HOST_FIXTURE, lanSkipReason, lanTempDir, removeTempDirs, sessionIn } from './lan-helpers.js';

const FILE_PEER_FIXTURE = `${FIXTURES}/file-peer.ts`;
const SIZE = 8 * 1024 * 1024;

describe.skipIf(lanSkipReason !== null)('LAN: direct desktop-to-desktop transfer across network namespaces', () => {
  let lan: Lan;
  let a: LanHost;
  let b: LanHost;
  let c: LanHost;

  beforeAll(async () => {
    lan = await createLan(3);
    [a, b, c] = lan.hosts as [LanHost, LanHost, LanHost];
  });

  afterAll(async () => {
    await lan?.teardown();
    removeTempDirs();
  });

  it('a receiver in c finds the session, trusts it by its announced identity and downloads a file straight from the sender in b over TLS, verified', async () => {
    const browser = lan.run(c, BROWSER_FIXTURE, ['--interface', c.address]);
    await browser.waitFor((m) => m['type'] === 'started', 15_000, 'browser started');
    const host = lan.run(a, HOST_FIXTURE, ['--data-dir', lanTempDir(), '--address', a.address]);
    const ready = await host.waitFor((m) => m['type'] === 'ready', 15_000, 'ready');
    const found = await browser.waitFor((m) => sessionIn(m, ready['id'] as string) !== undefined, 5000, 'the session discovered from c');
    const discovered = sessionIn(found, ready['id'] as string)!;
    expect(discovered.url).toBe(`wss://${a.address}:${ready['port'] as number}/ws`);
    const trust = ['--url', discovered.url, '--fingerprint', discovered.identity!];

    const receiver = lan.run(c, FILE_PEER_FIXTURE, [...trust, '--name', 'Carol', '--role', 'receiver']);
    await receiver.waitFor((m) => m['type'] === 'signed-in', 15_000, 'receiver signed in');
    const sender = lan.run(b, FILE_PEER_FIXTURE, [...trust, '--name', 'Bob', '--role', 'sender', '--address', b.address, '--size', String(SIZE)]);
    const offered = await sender.waitFor((m) => m['type'] === 'offered', 15_000, 'offered');
    expect(offered['urls']).toEqual([expect.stringMatching(new RegExp(`^https://${b.address.replace(/\./g, '\\.')}:\\d+/offers/[A-Za-z0-9_-]{22}$`))]);
    expect(offered['identity']).toMatch(/^[0-9a-f]{64}$/);
    expect(offered['identity']).not.toBe(discovered.identity);

    const done = await receiver.waitFor((m) => (m['type'] === 'downloaded' || m['type'] === 'download-failed') && m['fileId'] === offered['fileId'], 15_000, 'downloaded');
    console.log(`[test/lan] direct transfer b → c: ${SIZE} bytes in ${done['ms'] as number} ms via ${done['via'] as string}`);
    expect(done).toMatchObject({ type: 'downloaded', via: 'direct', sha256: offered['sha256'], bytes: SIZE, directFailure: null });

    await receiver.stop();
    await sender.stop();
    await browser.stop();
    await host.stop('SIGTERM');
  });
});
