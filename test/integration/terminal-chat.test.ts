// The terminal client's logic against a real host (port 0, temp dir) with real
// `ws` clients: what people type, what they see.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import { NodeWebSocket, startHost, type Harness } from '../helpers/host-harness.js';
import { startTerminal, type Terminal } from '../helpers/terminal-driver.js';

let host: Harness;
let terminals: Terminal[];

beforeEach(async () => {
  // Generous rate limits: the history test sends many messages at once.
  host = await startHost({ sessionName: 'Terminal test', limits: { ratePerSecond: 1000, burst: 1000 } });
  terminals = [];
});

afterEach(async () => {
  for (const terminal of terminals) terminal.end();
  await Promise.all(terminals.map((t) => t.exit));
  await host.stop();
});

async function join(name: string, password = 'secret-pw'): Promise<Terminal> {
  const terminal = startTerminal(host.client(), { name, password });
  terminals.push(terminal);
  await terminal.waitForLine(`Signed in as ${name}`);
  return terminal;
}

/** Once `terminal` prints `marker` (sent later to #general), everything sent before it has reached it too. */
async function barrier(from: Terminal, to: Terminal, marker: string): Promise<void> {
  from.type(marker);
  await to.waitForLine(`> ${marker}`);
}

describe('terminal chat', () => {
  it('signs in, shows who you are and the session', async () => {
    const alice = await join('Alice');
    expect(alice.output).toContain('* Signed in as Alice (admin) to “Terminal test”.');
    expect(await alice.waitForLine('Online:')).toMatch(/Online: Alice\. You are in #general/);
  });

  it('chats in a channel and by DM; a third person never sees the DM', async () => {
    const alice = await join('Alice');
    const bob = await join('Bob');
    const carol = await join('Carol');
    await alice.waitForLine('* Bob is online');

    alice.type('hello everyone');
    expect(await bob.waitForLine('hello everyone')).toMatch(/^\[\d\d:\d\d\] #general <Alice> hello everyone$/);
    await carol.waitForLine('#general <Alice> hello everyone');

    alice.type('/msg bob psst, lunch?');
    expect(await bob.waitForLine('psst')).toMatch(/^\[\d\d:\d\d\] DM Alice → you: psst, lunch\?$/);
    expect(await alice.waitForLine('psst')).toMatch(/^\[\d\d:\d\d\] DM you → Bob: psst, lunch\?$/);

    bob.type('/msg ALICE sure'); // names are matched case-insensitively
    expect(await alice.waitForLine('sure')).toMatch(/DM Bob → you: sure$/);

    await barrier(alice, carol, 'barrier one');
    await barrier(alice, bob, 'barrier two');
    expect(carol.output.join('\n')).not.toMatch(/psst|sure/);
    // Your own messages print once, from the host's echo.
    expect(alice.lines('hello everyone')).toHaveLength(1);
    expect(alice.lines('psst')).toHaveLength(1);
    expect(bob.lines('sure')).toHaveLength(1);
  });

  it('turns :shortcode:s into emoji like the app, but not inside `code`', async () => {
    const alice = await join('Alice');
    const bob = await join('Bob');
    alice.type('we shipped :tada: :+1: `make :tada:` :no_such_emoji:');
    expect(await bob.waitForLine('we shipped')).toMatch(/<Alice> we shipped 🎉 👍 `make :tada:` :no_such_emoji:$/);
  });

  it('/join creates a missing channel and joins it; /leave goes back to #general', async () => {
    const alice = await join('Alice');
    const bob = await join('Bob');
    const carol = await join('Carol');

    alice.type('/join #Design');
    await alice.waitForLine('* #design did not exist, so you created it. You are talking in #design now.');
    await bob.waitForLine('#design was created by Alice');

    bob.type('/join design');
    await bob.waitForLine('* You are talking in #design now (2 members).');
    await alice.waitForLine('#design * Bob joined');

    bob.type('mockups are up');
    expect(await alice.waitForLine('mockups')).toMatch(/#design <Bob> mockups are up$/);

    bob.type('/channels');
    await bob.waitForLine('#general  (3 members, joined)');
    await bob.waitForLine('#design  (2 members, joined, current)');

    bob.type('/leave');
    await bob.waitForLine('* You left #design. Back in #general.');
    await alice.waitForLine('#design * Bob left');
    bob.type('back in general');
    await alice.waitForLine('#general <Bob> back in general');

    bob.type('/leave');
    expect(await bob.waitForLine(/^! /)).toMatch(/Everyone stays in #general/);

    await barrier(bob, carol, 'barrier'); // Bob is back in #general; Alice is still in #design
    expect(carol.output.join('\n')).not.toContain('mockups');
  });

  it('/users lists who is online and offline', async () => {
    const alice = await join('Alice');
    const carol = await join('Carol');
    carol.type('/quit');
    expect(await carol.exit).toBe(0);
    await alice.waitForLine('* Carol is offline');
    await join('Bob');

    alice.type('/users');
    expect(await alice.waitForLine('Online (')).toBe('* Online (2): Alice (you) (admin), Bob');
    expect(await alice.waitForLine('Offline (')).toBe('* Offline (1): Carol');
  });

  it('/history shows the latest 50 here, and /history more the older ones', async () => {
    const alice = await join('Alice');
    for (let i = 1; i <= 60; i++) alice.type(`note ${i}`);
    await alice.waitForLine('<Alice> note 60');

    const bob = await join('Bob');
    bob.type('/history');
    await bob.waitForLine('* Last 50 messages in #general:');
    await bob.waitForLine('* /history more shows older ones.');
    // The latest 50: notes 12–60 and Bob's own arrival.
    expect(bob.lines(/#general <Alice> note \d+$/)).toHaveLength(49);
    expect(bob.lines(/<Alice> note 12$/)).toHaveLength(1);
    expect(bob.lines(/<Alice> note 11$/)).toHaveLength(0);

    bob.type('/history more');
    await bob.waitForLine('* Older 12 messages in #general:');
    await bob.waitForLine('* That is the start of #general.');
    expect(bob.lines(/<Alice> note 1$/)).toHaveLength(1);
    expect(bob.lines(/<Alice> note 11$/)).toHaveLength(1);
    expect(bob.lines('#general * Alice joined')).toHaveLength(1);
  });

  it('/thread N TEXT replies in a thread, marked as such for everyone; /thread N shows it; /thread+ also sends it here', async () => {
    const alice = await join('Alice');
    const bob = await join('Bob');
    alice.type('lunch plans?');
    await bob.waitForLine('<Alice> lunch plans?');
    bob.type('/history');
    const rootLine = await bob.waitForLine(/^#\d+ .*<Alice> lunch plans\?$/);
    const root = Number(/^#(\d+)/.exec(rootLine)![1]);

    bob.type(`/thread ${root} pizza`);
    expect(await alice.waitForLine('pizza')).toMatch(new RegExp(`^\\[\\d\\d:\\d\\d\\] #general <Bob> ↳ in thread #${root}: pizza$`));
    alice.type(`/thread+ ${root} pizza it is`);
    expect(await bob.waitForLine('pizza it is')).toContain(`<Alice> ↳ in thread #${root}, also here: pizza it is`);

    alice.type(`/thread ${root}`);
    await alice.waitForLine(`* Thread of #${root}:`);
    expect(await alice.waitForLine(/lunch plans\? \[2 replies/)).toContain(`[2 replies: /thread ${root}]`);
    await alice.waitForLine(/^#\d+ .*<Alice> ↳ in thread #\d+, also here: pizza it is$/);

    // The thread's own reply stays out of the conversation's history; the also-sent one is in it.
    const bobsInThread = alice.lines(/^#\d+ .*<Bob> ↳ in thread/).length; // 1: in the thread listing
    alice.type('/history');
    await alice.waitForLine('* That is the start of #general.');
    expect(alice.lines(/^#\d+ .*<Bob> ↳ in thread/)).toHaveLength(bobsInThread);
    expect(alice.lines(/^#\d+ .*also here: pizza it is$/)).toHaveLength(2); // in the thread listing, and in history
    alice.type('/thread nope');
    await alice.waitForLine('! Which message? /thread N');
  });

  it('explains unknown commands and unknown people', async () => {
    const alice = await join('Alice');
    alice.type('/frobnicate now');
    expect(await alice.waitForLine('Unknown command')).toBe('! Unknown command /frobnicate — type /help');

    alice.type('/msg Nobody are you there?');
    expect(await alice.waitForLine('Nobody called')).toBe('! Nobody called “Nobody” is in this session — /users lists who is.');

    alice.type('/msg alice note to self');
    expect(await alice.waitForLine('That is you')).toMatch(/^! /);

    alice.type('/join');
    expect(await alice.waitForLine('Which channel?')).toMatch(/^! /);

    alice.type('/help');
    await alice.waitForLine('/msg NAME TEXT');
    expect(alice.output.join('\n')).not.toMatch(/are you there|note to self/);
  });

  it('finds names with spaces in /msg, and /msg NAME switches to that DM', async () => {
    const alice = await join('Alice');
    const mary = await join('Mary Ann');
    alice.type('/msg mary ann hi Mary');
    expect(await mary.waitForLine('hi Mary')).toMatch(/DM Alice → you: hi Mary$/);

    alice.type('/msg "Mary Ann"', 'just us now');
    await alice.waitForLine('* Talking to Mary Ann directly now');
    expect(await mary.waitForLine('just us now')).toMatch(/DM Alice → you: just us now$/);
    alice.type('/history');
    await alice.waitForLine('* Last 2 messages in DM Mary Ann:');
  });

  it('at end of input, waits for every message to be acknowledged and exits 0', async () => {
    const bob = await join('Bob');
    const alice = startTerminal(host.client(), { name: 'Alice', password: 'secret-pw' });
    terminals.push(alice);
    // Piped input: all of it at once, then EOF, before sign-in has even finished.
    alice.type('first', '/join ops', 'second', '/msg bob third');
    alice.end();
    expect(await alice.exit).toBe(0);
    for (const text of ['#general <Alice> first', '#ops <Alice> second', 'DM you → Bob: third']) {
      expect(alice.lines(text)).toHaveLength(1);
    }
    await bob.waitForLine('DM Alice → you: third');
  });

  it('/quit stops reading: later lines are not sent', async () => {
    const bob = await join('Bob');
    const alice = await join('Alice');
    alice.type('before quit', '/quit', 'after quit');
    expect(await alice.exit).toBe(0);
    await barrier(bob, bob, 'bob barrier');
    expect(bob.lines('before quit')).toHaveLength(1);
    expect(bob.lines('after quit')).toHaveLength(0);
  });

  it('says when the connection drops and comes back, and delivers what was missed', async () => {
    const alice = await join('Alice');
    const bob = await join('Bob');
    await host.restart();
    await alice.waitForLine('* Connection lost — reconnecting…');
    await alice.waitForLine('* Reconnected');
    await bob.waitForLine('* Reconnected');
    bob.type('after the restart');
    await alice.waitForLine('#general <Bob> after the restart');
    expect(alice.lines('Connection lost')).toHaveLength(1);
  });

  it('shows messages missed while away when signing in again', async () => {
    const alice = await join('Alice');
    alice.type('/quit');
    await alice.exit;
    const bob = await join('Bob');
    bob.type('/msg alice while you were out');
    await bob.waitForLine('DM you → Alice: while you were out');
    const again = await join('Alice');
    await again.waitForLine('DM Bob → you: while you were out');
  });

  it('a wrong password prints the host’s message and exits 1', async () => {
    const alice = await join('Alice');
    alice.end();
    const impostor = startTerminal(host.client(), { name: 'alice', password: 'not-the-password' });
    expect(await impostor.exit).toBe(1);
    expect(impostor.output.join('\n')).toMatch(/^! Could not sign in: Wrong password for “Alice”/m);
  });

  it('an unreachable host prints a clear message and exits 1', async () => {
    const client = new ChatClient({ url: 'ws://127.0.0.1:1/ws', WebSocket: NodeWebSocket });
    const terminal = startTerminal(client, { name: 'Alice', password: 'secret-pw' });
    expect(await terminal.exit).toBe(1);
    expect(terminal.output.join('\n')).toMatch(/^! Could not reach the host at ws:\/\/127\.0\.0\.1:1\/ws/m);
  });
});

describe('terminal chat: edits, deletions, reactions, replies and search (0.5.0)', () => {
  it('shows an edit, a deletion and a reaction by others as lines of their own', async () => {
    const root = await host.signIn('Root'); // the first account: admin
    const alice = await join('Alice');
    const bob = await host.signIn('Bob');

    const plan = await bob.send('ch:1', 'first version of the plan').done;
    await alice.waitForLine('#general <Bob> first version of the plan');

    await bob.request('message.edit', { seq: plan.seq, text: 'second version of the plan' });
    expect(await alice.waitForLine('edited:')).toMatch(/^\[\d\d:\d\d\] #general ✎ Bob edited: second version of the plan$/);

    await root.request('react', { seq: plan.seq, emoji: '👍', on: true });
    expect(await alice.waitForLine('reacted')).toMatch(/^\[\d\d:\d\d\] #general Root reacted 👍 to “second version of the plan”$/);
    await root.request('react', { seq: plan.seq, emoji: '👍', on: false });
    expect(await alice.waitForLine('removed')).toMatch(/^\[\d\d:\d\d\] #general Root removed 👍 from “second version of the plan”$/);

    const oops = await bob.send('ch:1', 'oops, wrong channel').done;
    await alice.waitForLine('<Bob> oops, wrong channel');
    await bob.request('message.delete', { seq: oops.seq });
    expect(await alice.waitForLine('deleted a message')).toMatch(/^\[\d\d:\d\d\] #general ✖ Bob deleted a message$/);

    const spam = await bob.send('ch:1', 'buy cheap watches').done;
    await alice.waitForLine('<Bob> buy cheap watches');
    await root.request('message.delete', { seq: spam.seq });
    expect(await alice.waitForLine("deleted Bob's message")).toMatch(/^\[\d\d:\d\d\] #general ✖ Root \(admin\) deleted Bob's message$/);

    await bob.send('ch:1', 'agreed, ship it', undefined, { replyTo: plan.seq }).done;
    expect(await alice.waitForLine('agreed, ship it')).toMatch(/#general <Bob> ↪ Bob: “second version of the plan” agreed, ship it$/);

    alice.type('/history');
    await alice.waitForLine(/^\* Last \d+ messages in #general:$/);
    await alice.waitForLine('That is the start of #general');
    expect(alice.lines(/#general <Bob> second version of the plan \(edited\)$/)).toHaveLength(1);
    expect(alice.lines(/#general <Bob> ✖ message deleted$/)).toHaveLength(2);
    expect(alice.output.join('\n')).not.toContain('buy cheap watches (');
  });

  it('/search finds messages in one’s channels and DMs, never another pair’s DM', async () => {
    const alice = await join('Alice');
    const bob = await host.signIn('Bob');
    const carol = await host.signIn('Carol');
    const dave = await host.signIn('Dave');

    await carol.send(dmKey(carol.me!.id, dave.me!.id), 'the zebra password is hunter2').done;
    await bob.send('ch:1', 'mind the zebra crossing').done;
    const { users } = await bob.request('users.list', {});
    const aliceId = users.find((u) => u.name === 'Alice')!.id;
    await bob.send(dmKey(bob.me!.id, aliceId), 'zebra stripes, as promised').done;
    await alice.waitForLine('zebra stripes, as promised');

    alice.type('/search zebra');
    await alice.waitForLine('* 2 messages matching “zebra”, newest first:');
    const hits = alice.lines(/«zebra»/);
    expect(hits).toHaveLength(2);
    expect(hits[0]).toMatch(/^ {2}\[\d\d:\d\d\] DM Bob <Bob> «zebra» stripes, as promised$/);
    expect(hits[1]).toMatch(/^ {2}\[\d\d:\d\d\] #general <Bob> mind the «zebra» crossing$/);
    expect(alice.output.join('\n')).not.toContain('hunter2');

    alice.type('/search zeb'); // the last word also as a prefix
    await alice.waitForLine('matching “zeb”');

    alice.type('/search nothing-like-this');
    expect(await alice.waitForLine('No messages match')).toBe('* No messages match “nothing-like-this” in your channels and DMs.');

    alice.type('/search !!! ???');
    expect(await alice.waitForLine('Cannot search')).toMatch(/^! Cannot search for “!!! \?\?\?”: \S/);
    alice.type(`/search ${'word '.repeat(17)}`);
    await alice.waitForLine(/^! Cannot search for “word word/);

    alice.type('/search');
    expect(await alice.waitForLine('What to look for?')).toMatch(/^! /);
  });

  it('/search says when there are more hits than shown, and /search more pages on', async () => {
    const alice = await join('Alice');
    const bob = await host.signIn('Bob');
    for (let i = 1; i <= 25; i++) bob.send('ch:1', `walrus report ${i}`);
    await alice.waitForLine('<Bob> walrus report 25');

    alice.type('/search walrus');
    await alice.waitForLine('* 20+ messages matching “walrus”, newest first:');
    await alice.waitForLine('* More than 20 match — refine the search');
    expect(alice.lines(/«walrus» report \d+$/)).toHaveLength(20);
    expect(alice.lines(/«walrus» report 25$/)).toHaveLength(1);
    expect(alice.lines(/«walrus» report 5$/)).toHaveLength(0);

    alice.type('/search more');
    await alice.waitForLine('* Older messages matching “walrus”, newest first:');
    await alice.waitForLine(/«walrus» report 1$/);
    expect(alice.lines(/«walrus» report \d+$/)).toHaveLength(25);
    expect(alice.lines('More than')).toHaveLength(1); // the second page was the last
  });
});
