// The DM crypto service (src-shared/e2e/dm-session.ts) with real ChatClients
// against a real host: encrypt once into the outbox (a DM queued offline goes
// once, as queued), edits and reactions, and state that outlives a run.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { memoryDeviceKeyStore, type DeviceKeyStore } from '../../src-shared/e2e/device-key-store.js';
import { DmSession, type DmReading } from '../../src-shared/e2e/dm-session.js';
import { memoryDmStateStore, type DmStateStore } from '../../src-shared/e2e/dm-state.js';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import type { ChatEvent, Message } from '../../src-shared/protocol/frames.js';
import { collect, startHost, type Harness } from '../helpers/host-harness.js';

let h: Harness;
const sessions: DmSession[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) s.dispose();
  await h?.stop();
});

interface Person {
  client: ChatClient;
  dm: DmSession;
  events: ReturnType<typeof collect>;
}

async function person(name: string, stores: { keyStore: DeviceKeyStore; stateStore: DmStateStore } = { keyStore: memoryDeviceKeyStore(), stateStore: memoryDmStateStore() }): Promise<Person> {
  const client = h.client();
  const dm = new DmSession({ client, ...stores });
  sessions.push(dm);
  const events = collect(client);
  await client.connect();
  await client.signIn({ name, password: 'secret-pw' });
  await dm.settled();
  return { client, dm, events };
}

const messages = (p: Person, clientMsgId: string): Message[] =>
  p.events.events.flatMap((e) => (e.type === 'message' && e.message.clientMsgId === clientMsgId ? [e.message] : []));
const updates = (p: Person, kind: string): Array<Extract<ChatEvent, { type: 'message.updated' }>> =>
  p.events.events.flatMap((e) => (e.type === 'message.updated' && e.change.kind === kind ? [e] : []));
const textOf = (reading: DmReading) => (reading.kind === 'decrypted' && reading.content.kind === 'text' ? reading.content.text : reading);

