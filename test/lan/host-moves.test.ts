// A host that vanishes and comes back at another address (issue 11 item 4):
// three "computers" (namespaces a, b, c on one bridge, 10.77.0.1–3). The
// session host (`npm run host -- --advertise`) runs in a; terminal clients
// (`npm run chat`) in b and c chat through it. The host is killed (no
// goodbye, as in a crash or a power cut) while Bob types; then it starts
// again from the same data folder in c, at another address (and another
// port). Nobody tells the clients: they find the same session by its
// identity over mDNS, check it (pinned TLS), move there, resume with their
// tokens and deliver what was typed meanwhile — once. Needs root (netns.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from '../helpers/built-cli.js';
import { createLan, type Lan, type LanHost, type LanProcess } from './netns.js';
import { lanSkipReason, lanTempDir, removeTempDirs } from './lan-helpers.js';

describe.skipIf(lanSkipReason !== null)('LAN: a host that vanishes is found again at a new address', () => {
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

  async function startHost(where: LanHost, dataDir: string, extra: string[] = []): Promise<{ host: LanProcess; port: number; code: string }> {
    const host = lan.run(where, builtCli('host'), ['--port', '0', '--bind', where.address, '--advertise', '--data-dir', dataDir, ...extra]);
    await waitForText(host, /Announced on the local network/, 15_000);
    const port = Number(/Listening on port (\d+)/.exec(host.stdout())![1]);
    const code = /Session code: ([0-9A-F]{4}(?: [0-9A-F]{4}){4})/.exec(host.stdout())![1]!;
    return { host, port, code };
  }

  function chat(where: LanHost, address: string, name: string, extra: string[] = []): LanProcess {
    // Each "computer" has its own known-sessions file.
    return lan.run(where, builtCli('chat'), [address, '--name', name, '--password', 'secret-pw', ...extra], { XDG_DATA_HOME: lanTempDir() });
  }

  it('terminal clients follow the same session to its new address by themselves, losing and repeating nothing', async () => {
    const dataDir = lanTempDir();
    const first = await startHost(a, dataDir, ['--name', 'Office']);
    const bob = chat(b, `${a.address}:${first.port}`, 'bob');
    const carol = chat(c, `${a.address}:${first.port}`, 'carol');
    await waitForText(bob, /Signed in as bob/, 15_000);
    await waitForText(carol, /Signed in as carol/, 15_000);
    bob.child.stdin.write('before the crash\n');
    await waitForText(carol, /#general <bob> before the crash\n/, 5000);

    // The host vanishes: no goodbye on mDNS, nothing said to the clients.
    await first.host.stop('SIGKILL');
    await waitForText(bob, /Connection lost — reconnecting…/, 10_000);
    await waitForText(carol, /Connection lost — reconnecting…/, 10_000);
    bob.child.stdin.write('typed while the host was away\n');

    // The same session (same data folder, so the same identity) comes back in c, on another port.
    const movedAt = Date.now();
    const second = await startHost(c, dataDir);
    expect(second.code).toBe(first.code);
    expect(second.port).not.toBe(first.port);
    const newAddress = `${c.address}:${second.port}`;
    await waitForText(bob, new RegExp(`The session moved to ${escape(newAddress)}; reconnected\\.`), 20_000);
    await waitForText(carol, new RegExp(`The session moved to ${escape(newAddress)}; reconnected\\.`), 20_000);
    console.log(`[test/lan] both clients found the session at its new address ${Date.now() - movedAt} ms after the host started again`);

    // What Bob typed during the outage arrives once; the chat goes on both ways.
    await waitForText(carol, /#general <bob> typed while the host was away\n/, 10_000);
    carol.child.stdin.write('found you\n');
    await waitForText(bob, /#general <carol> found you\n/, 5000);

    bob.child.stdin.end();
    carol.child.stdin.end();
    expect(await bob.exit).toBe(0);
    expect(await carol.exit).toBe(0);
    for (const proc of [bob, carol]) {
      expect(count(proc.stdout(), 'before the crash')).toBe(1);
      expect(count(proc.stdout(), 'typed while the host was away')).toBe(1);
      expect(proc.stdout()).not.toMatch(/password|secret-pw/);
    }
    // No question was asked and no new sign-in made: only the first connection printed a code to compare.
    expect(count(bob.stdout(), 'First connection to this session')).toBe(1);
    expect(count(bob.stdout(), 'Signed in as bob')).toBe(1);
    await second.host.stop('SIGTERM');
  });

  it('a client does not follow another session announced under the same id with its own identity (a spoof)', async () => {
    const realDir = lanTempDir();
    const real = await startHost(a, realDir, ['--name', 'Office']);
    const bob = chat(b, `${a.address}:${real.port}`, 'bob');
    await waitForText(bob, /Signed in as bob/, 15_000);
    await real.host.stop('SIGKILL');
    await waitForText(bob, /Connection lost — reconnecting…/, 10_000);

    // An impostor in c copies the session's data but not its key: same session id, another identity.
    const spoofDir = lanTempDir();
    const { cpSync, rmSync, readdirSync } = await import('node:fs');
    cpSync(realDir, spoofDir, { recursive: true });
    for (const entry of readdirSync(spoofDir)) if (/identity|key|cert/i.test(entry)) rmSync(`${spoofDir}/${entry}`, { recursive: true, force: true });
    const spoof = await startHost(c, spoofDir);
    expect(spoof.code).not.toBe(real.code);

    // Several mDNS rounds later Bob is still waiting for the real host, and has sent nothing to the impostor.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(bob.stdout()).not.toMatch(/The session moved|Reconnected/);
    expect(bob.child.exitCode).toBeNull(); // still trying, not stopped by a refused identity
    expect(spoof.host.stdout()).not.toMatch(/bob/);
    await bob.stop('SIGTERM');
    await spoof.host.stop('SIGTERM');
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Waits (bounded) until a process's plain stdout matches. */
function waitForText(proc: LanProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (pattern.test(proc.stdout())) return resolve();
      if (proc.child.exitCode !== null || Date.now() - started > timeoutMs) {
        return reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms in:\n${proc.stdout()}\nstderr:\n${proc.stderr()}`));
      }
      setTimeout(poll, 50);
    };
    poll();
  });
}
