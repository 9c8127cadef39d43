// The terminal client's /topic, /rename, /archive, /members and /status
// against a real host: what the person types and what everyone sees.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, type Harness } from '../helpers/host-harness.js';
import { startTerminal, type Terminal } from '../helpers/terminal-driver.js';

let host: Harness;
let terminals: Terminal[];

beforeEach(async () => {
  host = await startHost({ sessionName: 'Terminal test' });
  terminals = [];
});

afterEach(async () => {
  for (const terminal of terminals) terminal.end();
  await Promise.all(terminals.map((t) => t.exit));
  await host.stop();
});

async function join(name: string): Promise<Terminal> {
  const terminal = startTerminal(host.client(), { name, password: 'secret-pw' });
  terminals.push(terminal);
  await terminal.waitForLine(`Signed in as ${name}`);
  return terminal;
}

describe('terminal channel care and profiles', () => {
  it('/topic and /rename by the creator reach the members; others are refused; /archive makes it read-only', async () => {
    await join('Admin'); // the first person is admin
    const alice = await join('Alice');
    const bob = await join('Bob');
    alice.type('/join plans');
    await alice.waitForLine('You are talking in #plans now');
    bob.type('/join plans');
    await bob.waitForLine('You are talking in #plans now');

    alice.type('/topic Friday lunch');
    await alice.waitForLine('* The topic of #plans is now: Friday lunch');
    await bob.waitForLine('* The topic of #plans is now: Friday lunch');
    alice.type('/rename lunch');
    await alice.waitForLine('* #plans is now #lunch.');
    await bob.waitForLine('* #plans was renamed to #lunch.');

    bob.type('/rename mine');
    expect(await bob.waitForLine(/^! /)).toMatch(/Only the person who created #lunch or an admin/);

    alice.type('/archive');
    await alice.waitForLine('* #lunch is archived: read-only, still searchable. /unarchive brings it back.');
    await bob.waitForLine('* #lunch was archived');
    bob.type('anyone?');
    expect(await bob.waitForLine(/archived: it is read-only/)).toMatch(/Ask its creator or an admin to unarchive it/);
  });

  it('/status and /name show in /members, online first', async () => {
    const alice = await join('Alice');
    const bob = await join('Bob');
    bob.type('/status 🍕 at lunch');
    await bob.waitForLine('* Your status: 🍕 at lunch');
    bob.type('/name Bobby B');
    await bob.waitForLine('* Others see you as Bobby B (@Bob).');
    alice.type('/members');
    await alice.waitForLine('* #general: 2 members, 2 online');
    await alice.waitForLine('  ● Bobby B (@Bob) — 🍕 at lunch');
    bob.type('/status');
    await bob.waitForLine('* Your status is cleared.');
  });
});
