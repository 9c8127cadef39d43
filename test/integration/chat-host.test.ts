// ChatHost end to end: real host on port 0, real SQLite in a temp dir, real
// `ws` clients through ChatClient.
import { afterEach, describe, expect, it } from 'vitest';
import { channelKey, dmKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { collect, type Harness, refusal, sleep, startHost, tempDir } from '../helpers/host-harness.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
let h: Harness;

afterEach(async () => {
  await h?.stop();
});

async function rawClient(name?: string) {
  const client = h.client();
  await client.connect();
  if (name) await client.signIn({ name, password: 'secret-pw' });
  return client;
}

describe('ChatHost', () => {
  describe('#ctor', () => {
    it('throws a TypeError for contradictory or bad options', () => {
      expect(() => new ChatHost({ dataDir: '' })).toThrow(TypeError);
      expect(() => new ChatHost({ dataDir: tempDir(), port: 70000 })).toThrow(/port/);
      expect(() => new ChatHost({ dataDir: tempDir(), port: 0, portFallback: true })).toThrow(/portFallback/);
      expect(() => new ChatHost({ dataDir: tempDir(), passcode: '' })).toThrow(/passcode/);
      expect(() => new ChatHost({ dataDir: tempDir(), limits: { burst: 0 } })).toThrow(/burst/);
    });
  });

  describe('sign-in', () => {
    it('claims a free name, then needs its password', async () => {
      h = await startHost();
      const first = await h.signIn('Alice', 'correct-horse');
      expect(first.me).toMatchObject({ name: 'Alice', isAdmin: true });

      const again = await rawClient();
      const error = await refusal(again.signIn({ name: 'Alice', password: 'wrong-horse' }));
      expect(error).toMatchObject({ code: 'wrong_password', field: 'password' });
      expect(error.message).toMatch(/Wrong password for “Alice”.*taken/);

      const ok = await again.signIn({ name: 'Alice', password: 'correct-horse' });
      expect(ok.user.id).toBe(first.me!.id);
    });

    it('compares names case-insensitively after Unicode normalisation', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice', 'pw-alice');
      const other = await rawClient();
      for (const variant of ['ALICE', 'alice', 'Ａｌｉｃｅ']) {
        expect(await refusal(other.signIn({ name: variant, password: 'someone-else' }))).toMatchObject({ code: 'wrong_password' });
      }
      const same = await other.signIn({ name: 'aLiCe', password: 'pw-alice' });
      expect(same.user).toMatchObject({ id: alice.me!.id, name: 'Alice' });
    });

    it('refuses names and passwords with the rule they break', async () => {
      h = await startHost();
      const client = await rawClient();
      expect(await refusal(client.signIn({ name: 'x', password: 'secret-pw' }))).toMatchObject({
        code: 'name_invalid',
        field: 'name',
        message: expect.stringContaining('at least 2'),
      });
      expect(await refusal(client.signIn({ name: 'bob<script>', password: 'secret-pw' }))).toMatchObject({
        code: 'name_invalid',
        message: expect.stringContaining('remove “<”'),
      });
      expect(await refusal(client.signIn({ name: 'Bob', password: '123' }))).toMatchObject({ code: 'password_invalid', field: 'password' });
    });

    it('tells "name taken" and "unknown name" apart when the client says what it means', async () => {
      h = await startHost();
      await h.signIn('Alice');
      const client = await rawClient();
      expect(await refusal(client.signIn({ name: 'alice', password: 'secret-pw', mode: 'register' }))).toMatchObject({ code: 'name_taken', field: 'name' });
      expect(await refusal(client.signIn({ name: 'Nobody', password: 'secret-pw', mode: 'login' }))).toMatchObject({ code: 'unknown_name' });
    });

    it('needs the session passcode when one is set', async () => {
      h = await startHost({ passcode: 'lan-party' });
      const client = await rawClient();
      expect(client.session?.passcodeRequired).toBe(true);
      expect(await refusal(client.signIn({ name: 'Bob', password: 'secret-pw' }))).toMatchObject({ code: 'passcode_required', field: 'passcode' });
      expect(await refusal(client.signIn({ name: 'Bob', password: 'secret-pw', passcode: 'nope' }))).toMatchObject({ code: 'passcode_wrong', field: 'passcode' });
      await expect(client.signIn({ name: 'Bob', password: 'secret-pw', passcode: 'lan-party' })).resolves.toMatchObject({ user: { name: 'Bob' } });
    });

    it('lets a returning user back in with the resume token, and refuses a bad token', async () => {
      h = await startHost();
      const first = await h.signIn('Alice');
      const token = first.token!;
      first.close();
      const later = await rawClient();
      const resumed = await later.resume(token);
      expect(resumed.user.name).toBe('Alice');
      const stranger = await rawClient();
      expect(await refusal(stranger.resume('not-a-real-token'))).toMatchObject({ code: 'token_invalid' });
    });

    it('refuses anything but sign-in before signing in', async () => {
      h = await startHost();
      const client = await rawClient();
      expect(await refusal(client.request('channel.list', {}))).toMatchObject({ code: 'not_signed_in' });
      await expect(client.request('ping', {})).resolves.toMatchObject({ now: expect.any(Number) });
    });
  });

  describe('presence', () => {
    it('announces joins and leaves; two devices count once', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const seen: Array<[string, boolean]> = [];
      alice.on('presence', (user, online) => seen.push([user.name, online]));

      const bobLaptop = await h.signIn('Bob');
      const bobPhone = await h.signIn('Bob');
      await sleep(50);
      expect(seen).toEqual([['Bob', true]]);
      const users = await alice.request('users.list', {});
      expect(users.users.filter((u) => u.online).map((u) => u.name).sort()).toEqual(['Alice', 'Bob']);

      bobLaptop.close();
      await sleep(100);
      expect(seen).toEqual([['Bob', true]]);
      bobPhone.close();
      await until(() => seen.length === 2);
      expect(seen).toEqual([['Bob', true], ['Bob', false]]);
    });
  });

  describe('channels', () => {
    it('#general always exists and everyone is in it', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const { channels } = await alice.request('channel.list', {});
      expect(channels).toEqual([expect.objectContaining({ id: GENERAL_CHANNEL_ID, name: 'general', joined: true, memberCount: 1 })]);
      expect(await refusal(alice.request('channel.leave', { channelId: GENERAL_CHANNEL_ID }))).toMatchObject({ code: 'cannot_leave_general' });
    });

    it('creates, lists, joins and leaves with notices in the channel', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const bobEvents = collect(bob);
      const aliceEvents = collect(alice);

      const { channel } = await alice.request('channel.create', { name: '#Design Team', topic: 'pixels' });
      expect(channel).toMatchObject({ name: 'design-team', topic: 'pixels', joined: true, memberCount: 1 });
      await bobEvents.waitFor(() => bobEvents.events.some((e) => e.type === 'channel.created' && e.channel.name === 'design-team'));

      expect(await refusal(bob.request('channel.create', { name: 'design-team' }))).toMatchObject({ code: 'channel_exists' });
      expect(await refusal(bob.request('channel.create', { name: 'a b/c' }))).toMatchObject({ code: 'channel_name_invalid', message: expect.stringContaining('remove “/”') });
      expect(await refusal(bob.request('channel.join', { channel: 'nope' }))).toMatchObject({ code: 'channel_not_found' });

      const conv = channelKey(channel.id);
      expect(await refusal(bob.send(conv, 'let me in').done)).toMatchObject({ code: 'not_a_member' });
      expect(await refusal(bob.request('history', { conv }))).toMatchObject({ code: 'not_a_member' });

      const joined = await bob.request('channel.join', { channel: 'Design-Team' });
      expect(joined.channel).toMatchObject({ id: channel.id, joined: true, memberCount: 2 });
      await aliceEvents.waitFor(() => aliceEvents.events.some((e) => e.type === 'message' && e.message.conv === conv && e.message.kind === 'join' && e.message.fromName === 'Bob'));

      await bob.request('channel.leave', { channelId: channel.id });
      await aliceEvents.waitFor(() => aliceEvents.events.some((e) => e.type === 'message' && e.message.conv === conv && e.message.kind === 'leave'));
      const list = await bob.request('channel.list', {});
      expect(list.channels.find((c) => c.id === channel.id)).toMatchObject({ joined: false, memberCount: 1 });
      // After leaving, Bob no longer receives the channel's messages.
      await alice.send(conv, 'bob is gone').done;
      await alice.send(GENERAL, 'marker').done;
      await bobEvents.waitFor(() => bobEvents.texts().includes('marker'));
      expect(bobEvents.texts()).not.toContain('bob is gone');
    });
  });

  describe('typing', () => {
    it('tells the other members of the conversation, not the typist or outsiders', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const eve = await h.signIn('Eve');
      const seen: Record<string, string[]> = { alice: [], bob: [], eve: [] };
      alice.on('typing', (t) => seen.alice!.push(`${t.conv}:${t.user.name}`));
      bob.on('typing', (t) => seen.bob!.push(`${t.conv}:${t.user.name}`));
      eve.on('typing', (t) => seen.eve!.push(`${t.conv}:${t.user.name}`));
      const dm = dmKey(alice.me!.id, bob.me!.id);
      await alice.request('typing', { conv: dm });
      await alice.request('typing', { conv: GENERAL });
      await until(() => seen.bob!.length === 2 && seen.eve!.length === 1);
      expect(seen).toEqual({ alice: [], bob: [`${dm}:Alice`, `${GENERAL}:Alice`], eve: [`${GENERAL}:Alice`] });
      expect(await refusal(eve.request('typing', { conv: dm }))).toMatchObject({ code: 'conversation_invalid' });
    });
  });

  describe('direct messages', () => {
    it('reach only the two people, never a third connection', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const eve = await h.signIn('Eve');
      const eveEvents = collect(eve);
      const bobEvents = collect(bob);
      const dm = dmKey(alice.me!.id, bob.me!.id);

      await alice.send(dm, 'secret for bob').done;
      await bob.send(dm, 'secret for alice').done;
      await alice.send(GENERAL, 'public marker').done;
      await eveEvents.waitFor(() => eveEvents.texts().includes('public marker'));
      await bobEvents.waitFor(() => bobEvents.texts().includes('public marker'));
      expect(bobEvents.texts(dm)).toEqual(['secret for bob', 'secret for alice']);
      expect(eveEvents.events.filter((e) => e.type === 'message' && e.message.conv === dm)).toEqual([]);

      expect(await refusal(eve.request('history', { conv: dm }))).toMatchObject({ code: 'conversation_invalid' });
      expect(await refusal(eve.send(dm, 'spoof').done)).toMatchObject({ code: 'conversation_invalid' });

      // Eve reconnects (replay) and signs in again from a fresh client: still nothing.
      eve.dropConnection();
      await until(() => eve.state === 'online');
      const eve2 = await h.signIn('Eve');
      const eve2Events = collect(eve2);
      await alice.send(GENERAL, 'second marker').done;
      await eve2Events.waitFor(() => eve2Events.texts().includes('second marker'));
      for (const events of [eveEvents.events, eve2Events.events]) {
        expect(events.some((e) => e.type === 'message' && e.message.conv.startsWith('dm:'))).toBe(false);
      }
    });

    it('wait for an offline person and arrive when they next sign in', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const bobId = bob.me!.id;
      bob.close();
      await sleep(50);
      const dm = dmKey(alice.me!.id, bobId);
      await alice.send(dm, 'are you there?').done;
      await alice.send(dm, 'call me').done;

      const back = h.client();
      const events = collect(back);
      await back.connect();
      const signedIn = await back.signIn({ name: 'Bob', password: 'secret-pw' });
      expect(signedIn.dms).toEqual([expect.objectContaining({ conv: dm, peer: alice.me!.id })]);
      await events.waitFor(() => events.texts(dm).length === 2);
      expect(events.texts(dm)).toEqual(['are you there?', 'call me']);
    });

    it('refuses a DM to somebody who does not exist', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      expect(await refusal(alice.send(dmKey(alice.me!.id, 999), 'hello?').done)).toMatchObject({ code: 'user_not_found' });
    });
  });

  describe('history', () => {
    it('returns the latest 50 and older pages on request', async () => {
      h = await startHost({ limits: { ratePerSecond: 10_000, burst: 10_000 } });
      const alice = await h.signIn('Alice');
      const sends = Array.from({ length: 120 }, (_, i) => alice.send(GENERAL, `m${i}`).done);
      await Promise.all(sends);

      const page1 = await alice.request('history', { conv: GENERAL });
      expect(page1.messages).toHaveLength(50);
      expect(page1.messages.at(-1)!.text).toBe('m119');
      expect(page1.messages[0]!.text).toBe('m70');
      expect(page1.hasMore).toBe(true);

      const page2 = await alice.request('history', { conv: GENERAL, before: page1.messages[0]!.seq });
      expect(page2.messages.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `m${20 + i}`));
      const page3 = await alice.request('history', { conv: GENERAL, before: page2.messages[0]!.seq });
      expect(page3.hasMore).toBe(false);
      expect(page3.messages.filter((m) => m.kind === 'text').map((m) => m.text)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
      expect(page3.messages[0]!.kind).toBe('join');
    });

    it('survives a host restart: accounts, channels, messages and DMs', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice', 'alice-pw');
      const bob = await h.signIn('Bob', 'bob-pw');
      const { channel } = await alice.request('channel.create', { name: 'ops' });
      await alice.send(channelKey(channel.id), 'deploy at 5').done;
      const dm = dmKey(alice.me!.id, bob.me!.id);
      await bob.send(dm, 'ok boss').done;

      await h.restart();

      const aliceAgain = await rawClient();
      expect(await refusal(aliceAgain.signIn({ name: 'alice', password: 'wrong-pw' }))).toMatchObject({ code: 'wrong_password' });
      const snapshot = await aliceAgain.signIn({ name: 'alice', password: 'alice-pw' });
      expect(snapshot.channels.map((c) => c.name)).toEqual(['general', 'ops']);
      const ops = await aliceAgain.request('history', { conv: channelKey(channel.id) });
      expect(ops.messages.filter((m) => m.kind === 'text').map((m) => m.text)).toEqual(['deploy at 5']);
      const dmHistory = await aliceAgain.request('history', { conv: dm });
      expect(dmHistory.messages.map((m) => [m.fromName, m.text])).toEqual([['Bob', 'ok boss']]);
      expect(await refusal(aliceAgain.request('channel.create', { name: 'ops' }))).toMatchObject({ code: 'channel_exists' });
    });
  });

  describe('delivery', () => {
    it('stores a retried send with the same client id once', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const bobEvents = collect(bob);
      const first = await alice.send(GENERAL, 'only once', 'fixed-id-1').done;
      const retry = await alice.request('send', { conv: GENERAL, clientMsgId: 'fixed-id-1', text: 'only once' });
      expect(retry).toMatchObject({ duplicate: true, message: { seq: first.seq } });
      await alice.send(GENERAL, 'after', 'fixed-id-2').done;
      await bobEvents.waitFor(() => bobEvents.texts().includes('after'));
      expect(bobEvents.texts()).toEqual(['only once', 'after']);
      const history = await alice.request('history', { conv: GENERAL });
      expect(history.messages.filter((m) => m.text === 'only once')).toHaveLength(1);
    });

    it('a resuming client gets exactly what it missed while connections are cut at random', async () => {
      h = await startHost({ limits: { ratePerSecond: 10_000, burst: 10_000 } });
      const sender = await h.signIn('Sender');
      const reader = await h.signIn('Reader');
      const readerEvents = collect(reader);
      let replayed = 0;
      let readerCuts = 0;
      reader.on('event', (_e, { replay }) => (replayed += replay ? 1 : 0));
      reader.on('state', (state) => (readerCuts += state === 'reconnecting' ? 1 : 0));
      const dm = dmKey(sender.me!.id, reader.me!.id);
      const total = 300;
      let random = 42;
      const rand = () => ((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

      const sent: string[] = [];
      for (let i = 0; i < total; i++) {
        const text = `n${i}`;
        sent.push(text);
        const conv = i % 3 === 0 ? dm : GENERAL;
        const done = sender.send(conv, text).done;
        const r = rand();
        if (r < 0.04) reader.dropConnection();
        else if (r < 0.07) sender.dropConnection();
        if (i % 10 === 0) await done;
      }
      await until(() => sender.unsent.length === 0, 15_000);
      await readerEvents.waitFor(() => readerEvents.texts().length >= total, 15_000);
      await sleep(100);
      expect(readerEvents.texts()).toEqual(sent);
      const seqs = readerEvents.events.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      // The run really exercised resume: the reader was cut and caught up by replay.
      expect(readerCuts).toBeGreaterThan(0); // cuts while already reconnecting do not count again
      expect(replayed).toBeGreaterThan(0);
    }, 30_000);

    it('paces a long outbox after a reconnect instead of flooding the host', async () => {
      // A tight flood guard: 300 frames at once would be closed as a flood.
      h = await startHost({ limits: { ratePerSecond: 300, burst: 20, maxQueuedFrames: 30 } });
      const alice = await h.signIn('Alice');
      let closedAsFlood = 0;
      alice.on('notice', (notice) => (closedAsFlood += notice.code === 'flood' ? 1 : 0));
      await h.host.stop();
      await until(() => alice.state === 'reconnecting');
      const sends = Array.from({ length: 300 }, (_, i) => alice.send(GENERAL, `queued ${i}`).done);
      await h.restart();
      const stored = await Promise.all(sends);
      expect(closedAsFlood).toBe(0);
      expect(stored.map((m) => m.text)).toEqual(Array.from({ length: 300 }, (_, i) => `queued ${i}`));
      const history = await alice.request('history', { conv: GENERAL, limit: 200 });
      expect(new Set(history.messages.map((m) => m.seq)).size).toBe(200);
      expect(history.messages.at(-1)!.text).toBe('queued 299');
    }, 20_000);

    it('resends what was typed while offline once the host is back', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const bobEvents = collect(bob);
      await h.host.stop();
      await until(() => alice.state === 'reconnecting');
      const pending = alice.send(GENERAL, 'typed while the host was down').done;
      expect(alice.unsent).toHaveLength(1);
      await h.restart();
      await pending;
      await bobEvents.waitFor(() => bobEvents.texts().includes('typed while the host was down'), 10_000);
      expect(bob.state).toBe('online');
    });
  });
});

async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await sleep(10);
  }
}

