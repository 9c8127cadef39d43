// Direct transfer across network namespaces (PROTOCOL.md, "Direct transfer"):
// the host runs in a, the sender in b serves the file from an OfferServer bound
// to b's address, the receiver in c fetches it straight from b across the
// bridge. The sender never uploads to the relay, so only the direct path can
// deliver. Needs root (see netns.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLan, type Lan, type LanHost } from './netns.js';
import { FIXTURES, HOST_FIXTURE, lanSkipReason, lanTempDir, removeTempDirs } from './lan-helpers.js';

const FILE_PEER_FIXTURE = `${FIXTURES}/file-peer.ts`;
const SIZE = 8 * 1024 * 1024;

describe.skipIf(lanSkipReason !== null)('LAN: direct desktop-to-desktop transfer across network namespaces', () => {
  let lan: Lan;
  let a: LanHost;
  let b: LanHost;
  let c: LanHost;

  beforeAll(() => {
    lan = createLan(3);
    [a, b, c] = lan.hosts as [LanHost, LanHost, LanHost];
  });

  afterAll(async () => {
    await lan?.teardown();
    removeTempDirs();
  });

  it('a receiver in c downloads a file straight from the sender in b, verified', async () => {
    const host = lan.run(a, HOST_FIXTURE, ['--data-dir', lanTempDir(), '--address', a.address, '--plain', 'yes']);
    const ready = await host.waitFor((m) => m['type'] === 'ready', 15_000, 'ready');
    const url = `ws://${a.address}:${ready['port'] as number}/ws`;

    const receiver = lan.run(c, FILE_PEER_FIXTURE, ['--url', url, '--name', 'Carol', '--role', 'receiver']);
    await receiver.waitFor((m) => m['type'] === 'signed-in', 15_000, 'receiver signed in');
    const sender = lan.run(b, FILE_PEER_FIXTURE, ['--url', url, '--name', 'Bob', '--role', 'sender', '--address', b.address, '--size', String(SIZE)]);
    const offered = await sender.waitFor((m) => m['type'] === 'offered', 15_000, 'offered');
    expect(offered['urls']).toEqual([expect.stringMatching(new RegExp(`^http://${b.address.replace(/\./g, '\\.')}:\\d+/offers/[A-Za-z0-9_-]{22}$`))]);

    const done = await receiver.waitFor((m) => (m['type'] === 'downloaded' || m['type'] === 'download-failed') && m['fileId'] === offered['fileId'], 15_000, 'downloaded');
    console.log(`[test/lan] direct transfer b → c: ${SIZE} bytes in ${done['ms'] as number} ms via ${done['via'] as string}`);
    expect(done).toMatchObject({ type: 'downloaded', via: 'direct', sha256: offered['sha256'], bytes: SIZE, directFailure: null });

    await receiver.stop();
    await sender.stop();
    await host.stop('SIGTERM');
  });
});
