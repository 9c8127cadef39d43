// The terminal client follows a session that was handed over (issue 11,
// PROTOCOL.md "Clients follow a move"): an admin's machine takes the session
// over, both terminal users see one line saying where it went, keep chatting
// there without typing a password, every line exactly once, and the new
// address is remembered for the same identity.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberMovedAddress } from '../../src-main/terminal/follow-move.js';
import { takeOverSession, type TakenOver } from '../../src-main/handover/take-over.js';
import { KnownSessions } from '../../src-main/trust/known-sessions.js';
import { decideTrust } from '../../src-main/trust/session-trust.js';
import { sessionCode } from '../../src-shared/session-identity.js';
import { startHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { startTerminal, type Terminal } from '../helpers/terminal-driver.js';

let h: Harness | undefined;
let taken: TakenOver | undefined;
let terminals: Terminal[] = [];

afterEach(async () => {
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

    const moving = takeOverSession({
      client: admin,
      origin: harness.httpBase,
      pin,
      dataDir: `${tempDir('parley-successor-')}/session`,
      hostOptions: { bindAddress: '127.0.0.1' },
      addresses: ['127.0.0.1'],
    });
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
});
