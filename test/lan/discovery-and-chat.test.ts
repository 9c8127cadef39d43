// Three "computers" (network namespaces a, b, c on one bridge, 10.77.0.1–3):
// a host advertised in a is found by a SessionBrowser in b over mDNS; people
// in a and b chat through it across the link; the TXT online count follows
// sign-ins; `npm run host -- --advertise` in c is listed by `npm run discover`
// in b; and a goodbye removes a session at once. Needs root (see netns.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { PROTOCOL_VERSION } from '../../src-shared/limits.js';
import { createLan, type Lan, type LanHost, type LanProcess } from './netns.js';
import { atOf, BROWSER_FIXTURE, CHAT_FIXTURE, HOST_FIXTURE, lanSkipReason, lanTempDir, removeTempDirs, sessionIn, statusOf } from './lan-helpers.js';
import { builtCli } from '../helpers/built-cli.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);

describe.skipIf(lanSkipReason !== null)('LAN: discovery and chat across network namespaces', () => {
  let lan: Lan;
  let a: LanHost;
  let b: LanHost;
  let c: LanHost;
  let host: LanProcess;
  let browserB: LanProcess;
  let session: { id: string; port: number; url: string; identity: string };

  beforeAll(async () => {
    lan = await createLan(3);
    [a, b, c] = lan.hosts as [LanHost, LanHost, LanHost];
  });

  afterAll(async () => {
    await lan?.teardown();
    removeTempDirs();
  });

  it('finds a host advertised in namespace a from namespace b within 3 s, with name, id, online count, address and port', async () => {
    browserB = lan.run(b, BROWSER_FIXTURE, ['--interface', b.address]);
    await browserB.waitFor((m) => m['type'] === 'started', 15_000, 'started');
    host = lan.run(a, HOST_FIXTURE, ['--data-dir', lanTempDir(), '--address', a.address, '--name', 'Design team']);
    const ready = await host.waitFor((m) => m['type'] === 'ready', 15_000, 'ready');
    const id = ready['id'] as string;
    const port = ready['port'] as number;

    const found = await browserB.waitFor((m) => sessionIn(m, id) !== undefined, 5000, `a status listing session ${id}`);
    const advertised = await host.waitFor((m) => m['type'] === 'advertised', 5000, 'advertised');
    const discovered = sessionIn(found, id)!;
    const sinceAdvertiseStart = atOf(found) - (ready['advertiseStartedAt'] as number);
    const sinceAnnouncement = atOf(found) - atOf(advertised);
    console.log(
      `[test/lan] discovery across the link: found in b ${sinceAdvertiseStart} ms after the advertiser started in a ` +
        `(most of it the RFC 6762 name probe, 3 × 250 ms; the announcement itself arrived within ${Math.max(0, sinceAnnouncement)} ms)`,
    );
    expect(sinceAdvertiseStart).toBeLessThan(3000);

    expect(discovered).toEqual({
      id,
      name: 'Design team',
      hostName: expect.stringMatching(/\.local$/),
      addresses: expect.arrayContaining([a.address]),
      port,
      online: 0,
      protocol: PROTOCOL_VERSION,
      passcodeRequired: false,
      identity: expect.stringMatching(/^[0-9a-f]{64}$/),
      url: `wss://${a.address}:${port}/ws`,
    });
    expect(discovered.addresses[0]).toBe(a.address);
    const status = statusOf(found)!;
    expect(status.browsing).toBe(true);
    expect(status.problem).toBeNull();
    expect(status.interfaces).toEqual([{ name: b.ifname, address: b.address }]);
    expect((advertised['status'] as { state: string; instanceName: string }).state).toBe('advertising');
    expect((advertised['status'] as { instanceName: string }).instanceName).toBe('Design team');
    session = { id, port, url: discovered.url, identity: discovered.identity! };
  });

  it('a browser started later (namespace c) gets the answer to its query', async () => {
    const browserC = lan.run(c, BROWSER_FIXTURE, ['--interface', c.address]);
    const started = await browserC.waitFor((m) => m['type'] === 'started', 15_000, 'started');
    const found = await browserC.waitFor((m) => sessionIn(m, session.id) !== undefined, 3000, `session ${session.id}`);
    console.log(`[test/lan] a browser started after the host found it ${atOf(found) - atOf(started)} ms after starting`);
    expect(sessionIn(found, session.id)!.url).toBe(session.url);
    await browserC.stop();
  });

  it('people in b (through the discovered URL) and a chat across the link, and the TXT online count follows them', async () => {
    // Bob pins the identity the announcement carried, as the desktop app does with a discovered session.
    const bob = lan.run(b, CHAT_FIXTURE, ['--url', session.url, '--name', 'Bob', '--fingerprint', session.identity]);
    await bob.waitFor((m) => m['type'] === 'signed-in', 15_000, 'signed-in');
    const oneOnline = await browserB.waitFor((m) => sessionIn(m, session.id)?.online === 1, 5000, 'online = 1');

    const alice = lan.run(a, CHAT_FIXTURE, ['--url', `wss://${a.address}:${session.port}/ws`, '--name', 'Alice', '--fingerprint', session.identity]);
    const aliceIn = await alice.waitFor((m) => m['type'] === 'signed-in', 15_000, 'signed-in');
    const twoOnline = await browserB.waitFor((m) => sessionIn(m, session.id)?.online === 2, 5000, 'online = 2');
    console.log(`[test/lan] TXT online count reached b ${atOf(twoOnline) - atOf(aliceIn)} ms after the sign-in`);
    expect(atOf(oneOnline)).toBeLessThan(atOf(twoOnline));

    bob.send({ send: { conv: GENERAL, text: 'hello from b' } });
    const atAlice = await alice.waitFor((m) => m['type'] === 'message' && m['text'] === 'hello from b', 5000, 'Bob’s message');
    expect(atAlice).toMatchObject({ conv: GENERAL, fromName: 'Bob' });
    alice.send({ send: { conv: GENERAL, text: 'hello from a' } });
    const atBob = await bob.waitFor((m) => m['type'] === 'message' && m['text'] === 'hello from a', 5000, 'Alice’s message');
    expect(atBob).toMatchObject({ conv: GENERAL, fromName: 'Alice' });

    const leftAt = Date.now();
    await bob.stop();
    await browserB.waitFor((m) => atOf(m) >= leftAt && sessionIn(m, session.id)?.online === 1, 5000, 'online back to 1');
    await alice.stop();
  });

  it('`npm run host -- --advertise` in c is listed by `npm run discover` in b, next to the session in a', async () => {
    const dataDir = lanTempDir();
    const cliHost = lan.run(c, builtCli('host'), ['--port', '0', '--bind', c.address, '--advertise', '--data-dir', dataDir, '--name', 'Lab bench']);
    try {
      await waitForText(cliHost, /Announced on the local network as “Lab bench” \(mDNS on 10\.77\.0\.3\)/, 15_000);
      const port = Number(/Listening on port (\d+)/.exec(cliHost.stdout())![1]);

      const discover = lan.run(b, builtCli('discover'), ['--seconds', '2', '--json', '--interface', b.address]);
      expect(await discover.exit).toBe(0);
      const status = JSON.parse(discover.stdout().trim()) as { sessions: Array<{ name: string; url: string }> };
      expect(status.sessions.map((s) => [s.name, s.url])).toEqual([
        ['Design team', session.url],
        ['Lab bench', `wss://${c.address}:${port}/ws`],
      ]);

      const human = lan.run(b, builtCli('discover'), ['--seconds', '1.5']);
      expect(await human.exit).toBe(0);
      expect(human.stdout()).toContain(`Network interfaces: ${b.ifname} ${b.address}`);
      expect(human.stdout()).toContain('Found 2 sessions:');
      expect(human.stdout()).toContain(`npm run chat -- ${c.address}:${port} --name NAME --password PW`);
      // The code the host printed, as announced, to compare with its screen.
      const code = /Session code: ([0-9A-F ]{24})/.exec(cliHost.stdout())![1]!;
      expect(human.stdout()).toContain(`session code: ${code} (as announced`);

      const stoppedAt = Date.now();
      expect(await cliHost.stop('SIGTERM')).toBe(0);
      expect(cliHost.stdout()).toContain('Stopped.');
      await browserB.waitFor(
        (m) => atOf(m) >= stoppedAt && statusOf(m)?.sessions.some((s) => s.name === 'Lab bench') === false && sessionIn(m, session.id) !== undefined,
        5000,
        'Lab bench gone after its goodbye',
      );
    } finally {
      await cliHost.stop('SIGKILL');
    }
  });

  it('when the host in a stops, its goodbye removes it from b at once', async () => {
    const stoppedAt = Date.now();
    await host.stop('SIGTERM');
    expect(host.messages.some((m) => m['type'] === 'stopped')).toBe(true);
    const gone = await browserB.waitFor((m) => atOf(m) >= stoppedAt && statusOf(m) !== null && sessionIn(m, session.id) === undefined, 3000, 'the session gone');
    console.log(`[test/lan] goodbye: gone from b ${atOf(gone) - stoppedAt} ms after SIGTERM to the host`);
    expect(statusOf(gone)!.sessions).toEqual([]);
    await browserB.stop();
  });
});

/** Waits until a process's plain stdout matches. */
function waitForText(proc: LanProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (pattern.test(proc.stdout())) return resolve();
      if (proc.child.exitCode !== null || Date.now() - started > timeoutMs) {
        return reject(new Error(`no ${String(pattern)} in:\n${proc.stdout()}\nstderr:\n${proc.stderr()}`));
      }
      setTimeout(poll, 50);
    };
    poll();
  });
}