describe('DmSession', () => {
  it('a DM queued while the host is down is encrypted once and stored once after it is back; the receiver reads it', async () => {
    h = await startHost();
    const ann = await person('ann');
    const bob = await person('bob');
    const conv = dmKey(ann.client.me!.id, bob.client.me!.id);
    const first = await ann.dm.send(conv, 'hello bob');
    await first.done;
    await bob.events.waitFor(() => messages(bob, first.clientMsgId).length === 1);
    expect(textOf(await bob.dm.read(messages(bob, first.clientMsgId)[0]!, true))).toBe('hello bob');

    await h.host.stop();
    await expect.poll(() => ann.client.state).toBe('reconnecting');
    const queued = await ann.dm.send(conv, 'typed while the host was down'); // the roster as last known serves
    expect(ann.client.unsent).toEqual([{ conv, text: '', clientMsgId: queued.clientMsgId }]);
    await h.restart();
    const stored = await queued.done;
    expect(stored).toMatchObject({ text: '', clientMsgId: queued.clientMsgId, e2e: expect.any(String) });
    await bob.events.waitFor(() => messages(bob, queued.clientMsgId).length === 1);
    expect(textOf(await bob.dm.read(messages(bob, queued.clientMsgId)[0]!, true))).toBe('typed while the host was down');
    const { messages: history } = await bob.client.request('history', { conv });
    expect(history.filter((m) => m.clientMsgId === queued.clientMsgId)).toHaveLength(1);
    expect(history.find((m) => m.clientMsgId === queued.clientMsgId)!.e2e).toBe(stored.e2e);
  });

  it('an edit is a new envelope read live; a reaction carries the one already read (not a replay)', async () => {
    h = await startHost();
    const ann = await person('ann');
    const bob = await person('bob');
    const conv = dmKey(ann.client.me!.id, bob.client.me!.id);
    const sent = await ann.dm.send(conv, 'lunch at 12?');
    const message = await sent.done;
    await bob.events.waitFor(() => messages(bob, sent.clientMsgId).length === 1);
    expect(textOf(await bob.dm.read(messages(bob, sent.clientMsgId)[0]!, true))).toBe('lunch at 12?');

    await (await ann.dm.edit(message, 'lunch at 1?')).done;
    await bob.events.waitFor(() => updates(bob, 'edit').length === 1);
    expect(textOf(await bob.dm.read(updates(bob, 'edit')[0]!.message, true))).toBe('lunch at 1?');

    await bob.client.request('react', { seq: message.seq, emoji: '👍', on: true });
    await bob.events.waitFor(() => updates(bob, 'reaction').length === 1);
    const reacted = updates(bob, 'reaction')[0]!.message;
    expect(textOf(await bob.dm.read(reacted, false))).toBe('lunch at 1?');
    expect(await bob.dm.read(reacted, true)).toMatchObject({ kind: 'failed', code: 'replayed' });
  });

  it('counters and the roster outlive a run; a lost state file makes receivers refuse the reused counters (the documented caveat)', async () => {
    h = await startHost();
    const annDevice = { keyStore: memoryDeviceKeyStore(), stateStore: memoryDmStateStore() };
    let ann = await person('ann', annDevice);
    const bob = await person('bob');
    const conv = dmKey(ann.client.me!.id, bob.client.me!.id);
    const read = async (clientMsgId: string) => {
      await bob.events.waitFor(() => messages(bob, clientMsgId).length === 1);
      return bob.dm.read(messages(bob, clientMsgId)[0]!, true);
    };
    const one = await ann.dm.send(conv, 'one');
    expect(textOf(await read(one.clientMsgId))).toBe('one');

    ann.dm.dispose();
    ann.client.close();
    ann = await person('ann', annDevice); // the same device, started again
    const two = await ann.dm.send(conv, 'two');
    expect(textOf(await read(two.clientMsgId))).toBe('two');

    ann.dm.dispose();
    ann.client.close();
    ann = await person('ann', { keyStore: annDevice.keyStore, stateStore: memoryDmStateStore() }); // keys kept, state lost
    const three = await ann.dm.send(conv, 'three');
    expect(await read(three.clientMsgId)).toMatchObject({ kind: 'failed', code: 'replayed' });
  });

  it('history reads run together and never touch the replay guard: a page read at once decrypts, and the live delivery is still checked once', async () => {
    h = await startHost();
    const ann = await person('ann');
    const bob = await person('bob');
    const conv = dmKey(ann.client.me!.id, bob.client.me!.id);
    const sent = [];
    for (let i = 1; i <= 5; i++) sent.push(await (await ann.dm.send(conv, `page message ${i}`)).done);
    const { messages: page } = await bob.client.request('history', { conv, limit: 50 });
    expect(page).toHaveLength(5);
    // The whole page twice over, all at once (as the app opens a DM).
    const readings = await Promise.all([...page, ...page].map((m) => bob.dm.read(m, false)));
    expect(readings.map(textOf)).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5].map((i) => `page message ${i}`));
    // The live delivery of the newest passes the guard once; a second time it is a replay.
    expect(textOf(await bob.dm.read(sent[4]!, true))).toBe('page message 5');
    expect(await bob.dm.read(sent[4]!, true)).toMatchObject({ kind: 'failed', code: 'replayed' });
  });

  it('devicesListedSince: true once the other person publishes a device (then a DM to them goes), false when none comes in time', async () => {
    h = await startHost();
    const ann = await person('ann');
    // Bob signs in first with a client that publishes no device key (as a page does for a moment).
    const bare = h.client();
    await bare.connect();
    await bare.signIn({ name: 'bob', password: 'secret-pw' });
    const bobId = bare.me!.id;
    const conv = dmKey(ann.client.me!.id, bobId);
    await expect(ann.dm.send(conv, 'too early')).rejects.toMatchObject({ code: 'no_devices' });
    const since = Date.now();
    expect(await ann.dm.devicesListedSince(bobId, since, 200)).toBe(false);
    const listed = ann.dm.devicesListedSince(bobId, since, 5000);
    await person('bob'); // his app's device: published just after sign-in
    expect(await listed).toBe(true);
    // Asked again after the fact: answered at once from what was seen.
    expect(await ann.dm.devicesListedSince(bobId, since, 0)).toBe(true);
    const sent = await ann.dm.send(conv, 'now it goes');
    expect(await sent.done).toMatchObject({ clientMsgId: sent.clientMsgId, e2e: expect.any(String) });
    bare.close();
  });
});
