// The outbox saved on the device: a reload (a new ChatClient over the same
// storage) sends what was typed, edited, deleted or reacted to offline, once,
// after the next sign-in as the same person — against a real host.
import { afterEach, describe, expect, it } from 'vitest';
import { ChatError, type ChatClient } from '../../src-shared/chat-client.js';
import { memoryOutboxStorage, type OutboxStorage } from '../../src-shared/outbox-store.js';
import type { RestoredEntry } from '../../src-shared/outbox.js';
import { startHost, type Harness, sleep } from '../helpers/host-harness.js';

const GENERAL = 'ch:1';
let h: Harness | null = null;

afterEach(async () => {
  await h?.stop();
  h = null;
});

/** "Reloads the page": a new client over the same storage, resumed with the saved token. */
async function reload(harness: Harness, storage: OutboxStorage, token: string): Promise<{ client: ChatClient; restored: RestoredEntry[] }> {
  const client = harness.client({ outboxStorage: storage });
  const restored: RestoredEntry[] = [];
  client.on('restored', (entries) => restored.push(...entries));
  await client.connect();
  await client.resume(token);
  return { client, restored };
}

async function generalTexts(client: ChatClient): Promise<string[]> {
  const { messages } = await client.request('history', { conv: GENERAL, limit: 200 });
  return messages.filter((m) => m.kind === 'text').map((m) => m.text);
}

async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('ChatClient outbox saved on the device', () => {
  it('sends what was typed offline exactly once after a reload and the next sign-in', async () => {
    h = await startHost();
    const storage = memoryOutboxStorage();
    const alice = await h.signIn('Alice', 'secret-pw', { outboxStorage: storage });
    const token = alice.token!;
    await h.host.stop();
    await until(() => alice.state === 'reconnecting');
    const typed = ['one', 'two', 'three'];
    for (const text of typed) alice.send(GENERAL, text).done.catch(() => {});
    expect(storage.records.size).toBe(1);
    alice.close(); // the page goes away before the host is back

    await h.restart();
    const { client, restored } = await reload(h, storage, token);
    expect(restored.map((e) => e.item.kind === 'send' && e.item.text)).toEqual(typed);
    const stored = await Promise.all(restored.map((e) => e.done));
    expect(stored.map((m) => m.text)).toEqual(typed);
    expect(await generalTexts(client)).toEqual(typed);
    expect(storage.records.size).toBe(0); // acknowledged: nothing left on the device
  });

  it('stores a message once when the host had acknowledged it just before the reload', async () => {
    h = await startHost();
    const storage = memoryOutboxStorage();
    const alice = await h.signIn('Alice', 'secret-pw', { outboxStorage: storage });
    const { clientMsgId, done } = alice.send(GENERAL, 'acknowledged, then reloaded');
    // The page is gone before it could forget the entry: the device still has it.
    const beforeAck = new Map(storage.records);
    const first = await done;
    alice.close();
    const leftOver = memoryOutboxStorage();
    for (const [name, value] of beforeAck) leftOver.records.set(name, value);

    const { client, restored } = await reload(h, leftOver, alice.token!);
    expect(restored.map((e) => e.item.id)).toEqual([clientMsgId]);
    const again = await restored[0]!.done;
    expect(again.seq).toBe(first.seq);
    expect(await generalTexts(client)).toEqual(['acknowledged, then reloaded']);
    expect(leftOver.records.size).toBe(0);
  });

  it('applies edits, deletions and reactions made offline, in order, after a reload', async () => {
    h = await startHost();
    const storage = memoryOutboxStorage();
    const alice = await h.signIn('Alice', 'secret-pw', { outboxStorage: storage });
    const [m1, m2, m3] = await Promise.all(['first', 'second', 'third'].map((text) => alice.send(GENERAL, text).done));
    await h.host.stop();
    await until(() => alice.state === 'reconnecting');
    for (const change of [
      { kind: 'edit', seq: m1!.seq, text: 'first, edited' },
      { kind: 'delete', seq: m2!.seq },
      { kind: 'react', seq: m3!.seq, emoji: '👍', on: true },
      { kind: 'edit', seq: m3!.seq, text: 'third, edited' },
    ] as const) {
      alice.change(change).done.catch(() => {});
    }
    expect(alice.unsentChanges).toHaveLength(4);
    alice.close();

    await h.restart();
    const { client, restored } = await reload(h, storage, alice.token!);
    expect(restored.map((e) => e.item.kind)).toEqual(['edit', 'delete', 'react', 'edit']);
    await Promise.all(restored.map((e) => e.done));
    const { messages } = await client.request('history', { conv: GENERAL, limit: 50 });
    const bySeq = new Map(messages.map((m) => [m.seq, m]));
    expect(bySeq.get(m1!.seq)).toMatchObject({ text: 'first, edited' });
    expect(bySeq.get(m2!.seq)).toMatchObject({ deleted: true, text: '' });
    expect(bySeq.get(m3!.seq)).toMatchObject({ text: 'third, edited', reactions: [{ emoji: '👍', users: [client.me!.id] }] });
    expect(storage.records.size).toBe(0);
  });

  it('drops a queued edit of a message deleted meanwhile with the host error, and sends the rest', async () => {
    h = await startHost();
    const storage = memoryOutboxStorage();
    const laptop = await h.signIn('Alice', 'secret-pw', { outboxStorage: storage });
    const note = await laptop.send(GENERAL, 'typo here').done;
    await h.host.stop();
    await until(() => laptop.state === 'reconnecting');
    laptop.change({ kind: 'edit', seq: note.seq, text: 'no typo' }).done.catch(() => {});
    laptop.send(GENERAL, 'after the edit').done.catch(() => {});
    laptop.close();
    await h.restart();
    // Meanwhile, on her phone, she deletes it.
    const phone = await h.signIn('Alice');
    await phone.request('message.delete', { seq: note.seq });

    const { client, restored } = await reload(h, storage, laptop.token!);
    const [edit, send] = restored;
    const refusal = await edit!.done.then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(ChatError);
    expect(refusal).toMatchObject({ code: 'message_deleted' });
    await send!.done;
    expect(await generalTexts(client)).toEqual(['', 'after the edit']);
    expect(storage.records.size).toBe(0);
  });

  it('keeps one person’s saved outbox away from another person signing in on the same device', async () => {
    h = await startHost();
    const storage = memoryOutboxStorage();
    const alice = await h.signIn('Alice', 'secret-pw', { outboxStorage: storage });
    await h.host.stop();
    await until(() => alice.state === 'reconnecting');
    alice.send(GENERAL, 'from alice').done.catch(() => {});
    alice.close();
    await h.restart();

    const bob = h.client({ outboxStorage: storage });
    let restoredForBob = 0;
    bob.on('restored', (entries) => (restoredForBob += entries.length));
    await bob.connect();
    await bob.signIn({ name: 'Bob', password: 'secret-pw' });
    await sleep(100);
    expect(restoredForBob).toBe(0);
    expect(await generalTexts(bob)).toEqual([]);
    expect(storage.records.size).toBe(1); // still Alice's, for her next sign-in here
  });
});
