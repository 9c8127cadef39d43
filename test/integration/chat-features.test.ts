// Edits, deletions, reactions, replies, mentions, search, read state,
// moderation and signing out (PROTOCOL.md, 0.5.0) end to end: a real host on
// port 0, real SQLite in a temp dir, real `ws` clients. Privacy comes first:
// an outsider must never learn anything about conversations they are not in.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatError, type ChatClient } from '../../src-shared/chat-client.js';
import { QUOTE_PREVIEW_CHARS, REACTIONS_MAX_PER_MESSAGE, SEARCH_QUERY_MAX_CHARS, SEARCH_QUERY_MAX_TERMS } from '../../src-shared/limits.js';
import { channelKey, dmKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { ChatEvent, Message, UserInfo } from '../../src-shared/protocol/frames.js';
import { collect, type Harness, refusal, sleep, startHost } from '../helpers/host-harness.js';
import { pinnedFetch } from '../helpers/session-pin.js';
import { RawSocket, type RawFrame } from '../helpers/raw-socket.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
let h: Harness;
const raws: RawSocket[] = [];

afterEach(async () => {
  for (const raw of raws.splice(0)) raw.close();
  await h?.stop();
});

async function raw(name: string): Promise<RawSocket> {
  const socket = await RawSocket.open(h.url);
  raws.push(socket);
  await socket.signIn(name);
  return socket;
}

const idOf = (client: ChatClient) => client.me!.id;
const say = async (client: ChatClient, conv: string, text: string, replyTo?: number) =>
  (await client.request('send', { conv, clientMsgId: `m-${Math.random()}`, text, ...(replyTo !== undefined && { replyTo }) })).message;
const updates = (events: ChatEvent[]) => events.filter((e): e is Extract<ChatEvent, { type: 'message.updated' }> => e.type === 'message.updated');

/** A channel `creator` makes and `others` join. */
async function channel(name: string, creator: ChatClient, ...others: ChatClient[]): Promise<string> {
  const { channel } = await creator.request('channel.create', { name });
  for (const other of others) await other.request('channel.join', { channel: channel.id });
  return channelKey(channel.id);
}

/** Reads session.db directly (a second SQLite connection; WAL lets it see committed rows). */
function withDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(path.join(h.dataDir, 'session.db'));
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('ChatHost 0.5.0 features', () => {
  describe('privacy', () => {
    it('an outsider never receives or finds anything of a DM or a channel they are not in, even after a replay', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const carol = await raw('Carol');
      const carolId = (carol.frames.find((f) => f.type === 'reply')!.data as { user: { id: number } }).user.id;
      const dm = dmKey(idOf(alice), idOf(bob));
      const secret = await channel('hideout', alice, bob);
      const bobEvents = collect(bob);

      const inDm = await say(alice, dm, 'zanzibar plans for @Carol and @Bob');
      const inChannel = await say(alice, secret, 'zanzibar treasure @here @Carol');
      expect(inDm.mentions).toEqual([idOf(bob)]);
      expect(inChannel.mentions).toEqual([idOf(bob)]);
      await alice.request('message.edit', { seq: inDm.seq, text: 'zanzibar edited plans' });
      await bob.request('react', { seq: inChannel.seq, emoji: '👍', on: true });
      await say(bob, dm, 'zanzibar reply', inDm.seq);
      await alice.request('read', { conv: dm, seq: inDm.seq });
      await alice.request('mute', { conv: secret, muted: true });
      await alice.request('message.delete', { seq: inChannel.seq });
      await bobEvents.waitFor(() => updates(bobEvents.events).length >= 3);

      // What Carol may ask is refused without telling whether the message exists.
      for (const seq of [inDm.seq, inChannel.seq, 999_999]) {
        expect((await carol.request('message.edit', { seq, text: 'mine' })).code).toBe('message_not_found');
        expect((await carol.request('react', { seq, emoji: '👍', on: true })).code).toBe('message_not_found');
        expect((await carol.request('message.delete', { seq })).code).toBe('message_not_found');
      }
      const search = await carol.request('search', { query: 'zanzibar' });
      expect(search.data).toEqual({ hits: [], hasMore: false });
      expect((await carol.request('search', { query: 'zanzibar', conv: dm })).code).toBe('conversation_invalid');
      expect((await carol.request('search', { query: 'zanzibar', conv: secret })).code).toBe('not_a_member');
      expect((await carol.request('history', { conv: dm, around: inDm.seq })).code).toBe('conversation_invalid');
      expect((await carol.request('read', { conv: dm, seq: inDm.seq })).code).toBe('conversation_invalid');
      expect((await carol.request('send', { conv: GENERAL, clientMsgId: 'c1', text: 'hi', replyTo: inDm.seq })).code).toBe('message_not_found');

      // A new connection replaying everything from seq 0 gets nothing of it either.
      const again = await RawSocket.open(h.url);
      raws.push(again);
      const replay = await again.request('signin', { name: 'Carol', password: 'secret-pw', after: 0 });
      expect(replay.type).toBe('reply');
      await sleep(100);

      for (const socket of [carol, again]) {
        const seen = JSON.stringify(socket.frames);
        expect(seen).not.toContain('zanzibar');
        expect(seen).not.toContain(dm);
        expect(seen).not.toContain(`"conv":"${secret}"`);
        expect(socket.frames.filter((f: RawFrame) => f.type === 'read' || f.type === 'mute')).toEqual([]);
      }
      const states = (replay.data as { convStates: Array<{ conv: string }> }).convStates.map((s) => s.conv);
      expect(states).toEqual([GENERAL]);
      expect(carolId).toBeGreaterThan(0);
    });

    it('someone who left a channel gets none of its later changes, in replay or search', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const room = await channel('room', alice, bob);
      const sent = await say(alice, room, 'before leaving');
      await bob.request('channel.leave', { channelId: Number(room.slice('ch:'.length)) });
      const token = bob.token!;
      bob.close();
      await alice.request('message.edit', { seq: sent.seq, text: 'kumquat edited after bob left' });
      await alice.request('react', { seq: sent.seq, emoji: '👀', on: true });

      const back = await RawSocket.open(h.url);
      raws.push(back);
      expect(await back.request('resume', { token, after: sent.seq })).toMatchObject({ type: 'reply' });
      await sleep(100);
      expect(JSON.stringify(back.frames)).not.toContain('kumquat');
      expect((await back.request('search', { query: 'kumquat' })).data).toEqual({ hits: [], hasMore: false });
      expect((await back.request('react', { seq: sent.seq, emoji: '👍', on: true })).code).toBe('message_not_found');
    });
  });

  describe('message.edit and message.delete', () => {
    it('edits one’s own text, tells the members, and refuses others, notices and deleted messages', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const bobEvents = collect(bob);
      const sent = await say(alice, GENERAL, 'lunch at 12?');
      const { message } = await alice.request('message.edit', { seq: sent.seq, text: '  lunch at 1, @Bob?  ' });
      expect(message).toMatchObject({ seq: sent.seq, text: 'lunch at 1, @Bob?', mentions: [idOf(bob)], editedAt: expect.any(Number) });
      await bobEvents.waitFor(() => updates(bobEvents.events).length === 1);
      const [event] = updates(bobEvents.events);
      expect(event).toMatchObject({ type: 'message.updated', message: { seq: sent.seq, text: 'lunch at 1, @Bob?' }, change: { kind: 'edit', by: { id: idOf(alice), name: 'Alice' } } });
      expect(event!.seq).toBeGreaterThan(sent.seq);

      // Unchanged text: the same message, no event.
      expect((await alice.request('message.edit', { seq: sent.seq, text: 'lunch at 1, @Bob?' })).message.editedAt).toBe(message.editedAt);
      expect(await refusal(bob.request('message.edit', { seq: sent.seq, text: 'mine now' }))).toMatchObject({ code: 'not_allowed', field: 'seq' });
      expect(await refusal(alice.request('message.edit', { seq: sent.seq, text: '   ' }))).toMatchObject({ code: 'text_empty' });
      const join = (await alice.request('history', { conv: GENERAL })).messages.find((m) => m.kind === 'join' && m.from === idOf(alice))!;
      expect(await refusal(alice.request('message.edit', { seq: join.seq, text: 'hello' }))).toMatchObject({ code: 'not_allowed' });
      await alice.request('message.delete', { seq: sent.seq });
      expect(await refusal(alice.request('message.edit', { seq: sent.seq, text: 'back' }))).toMatchObject({ code: 'message_deleted' });
      await sleep(50);
      expect(updates(bobEvents.events)).toHaveLength(2);
    });

    it('deletes: sender or admin only, idempotent, and the text is gone from session.db and its search index', async () => {
      h = await startHost();
      const admin = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const carol = await h.signIn('Carol');
      const bobEvents = collect(bob);
      const bobs = await say(bob, GENERAL, 'quixotic marmalade recipe');
      const carols = await say(carol, GENERAL, 'xylophone lessons');
      await bob.request('react', { seq: bobs.seq, emoji: '🎉', on: true });

      expect(await refusal(carol.request('message.delete', { seq: bobs.seq }))).toMatchObject({ code: 'not_allowed' });
      const { message } = await bob.request('message.delete', { seq: bobs.seq });
      expect(message).toMatchObject({ seq: bobs.seq, text: '', deleted: true, deletedBy: idOf(bob) });
      expect(message.reactions).toBeUndefined();
      const byAdmin = await admin.request('message.delete', { seq: carols.seq });
      expect(byAdmin.message).toMatchObject({ deleted: true, deletedBy: idOf(admin) });
      await bobEvents.waitFor(() => updates(bobEvents.events).length === 3);
      expect(updates(bobEvents.events).map((e) => e.change.kind)).toEqual(['reaction', 'delete', 'delete']);

      // Again: the same answer, no event.
      expect((await bob.request('message.delete', { seq: bobs.seq })).message).toEqual(message);
      await sleep(50);
      expect(updates(bobEvents.events)).toHaveLength(3);

      withDb((db) => {
        expect(db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE text LIKE '%marmalade%' OR text LIKE '%xylophone%'`).get()).toMatchObject({ n: 0 });
        expect(db.prepare(`SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'marmalade OR xylophone'`).get()).toMatchObject({ n: 0 });
        expect(db.prepare('SELECT COUNT(*) AS n FROM reactions WHERE message_seq = ?').get(bobs.seq)).toMatchObject({ n: 0 });
      });
      await h.stop();
      const bytes = fs.readFileSync(path.join(h.dataDir, 'session.db'));
      expect(bytes.includes('marmalade')).toBe(false);
      expect(bytes.includes('xylophone')).toBe(false);
    });

    it('deleting a file message deletes its relay copy and makes it undownloadable', async () => {
      h = await startHost();
      const pin = h.host.identity!;
      const alice = await h.signIn('Alice');
      const content = Buffer.from('secret file bytes');
      const begun = await alice.request('file.begin', { conv: GENERAL, clientMsgId: 'f1', name: 'notes.txt', size: content.length, text: 'caption words' });
      const base = h.httpBase;
      const auth = { authorization: `Bearer ${alice.token}` };
      expect((await pinnedFetch(base + begun.uploadUrl, pin, { method: 'PUT', headers: { ...auth, 'upload-offset': '0' }, body: content })).status).toBe(204);
      const sha256 = createHash('sha256').update(content).digest('hex');
      const { message } = await alice.request('file.complete', { fileId: begun.fileId, sha256 });
      const { url } = await alice.request('file.ticket', { fileId: begun.fileId });
      expect((await pinnedFetch(base + url, pin)).status).toBe(200);

      // A caption is edited like a text, and may become empty.
      const edited = await alice.request('message.edit', { seq: message.seq, text: '' });
      expect(edited.message).toMatchObject({ text: '', file: { id: begun.fileId }, editedAt: expect.any(Number) });
      withDb((db) => expect(db.prepare('SELECT caption FROM files WHERE id = ?').get(begun.fileId)).toMatchObject({ caption: '' }));
      await alice.request('message.edit', { seq: message.seq, text: 'new caption' });

      const deleted = (await alice.request('message.delete', { seq: message.seq })).message;
      expect(deleted.file).toBeUndefined();
      expect(deleted.text).toBe('');
      expect((await pinnedFetch(base + url, pin)).status).toBe(404);
      expect(await refusal(alice.request('file.ticket', { fileId: begun.fileId }))).toMatchObject({ code: 'file_not_found' });
      await sleep(50);
      expect(fs.readdirSync(path.join(h.dataDir, 'files')).filter((f) => f.startsWith(begun.fileId))).toEqual([]);
      withDb((db) => expect(db.prepare('SELECT caption FROM files WHERE id = ?').get(begun.fileId)).toMatchObject({ caption: '' }));
    });
  });

  describe('history and replay', () => {
    it('a member who was away gets each changed message once, in its current state, at the seq of its latest change', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const first = await say(alice, GENERAL, 'first draft');
      const second = await say(alice, GENERAL, 'to be deleted');
      const third = await say(alice, GENERAL, 'react to me');
      const bobToken = bob.token!;
      const bobLastSeq = third.seq;
      bob.close();

      await alice.request('message.edit', { seq: first.seq, text: 'second draft' });
      await alice.request('message.edit', { seq: first.seq, text: 'final draft' });
      await alice.request('message.delete', { seq: second.seq });
      await alice.request('react', { seq: third.seq, emoji: '❤️', on: true });
      const late = await say(alice, GENERAL, 'sent while away');
      await alice.request('message.edit', { seq: late.seq, text: 'sent and edited while away' });

      const back = h.client();
      const events = collect(back);
      await back.connect();
      const reply = await back.request('resume', { token: bobToken, after: bobLastSeq });
      await events.waitFor(() => events.events.length >= reply.replayCount);
      expect(events.events.map((e) => [e.type, e.type === 'message' || e.type === 'message.updated' ? e.message.seq : 0])).toEqual([
        ['message.updated', first.seq],
        ['message.updated', second.seq],
        ['message.updated', third.seq],
        ['message', late.seq],
      ]);
      const seqs = events.events.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const [edited, deleted, reacted, sentLate] = events.events as Array<Extract<ChatEvent, { type: 'message.updated' }>>;
      expect(edited).toMatchObject({ message: { text: 'final draft' }, change: { kind: 'edit' } });
      expect(deleted).toMatchObject({ message: { text: '', deleted: true }, change: { kind: 'delete' } });
      expect(reacted).toMatchObject({ message: { reactions: [{ emoji: '❤️', users: [idOf(alice)] }] }, change: { kind: 'reaction', emoji: '❤️', added: true } });
      expect(sentLate).toMatchObject({ type: 'message', message: { text: 'sent and edited while away', editedAt: expect.any(Number) } });

      const history = await back.request('history', { conv: GENERAL });
      expect(history.hasNewer).toBe(false);
      expect(history.messages.find((m) => m.seq === first.seq)).toMatchObject({ text: 'final draft' });
      expect(history.messages.find((m) => m.seq === second.seq)).toMatchObject({ deleted: true, text: '' });
      expect(reply.lastSeq).toBeGreaterThanOrEqual(events.events.at(-1)!.seq);
    });

    it('pages around and after a message, with hasMore and hasNewer', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const other = await channel('elsewhere', alice);
      const sent: Message[] = [];
      for (let i = 0; i < 10; i++) sent.push(await say(alice, GENERAL, `message ${i}`));
      const elsewhere = await say(alice, other, 'not here');

      const around = await alice.request('history', { conv: GENERAL, around: sent[5]!.seq, limit: 5 });
      expect(around.messages.map((m) => m.text)).toEqual(['message 3', 'message 4', 'message 5', 'message 6', 'message 7']);
      expect(around).toMatchObject({ hasMore: true, hasNewer: true });
      const after = await alice.request('history', { conv: GENERAL, after: sent[6]!.seq, limit: 2 });
      expect(after.messages.map((m) => m.text)).toEqual(['message 7', 'message 8']);
      expect(after).toMatchObject({ hasMore: true, hasNewer: true });
      const end = await alice.request('history', { conv: GENERAL, after: sent[7]!.seq, limit: 5 });
      expect(end.messages.map((m) => m.text)).toEqual(['message 8', 'message 9']);
      expect(end).toMatchObject({ hasMore: true, hasNewer: false });
      const newest = await alice.request('history', { conv: GENERAL, limit: 3 });
      expect(newest).toMatchObject({ hasMore: true, hasNewer: false });

      expect(await refusal(alice.request('history', { conv: GENERAL, around: elsewhere.seq }))).toMatchObject({ code: 'message_not_found' });
      expect(await refusal(alice.request('history', { conv: GENERAL, before: 5, after: 2 }))).toMatchObject({ code: 'invalid_field' });
    });
  });

  describe('react', () => {
    it('adds and removes reactions idempotently, in the order they came, and refuses non-emoji and a 21st emoji', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const bobEvents = collect(bob);
      const sent = await say(alice, GENERAL, 'react to this');
      await bob.request('react', { seq: sent.seq, emoji: '👍', on: true });
      await alice.request('react', { seq: sent.seq, emoji: '🇩🇪', on: true });
      const both = await alice.request('react', { seq: sent.seq, emoji: '👍', on: true });
      expect(both.message.reactions).toEqual([
        { emoji: '👍', users: [idOf(bob), idOf(alice)] },
        { emoji: '🇩🇪', users: [idOf(alice)] },
      ]);
      await bobEvents.waitFor(() => updates(bobEvents.events).length === 3);

      expect((await bob.request('react', { seq: sent.seq, emoji: '👍', on: true })).message).toEqual(both.message);
      expect((await bob.request('react', { seq: sent.seq, emoji: '👨‍👩‍👧‍👦', on: false })).message).toEqual(both.message);
      const removed = await bob.request('react', { seq: sent.seq, emoji: '👍', on: false });
      // An emoji's place is that of its earliest reaction still there.
      expect(removed.message.reactions).toEqual([
        { emoji: '🇩🇪', users: [idOf(alice)] },
        { emoji: '👍', users: [idOf(alice)] },
      ]);
      await bobEvents.waitFor(() => updates(bobEvents.events).length === 4);
      expect(updates(bobEvents.events).at(-1)!.change).toEqual({ kind: 'reaction', by: { id: idOf(bob), name: 'Bob' }, emoji: '👍', added: false });

      for (const emoji of ['a', '👍👍', ':)', '1', '👍 ']) {
        expect(await refusal(bob.request('react', { seq: sent.seq, emoji, on: true }))).toMatchObject({ code: 'reaction_invalid', field: 'emoji' });
      }
      const many = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😊', '😋', '😎', '😍', '😘', '🥰', '😗', '😙', '😚'];
      for (const emoji of many) await bob.request('react', { seq: sent.seq, emoji, on: true });
      const full = await bob.request('react', { seq: sent.seq, emoji: '🇩🇪', on: true });
      expect(full.message.reactions).toHaveLength(REACTIONS_MAX_PER_MESSAGE);
      expect(await refusal(bob.request('react', { seq: sent.seq, emoji: '🙃', on: true }))).toMatchObject({ code: 'too_many_reactions' });
      const join = (await alice.request('history', { conv: GENERAL })).messages.find((m) => m.kind === 'join')!;
      expect(await refusal(bob.request('react', { seq: join.seq, emoji: '👍', on: true }))).toMatchObject({ code: 'not_allowed' });
    });
  });

  describe('replies', () => {
    it('quotes the original as it is now, and says when it was deleted', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const long = `${'é'.repeat(QUOTE_PREVIEW_CHARS)}and more`;
      const original = await say(alice, GENERAL, long);
      const reply = await say(bob, GENERAL, 'yes!', original.seq);
      expect(reply.replyTo).toEqual({ seq: original.seq, from: idOf(alice), fromName: 'Alice', kind: 'text', text: 'é'.repeat(QUOTE_PREVIEW_CHARS), deleted: false });

      await alice.request('message.edit', { seq: original.seq, text: 'shorter now' });
      let stored = (await bob.request('history', { conv: GENERAL })).messages.find((m) => m.seq === reply.seq)!;
      expect(stored.replyTo).toMatchObject({ text: 'shorter now', deleted: false });
      await alice.request('message.delete', { seq: original.seq });
      stored = (await bob.request('history', { conv: GENERAL })).messages.find((m) => m.seq === reply.seq)!;
      expect(stored.replyTo).toEqual({ seq: original.seq, from: idOf(alice), fromName: 'Alice', kind: 'text', text: '', deleted: true });

      expect(await refusal(say(bob, GENERAL, 'too late', original.seq))).toMatchObject({ code: 'message_deleted', field: 'replyTo' });
      const dm = dmKey(idOf(alice), idOf(bob));
      expect(await refusal(say(bob, dm, 'wrong place', reply.seq))).toMatchObject({ code: 'message_not_found', field: 'replyTo' });
    });
  });

  describe('mentions', () => {
    it('lists members named and, for @here, members online — never the sender or non-members', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const mary = await h.signIn('Mary Jane');
      const bob = await h.signIn('Bob');
      const dave = await h.signIn('Dave');
      const room = await channel('room', alice, mary, dave);
      dave.close();
      await sleep(50);
      expect((await say(alice, room, 'hi @mary   jane and @Bob and @Alice')).mentions).toEqual([idOf(mary)]);
      expect((await say(alice, room, '@here standup')).mentions).toEqual([idOf(mary)]);
      expect((await say(alice, room, '@Dave, @Al and email@Mary Jane')).mentions).toEqual([dave.me!.id]);
      expect((await say(alice, room, 'nobody')).mentions).toBeUndefined();
      const dm = dmKey(idOf(alice), idOf(bob));
      expect((await say(alice, dm, 'thanks @Bob')).mentions).toEqual([idOf(bob)]);
      expect((await say(alice, dm, 'thanks @Mary Jane')).mentions).toBeUndefined();
    });

    it('channel.members lists who can be mentioned in a channel, to its members only', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const mary = await h.signIn('Mary Jane');
      const bob = await h.signIn('Bob');
      const room = await channel('room', alice, mary);
      const channelId = Number(room.slice(3));
      expect(await alice.request('channel.members', { channelId })).toMatchObject({ channelId, userIds: [idOf(alice), idOf(mary)].sort((a, b) => a - b) });
      expect((await refusal(bob.request('channel.members', { channelId }))).code).toBe('not_a_member');
      await mary.request('channel.leave', { channelId });
      expect((await alice.request('channel.members', { channelId })).userIds).toEqual([idOf(alice)]);
    });
  });

  describe('search', () => {
    it('finds whole words and a prefix, ignores diacritics, pages newest first and never shows other people’s conversations', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const carol = await h.signIn('Carol');
      const dmAB = dmKey(idOf(alice), idOf(bob));
      const dmBC = dmKey(idOf(bob), idOf(carol));
      const hidden = await channel('hidden', bob, carol);
      const cafe = await say(alice, GENERAL, 'Meet at the Café, then deploy on Friday');
      await say(bob, dmAB, 'cafe deployment friday in our DM');
      await say(bob, dmBC, 'cafe in a DM alice is not part of');
      await say(bob, hidden, 'cafe in a channel alice is not in');
      const gone = await say(alice, GENERAL, 'cafe to be deleted');
      await alice.request('message.delete', { seq: gone.seq });

      const all = await alice.request('search', { query: 'cafe' });
      expect(all.hits.map((hit) => hit.message.conv)).toEqual([dmAB, GENERAL]);
      expect(all.hasMore).toBe(false);
      const hit = all.hits[1]!;
      expect(hit.highlights.map(([start, end]) => hit.message.text.slice(start, end))).toEqual(['Café']);

      const both = await alice.request('search', { query: 'CAFÉ deplo' });
      expect(both.hits.map((x) => x.message.seq)).toHaveLength(2);
      const [dmHit] = both.hits;
      expect(dmHit!.highlights.map(([s, e]) => dmHit!.message.text.slice(s, e))).toEqual(['cafe', 'deployment']);
      expect((await alice.request('search', { query: 'cafe nonexistentword' })).hits).toEqual([]);
      expect((await alice.request('search', { query: 'caf' })).hits).toHaveLength(2);
      expect((await alice.request('search', { query: '"cafe": (friday)* -' })).hits).toHaveLength(2);

      const onlyGeneral = await alice.request('search', { query: 'cafe', conv: GENERAL });
      expect(onlyGeneral.hits.map((x) => x.message.seq)).toEqual([cafe.seq]);
      const page1 = await alice.request('search', { query: 'cafe', limit: 1 });
      expect(page1).toMatchObject({ hasMore: true });
      const page2 = await alice.request('search', { query: 'cafe', limit: 1, before: page1.hits[0]!.message.seq });
      expect(page2.hits.map((x) => x.message.seq)).toEqual([cafe.seq]);
      expect(page2.hasMore).toBe(false);

      expect(await refusal(alice.request('search', { query: '?!… --' }))).toMatchObject({ code: 'query_invalid', field: 'query' });
      const tooMany = Array.from({ length: SEARCH_QUERY_MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' ');
      expect(await refusal(alice.request('search', { query: tooMany }))).toMatchObject({ code: 'query_invalid' });
      expect(await refusal(alice.request('search', { query: 'a'.repeat(SEARCH_QUERY_MAX_CHARS + 1) }))).toMatchObject({ code: 'query_invalid' });
      expect(await refusal(alice.request('search', { query: 'cafe', conv: hidden }))).toMatchObject({ code: 'not_a_member' });
    });

    it('stores no control characters, so a highlight cannot be forged', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const sent = await say(alice, GENERAL, 'bell\u0007 \u0001marker\u0002 tab\there\r\nnext');
      expect(sent.text).toBe('bell marker tab\there\nnext');
      const { hits } = await alice.request('search', { query: 'marker' });
      expect(hits[0]!.highlights).toEqual([[5, 11]]);
    });
  });

  describe('read state and mute', () => {
    it('a new member has read what was said before they joined, and has unread only what comes after', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const room = await channel('room', alice);
      for (const text of ['one', 'two', 'three']) {
        await say(alice, GENERAL, text);
        await say(alice, room, text);
      }
      const bob = h.client();
      await bob.connect();
      const first = await bob.signIn({ name: 'Bob', password: 'secret-pw' });
      const general = first.convStates.find((s) => s.conv === GENERAL)!;
      expect(general).toMatchObject({ unread: 0, mentions: 0 });
      expect(general.readSeq).toBeGreaterThan(0);
      await bob.request('channel.join', { channel: Number(room.slice('ch:'.length)) });
      await say(alice, room, 'after Bob joined');

      const again = h.client();
      await again.connect();
      const snapshot = await again.signIn({ name: 'Bob', password: 'secret-pw' });
      const byConv = Object.fromEntries(snapshot.convStates.map((s) => [s.conv, s]));
      expect(byConv[GENERAL]).toMatchObject({ unread: 0 });
      expect(byConv[room]).toMatchObject({ unread: 1 });
    });

    it('syncs the read position to one’s other devices and “Seen” to the DM peer, and counts unread after a reconnect', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const alice2 = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const carol = await raw('Carol');
      const dm = dmKey(idOf(alice), idOf(bob));
      const reads: Record<string, Array<{ conv: string; user: number; seq: number }>> = { alice: [], alice2: [], bob: [] };
      alice.on('read', (r) => reads.alice!.push(r));
      alice2.on('read', (r) => reads.alice2!.push(r));
      bob.on('read', (r) => reads.bob!.push(r));

      const hello = await say(bob, dm, 'hello @Alice');
      await say(bob, dm, 'are you there?');
      await say(bob, GENERAL, 'hi all, @Alice');
      await say(bob, GENERAL, 'anyone?');
      expect(await alice.request('read', { conv: dm, seq: hello.seq })).toEqual({ conv: dm, seq: hello.seq });
      expect(await alice.request('read', { conv: dm, seq: 1 })).toEqual({ conv: dm, seq: hello.seq });
      await sleep(100);
      expect(reads.alice2).toEqual([{ conv: dm, user: idOf(alice), seq: hello.seq }]);
      expect(reads.bob).toEqual([{ conv: dm, user: idOf(alice), seq: hello.seq }]);
      expect(reads.alice).toEqual([]);
      expect(carol.frames.filter((f) => f.type === 'read')).toEqual([]);

      // General reads go to Alice's other device only.
      await alice2.request('read', { conv: GENERAL, seq: 1 });
      await sleep(50);
      expect(reads.bob).toHaveLength(1);
      await alice.request('mute', { conv: GENERAL, muted: true });

      const again = h.client();
      await again.connect();
      const snapshot = await again.signIn({ name: 'Alice', password: 'secret-pw' });
      const byConv = Object.fromEntries(snapshot.convStates.map((s) => [s.conv, s]));
      expect(byConv[dm]).toEqual({ conv: dm, readSeq: hello.seq, unread: 1, mentions: 0, muted: false, peerReadSeq: 0 });
      // Read up to her own join notice (seq 2): reading seq 1 did not move it back.
      expect(byConv[GENERAL]).toMatchObject({ readSeq: 2, unread: 2, mentions: 1, muted: true });
    });

    it('sends a mute change to one’s other devices only', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const alice2 = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const mutes: Array<{ conv: string; muted: boolean }> = [];
      const bobMutes: unknown[] = [];
      alice2.on('mute', (m) => mutes.push(m));
      bob.on('mute', (m) => bobMutes.push(m));
      expect(await alice.request('mute', { conv: GENERAL, muted: true })).toEqual({ conv: GENERAL, muted: true });
      expect(await alice.request('mute', { conv: GENERAL, muted: false })).toEqual({ conv: GENERAL, muted: false });
      await sleep(100);
      expect(mutes).toEqual([{ conv: GENERAL, muted: true }, { conv: GENERAL, muted: false }]);
      expect(bobMutes).toEqual([]);
      expect(await refusal(bob.request('mute', { conv: 'ch:99', muted: true }))).toMatchObject({ code: 'conversation_invalid' });
    });
  });

  describe('moderation', () => {
    it('lets an admin remove a person (kicked with 4004, sign-in refused) and allow them back, and make admins — never on themselves', async () => {
      h = await startHost();
      const admin = await h.signIn('Alice');
      const bob = await h.signIn('Bob');
      const carol = await h.signIn('Carol');
      const seen: UserInfo[] = [];
      carol.on('user', (u) => seen.push(u));
      const bobGone = new Promise<ChatError>((resolve) => bob.on('authRequired', resolve));

      expect(await refusal(carol.request('user.remove', { userId: idOf(bob), removed: true }))).toMatchObject({ code: 'not_allowed' });
      expect(await refusal(carol.request('user.admin', { userId: idOf(carol), admin: true }))).toMatchObject({ code: 'not_allowed' });
      expect(await refusal(admin.request('user.remove', { userId: idOf(admin), removed: true }))).toMatchObject({ code: 'not_allowed', field: 'userId' });
      expect(await refusal(admin.request('user.admin', { userId: idOf(admin), admin: false }))).toMatchObject({ code: 'not_allowed' });
      expect(await refusal(admin.request('user.remove', { userId: 999, removed: true }))).toMatchObject({ code: 'user_not_found' });

      const bobToken = bob.token!;
      const removed = await admin.request('user.remove', { userId: idOf(bob), removed: true });
      expect(removed.user).toMatchObject({ id: idOf(bob), removed: true, online: false });
      expect(await bobGone).toMatchObject({ code: 'account_removed' });
      await sleep(50);
      expect(seen).toContainEqual(expect.objectContaining({ id: idOf(bob), removed: true }));
      expect((await admin.request('users.list', {})).users.find((u) => u.id === idOf(bob))).toMatchObject({ removed: true });

      const signIn = await RawSocket.open(h.url);
      raws.push(signIn);
      expect(await signIn.request('signin', { name: 'Bob', password: 'secret-pw' })).toMatchObject({ type: 'error', code: 'account_removed' });
      expect((await signIn.closedWithin(2000)).code).toBe(4004);
      const resume = await RawSocket.open(h.url);
      raws.push(resume);
      expect(await resume.request('resume', { token: bobToken })).toMatchObject({ type: 'error', code: 'token_invalid' });

      await admin.request('user.remove', { userId: idOf(bob), removed: false });
      const back = await h.signIn('Bob');
      expect(back.me!.id).toBe(idOf(bob));

      const promoted = await admin.request('user.admin', { userId: idOf(carol), admin: true });
      expect(promoted.user).toMatchObject({ id: idOf(carol), isAdmin: true });
      await sleep(50);
      expect(seen.at(-1)).toMatchObject({ id: idOf(carol), isAdmin: true });
      // Now an admin, Carol may delete Bob's messages.
      const sent = await say(back, GENERAL, 'delete me');
      expect((await carol.request('message.delete', { seq: sent.seq })).message).toMatchObject({ deleted: true, deletedBy: idOf(carol) });
      // Removed people keep their messages.
      expect((await admin.request('history', { conv: GENERAL })).messages.some((m) => m.from === idOf(bob) && m.kind === 'join')).toBe(true);
    });
  });

  describe('signout', () => {
    it('forgets this connection’s token, closes it with 4005, and leaves other devices signed in', async () => {
      h = await startHost();
      const alice = await h.signIn('Alice');
      const socket = await raw('Alice');
      const token = (socket.frames.find((f) => f.type === 'reply')!.data as { token: string }).token;
      const answer = await socket.request('signout');
      expect(answer).toMatchObject({ type: 'reply', data: {} });
      expect(await socket.closedWithin(2000)).toMatchObject({ code: 4005 });
      expect(socket.frames.at(-1)).toMatchObject({ type: 'error', code: 'signed_out' });

      const resume = await RawSocket.open(h.url);
      raws.push(resume);
      expect(await resume.request('resume', { token })).toMatchObject({ type: 'error', code: 'token_invalid' });
      expect(await alice.request('ping', {})).toMatchObject({ now: expect.any(Number) });
      const fresh = h.client();
      await fresh.connect();
      expect((await fresh.resume(alice.token!)).user.name).toBe('Alice');
    });
  });
});
