// Two "computers" (namespaces a and b on a veth pair, 10.77.0.1–2): what
// discovery does when things go wrong — a host that dies without a goodbye
// expires, and a program holding UDP 5353 for itself is reported (not a
// crash), with browsing resuming once the port is free; a holder that shares
// the port (Avahi) does not get in the way. Needs root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLan, type Lan, type LanHost } from './netns.js';
import { atOf, BROWSER_FIXTURE, HOLD_PORT_FIXTURE, HOST_FIXTURE, lanSkipReason, lanTempDir, removeTempDirs, sessionIn, statusOf } from './lan-helpers.js';

describe.skipIf(lanSkipReason !== null)('LAN: discovery when things go wrong', () => {
  let lan: Lan;
  let a: LanHost;
  let b: LanHost;

  beforeAll(async () => {
    lan = await createLan(2);
    [a, b] = lan.hosts as [LanHost, LanHost];
  });

  afterAll(async () => {
    await lan?.teardown();
    removeTempDirs();
  });

  it('a host killed without a goodbye disappears once it stops answering re-queries (staleMs)', async () => {
    const browser = lan.run(b, BROWSER_FIXTURE, ['--interface', b.address, '--requery-ms', '500', '--stale-ms', '1500']);
    const host = lan.run(a, HOST_FIXTURE, ['--data-dir', lanTempDir(), '--address', a.address, '--name', 'Crashy']);
    const { id } = (await host.waitFor((m) => m['type'] === 'ready', 15_000, 'ready')) as { id: string };
    await browser.waitFor((m) => sessionIn(m, id) !== undefined, 15_000, 'the session');

    // Still listed after several re-query rounds while the host answers.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(statusOf(browser.messages.at(-1)!)?.sessions.map((s) => s.id)).toEqual([id]);

    const killedAt = Date.now();
    await host.stop('SIGKILL');
    const gone = await browser.waitFor((m) => atOf(m) >= killedAt && statusOf(m) !== null && sessionIn(m, id) === undefined, 5000, 'the session expired');
    const after = atOf(gone) - killedAt;
    console.log(`[test/lan] no goodbye: dropped ${after} ms after the host was killed (staleMs 1500, requery 500)`);
    expect(after).toBeGreaterThanOrEqual(900);
    expect(after).toBeLessThan(3500);
    await browser.stop();
  });

  it('shares port 5353 with another responder that allows sharing (as Avahi and mDNSResponder do)', async () => {
    const holder = lan.run(b, HOLD_PORT_FIXTURE, ['--reuse', 'yes']);
    await holder.waitFor((m) => m['type'] === 'holding', 15_000, 'holding');
    const browser = lan.run(b, BROWSER_FIXTURE, ['--interface', b.address]);
    const host = lan.run(a, HOST_FIXTURE, ['--data-dir', lanTempDir(), '--address', a.address, '--name', 'Shared port']);
    const { id } = (await host.waitFor((m) => m['type'] === 'ready', 15_000, 'ready')) as { id: string };
    const found = await browser.waitFor((m) => sessionIn(m, id) !== undefined, 5000, 'the session');
    expect(statusOf(found)).toMatchObject({ browsing: true, problem: null });
    await Promise.all([host.stop(), browser.stop(), holder.stop()]);
  });

  it('port 5353 held exclusively by another program: the problem is reported, nothing crashes, and browsing resumes when it is free', async () => {
    const holder = lan.run(a, HOLD_PORT_FIXTURE);
    await holder.waitFor((m) => m['type'] === 'holding', 15_000, 'holding');

    const browser = lan.run(a, BROWSER_FIXTURE, ['--interface', a.address, '--requery-ms', '500', '--stale-ms', '1500']);
    const failed = await browser.waitFor((m) => statusOf(m)?.browsing === false && statusOf(m)?.problem != null, 15_000, 'a problem');
    expect(statusOf(failed)!.problem).toMatch(/Another program holds UDP port 5353/);
    expect(statusOf(failed)!.interfaces).toEqual([{ name: a.ifname, address: a.address }]);

    // The advertiser in the same spot reports too; its host keeps serving.
    const host = lan.run(a, HOST_FIXTURE, ['--data-dir', lanTempDir(), '--address', a.address, '--name', 'Blocked']);
    const advertised = await host.waitFor((m) => m['type'] === 'advertised', 15_000, 'advertised');
    expect(advertised['status']).toMatchObject({ state: 'failed', problem: expect.stringMatching(/Could not announce the session.*UDP port 5353/) });
    expect(host.child.exitCode).toBeNull();
    expect(browser.child.exitCode).toBeNull();
    await host.stop();

    // Free the port: the browser retries on its own and finds a host in b.
    const releasedAt = Date.now();
    await holder.stop();
    const other = lan.run(b, HOST_FIXTURE, ['--data-dir', lanTempDir(), '--address', b.address, '--name', 'Over there']);
    const { id } = (await other.waitFor((m) => m['type'] === 'ready', 15_000, 'ready')) as { id: string };
    const found = await browser.waitFor((m) => atOf(m) >= releasedAt && sessionIn(m, id) !== undefined, 5000, 'the session in b');
    expect(statusOf(found)).toMatchObject({ browsing: true, problem: null });
    await other.stop();
    await browser.stop();
  });
});
