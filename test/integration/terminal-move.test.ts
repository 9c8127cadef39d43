// The terminal client follows a session that was handed over (issue 11,
// PROTOCOL.md "Clients follow a move"): an admin's machine takes the session
// over, both terminal users see one line saying where it went, keep chatting
// there without typing a password, every line exactly once, and the new
// address is remembered for the same identity.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberMovedAddress } from '../../src-main/terminal/follow-move.js';
import type { TakenOver } from '../../src-main/handover/take-over.js';
import { takeOverOnLoopback } from '../helpers/loopback-take-over.js';
import { KnownSessions } from '../../src-main/trust/known-sessions.js';
import { decideTrust } from '../../src-main/trust/session-trust.js';
import { sessionCode } from '../../src-shared/session-identity.js';
import { startHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { killStartedProcesses, runCli } from '../helpers/cli-process.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { startTerminal, type Terminal } from '../helpers/terminal-driver.js';

let h: Harness | undefined;
let taken: TakenOver | undefined;
let terminals: Terminal[] = [];

afterEach(async () => {
  await killStartedProcesses();
  for (const terminal of terminals) terminal.end();
  await Promise.all(terminals.map((t) => t.exit));
  terminals = [];
  await taken?.host.stop();
  taken = undefined;
  await h?.stop();
  h = undefined;
});

describe('terminal client after a hand-over', () => {
  it('follows the session to its new host: one line says so, chat goes on, every line once, no password again', async () => {
    h = await startHost({ sessionName: 'Move test' });
    const harness = h;
    const identity = harness.host.identity!;
    const pin = { certPem: identity.certPem, fingerprint: identity.fingerprint };
    // What this device remembers (chat-cli.ts remembered the old address on first contact).
    const known = new KnownSessions(tempDir('parley-known-'));
    known.remember(`127.0.0.1:${harness.host.port}`, pin, { sessionName: 'Move test' });

    const admin = await harness.signIn('Ann'); // the first account: admin
    const join = async (name: string) => {
      const client = harness.client();
      const signIns = vi.spyOn(client, 'signIn');
      const terminal = startTerminal(client, { name, password: 'secret-pw' }, 3000, {
        onMoved: (url) => rememberMovedAddress(known, pin, harness.url, url),
      });
      terminals.push(terminal);
      await terminal.waitForLine(`Signed in as ${name}`);
      return { terminal, signIns };
    };
    const bob = await join('Bob');
    const cat = await join('Cat');
    bob.terminal.type('before from bob');
    cat.terminal.type('before from cat');
    await bob.terminal.waitForLine('<Cat> before from cat');
    await cat.terminal.waitForLine('<Bob> before from bob');

    const moving = takeOverOnLoopback({ client: admin, origin: harness.httpBase, pin });
    // Typed while the hand-over runs: held by the old host, or sent again at the new one — shown once either way.
    bob.terminal.type('during from bob');
    taken = await moving;
    const newAddress = `127.0.0.1:${taken.host.port}`;

    for (const { terminal } of [bob, cat]) {
      expect(await terminal.waitForLine('The session moved')).toBe(`* The session moved to ${newAddress} (hand-over); reconnecting there.`);
      await terminal.waitForLine(`* Reconnected at ${newAddress}`);
    }
    cat.terminal.type('after from cat');
    bob.terminal.type('after from bob');
    for (const { terminal } of [bob, cat]) {
      await terminal.waitForLine('<Cat> after from cat');
      await terminal.waitForLine('<Bob> after from bob');
      await terminal.waitForLine('<Bob> during from bob');
      for (const text of ['before from bob', 'before from cat', 'during from bob', 'after from cat', 'after from bob']) {
        expect(terminal.lines(`> ${text}`), text).toHaveLength(1);
      }
      // The move is not a lost connection, and nobody is asked to sign in again.
      expect(terminal.output.join('\n')).not.toMatch(/Connection lost|Could not sign in|closed the connection/);
    }
    for (const { signIns } of [bob, cat]) expect(signIns).toHaveBeenCalledTimes(1);

    // The new address is remembered for the same identity: a later `npm run chat -- NEWHOST:PORT`
    // trusts it without a first-contact notice.
    expect(known.lookup(newAddress)).toMatchObject({ fingerprint: identity.fingerprint, sessionName: 'Move test' });
    const later = await decideTrust({ host: '127.0.0.1', port: taken.host.port, known });
    expect(later.status).toBe('trusted');
    expect(sessionCode(later.pin.fingerprint)).toBe(sessionCode(identity.fingerprint));

    // Leaving after the move: everything was delivered, exit 0.
    bob.terminal.end();
    cat.terminal.end();
    expect(await bob.terminal.exit).toBe(0);
    expect(await cat.terminal.exit).toBe(0);
  });

  it('the real `npm run chat` program follows too, and a later run at the new address needs no first-contact notice', async () => {
    h = await startHost({ sessionName: 'Move test' });
    const harness = h;
    const identity = harness.host.identity!;
    const pin = { certPem: identity.certPem, fingerprint: identity.fingerprint };
    const admin = await harness.signIn('Ann');
    // Its own per-user folder: known-sessions.json is this run's alone.
    const env = { XDG_DATA_HOME: tempDir('parley-xdg-') };
    const bob = runCli('chat', [`127.0.0.1:${harness.host.port}`, '--name', 'Bob', '--password', 'secret-pw'], { env });
    await bob.waitForOutput(/First connection to this session/);
    await bob.waitForOutput(/Signed in as Bob/);

    taken = await takeOverOnLoopback({ client: admin, origin: harness.httpBase, pin });
    const newAddress = `127.0.0.1:${taken.host.port}`;
    await bob.waitForOutput(/Reconnected at/);
    expect(bob.stdout()).toContain(`* The session moved to ${newAddress} (hand-over); reconnecting there.`);
    bob.child.stdin.end('hello from the new host\n');
    expect(await bob.exit).toBe(0);

    // The line typed after the move is stored once at the new host.
    const watcher = h.client({ url: `wss://${newAddress}/ws` });
    await watcher.connect();
    await watcher.signIn({ name: 'Cat', password: 'secret-pw' });
    const history = await watcher.request('history', { conv: channelKey(GENERAL_CHANNEL_ID) });
    expect(history.messages.filter((m) => m.kind === 'text' && m.text === 'hello from the new host')).toHaveLength(1);

    const known = JSON.parse(fs.readFileSync(path.join(env.XDG_DATA_HOME, 'parley', 'known-sessions.json'), 'utf8'));
    expect(known.sessions[newAddress].fingerprint).toBe(identity.fingerprint);
    const again = runCli('chat', [newAddress, '--name', 'Bob', '--password', 'secret-pw'], { env });
    again.child.stdin.end('');
    expect(await again.exit).toBe(0);
    expect(again.stdout()).toContain(`Session code ${identity.code} (as expected).`);
    expect(again.stdout()).not.toContain('First connection');
  });
});
