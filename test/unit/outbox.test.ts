// Outbox: order, caps and what it saves on the device.
import { describe, expect, it } from 'vitest';
import { OUTBOX_MAX_MESSAGES, OUTBOX_MAX_STORED_BYTES } from '../../src-shared/limits.js';
import { Outbox } from '../../src-shared/outbox.js';
import { memoryOutboxStorage, type OutboxItem } from '../../src-shared/outbox-store.js';
import { requestForOutboxItem, type Requester } from '../../src-shared/outbox-requests.js';

const key = { sessionId: 'S', userId: 1 };
const send = (id: string, text = id): OutboxItem => ({ kind: 'send', id, ts: 1, conv: 'ch:1', text });
const otherPerson = () => new Error('someone else');

describe('Outbox', () => {
  describe('#takeSendable', () => {
    it('pipelines sends but lets a change go only alone, after everything before it', () => {
      const outbox = new Outbox(null);
      for (const item of [send('a'), send('b'), { kind: 'delete', id: 'd', ts: 1, seq: 5 } as const, send('c')]) outbox.add(item);
      const ids = () => outbox.takeSendable(16).map((e) => e.item.id);
      expect(ids()).toEqual(['a', 'b']);
      expect(ids()).toEqual([]); // the deletion waits for a and b
      outbox.remove(outbox.entries[0]!);
      outbox.remove(outbox.entries[0]!);
      expect(ids()).toEqual(['d']);
      expect(ids()).toEqual([]); // c waits for the deletion
      outbox.remove(outbox.entries[0]!);
      expect(ids()).toEqual(['c']);
    });
  });

  describe('#add', () => {
    it(`refuses past ${OUTBOX_MAX_MESSAGES} entries`, () => {
      const outbox = new Outbox(null);
      for (let i = 0; i < OUTBOX_MAX_MESSAGES; i++) expect(outbox.add(send(`m${i}`))).toHaveProperty('done');
      expect(outbox.add(send('one more'))).toMatchObject({ refused: expect.stringContaining('already waiting') });
    });

    it('refuses what would take the saved outbox past its byte cap', () => {
      const outbox = new Outbox(memoryOutboxStorage());
      const big = 'é'.repeat(40_000); // 80 KB in UTF-8
      let accepted = 0;
      while ('done' in outbox.add(send(`m${accepted}`, big))) accepted++;
      expect(accepted).toBe(Math.floor(OUTBOX_MAX_STORED_BYTES / 80_050));
    });

    it('keeps only the entry cap for an outbox that is not saved (the terminal client)', () => {
      const outbox = new Outbox(null);
      const big = 'é'.repeat(40_000);
      const over = Math.floor(OUTBOX_MAX_STORED_BYTES / 80_050) + 5;
      for (let i = 0; i < over; i++) expect(outbox.add(send(`m${i}`, big))).toHaveProperty('done');
    });
  });

  describe('#bind', () => {
    it('saves entries per person and puts them back, older first, without duplicates', () => {
      const storage = memoryOutboxStorage();
      const before = new Outbox(storage);
      before.bind(key, otherPerson);
      before.add(send('a'));
      before.add(send('b'));
      const after = new Outbox(storage);
      after.add(send('b')); // already queued again here: not twice
      after.add(send('c'));
      const restored = after.bind(key, otherPerson);
      expect(restored.map((e) => e.item.id)).toEqual(['a']);
      expect(after.entries.map((e) => e.item.id)).toEqual(['a', 'b', 'c']);
      expect(JSON.parse(storage.read(key)!).map((i: OutboxItem) => i.id)).toEqual(['a', 'b', 'c']);
      expect(new Outbox(storage).bind({ sessionId: 'S', userId: 2 }, otherPerson)).toEqual([]);
    });

    it('skips what it cannot read instead of failing', () => {
      const storage = memoryOutboxStorage();
      storage.write(key, JSON.stringify([{ kind: 'send', id: 'x' }, send('ok'), 'junk']));
      expect(new Outbox(storage).bind(key, otherPerson).map((e) => e.item.id)).toEqual(['ok']);
      storage.write(key, '{not json');
      expect(new Outbox(storage).bind(key, otherPerson)).toEqual([]);
    });

    it('keeps working in memory when the storage throws (quota)', () => {
      const outbox = new Outbox({ read: () => null, write: () => { throw new Error('QuotaExceededError'); } });
      outbox.bind(key, otherPerson);
      expect(outbox.add(send('a'))).toHaveProperty('done');
      expect(outbox.entries).toHaveLength(1);
    });
  });

  describe('encrypted DMs', () => {
    const envelope = '{"v":1,"suite":"…","counter":7}';
    it('keeps the envelope of a send and an edit as queued, through a save and reload, and sends it unchanged every time', async () => {
      const storage = memoryOutboxStorage();
      const before = new Outbox(storage);
      before.bind(key, otherPerson);
      before.add({ kind: 'send', id: 'm1', ts: 1, conv: 'dm:1:2', text: '', e2e: envelope });
      before.add({ kind: 'edit', id: 'e1', ts: 2, seq: 9, text: '', e2e: envelope });
      const restored = new Outbox(storage).bind(key, otherPerson).map((r) => r.item);
      expect(restored).toEqual([
        { kind: 'send', id: 'm1', ts: 1, conv: 'dm:1:2', text: '', e2e: envelope },
        { kind: 'edit', id: 'e1', ts: 2, seq: 9, text: '', e2e: envelope },
      ]);
      const sent: unknown[] = [];
      const requester = { request: async (type: string, params: unknown) => (sent.push([type, params]), { message: {} }) } as unknown as Requester;
      for (let attempt = 0; attempt < 2; attempt++) for (const item of restored) await requestForOutboxItem(requester, item);
      expect(sent).toEqual([
        ['send', { conv: 'dm:1:2', clientMsgId: 'm1', text: '', e2e: envelope }],
        ['message.edit', { seq: 9, text: '', e2e: envelope }],
        ['send', { conv: 'dm:1:2', clientMsgId: 'm1', text: '', e2e: envelope }],
        ['message.edit', { seq: 9, text: '', e2e: envelope }],
      ]);
    });

    it('still loads outboxes saved before envelopes existed, and sends them without one', async () => {
      const storage = memoryOutboxStorage();
      storage.write(key, JSON.stringify([send('old'), { kind: 'edit', id: 'e', ts: 1, seq: 3, text: 'fixed' }]));
      const items = new Outbox(storage).bind(key, otherPerson).map((r) => r.item);
      expect(items.map((i) => i.id)).toEqual(['old', 'e']);
      const sent: unknown[] = [];
      const requester = { request: async (type: string, params: unknown) => (sent.push([type, params]), { message: {} }) } as unknown as Requester;
      for (const item of items) await requestForOutboxItem(requester, item);
      expect(sent).toEqual([
        ['send', { conv: 'ch:1', clientMsgId: 'old', text: 'old' }],
        ['message.edit', { seq: 3, text: 'fixed' }],
      ]);
    });
  });
});
