// Threads (PROTOCOL.md, "Threads", 0.9.0) end to end: a real host on port 0,
// real SQLite, real `ws` clients through ChatClient. Replies, the root's
// summary, paging, replay, search, who may read them, "also send to the
// channel", and the unread threads of the people in a thread.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { THREAD_PARTICIPANTS_MAX } from '../../src-shared/limits.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { ChatEvent, Message, ThreadState } from '../../src-shared/protocol/frames.js';
import { collect, type Harness, refusal, startHost } from '../helpers/host-harness.js';
import { RawSocket } from '../helpers/raw-socket.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
let h: Harness;

afterEach(async () => {
  await h?.stop();
});

const say = async (client: ChatClient, conv: string, text: string, thread?: { root: number; also?: boolean }) =>
  (
    await client.request('send', {
      conv,
      clientMsgId: `m-${Math.random()}`,
      text,
      ...(thread && { threadRoot: thread.root, ...(thread.also !== undefined && { alsoToChannel: thread.also }) }),
    })
  ).message;

/** Thread states this client is told about (`thread` frames), newest last. */
function threadFrames(client: ChatClient): ThreadState[] {
  const seen: ThreadState[] = [];
  client.on('thread', (state) => seen.push(state));
  return seen;
}

const rootUpdates = (events: ChatEvent[], root: number) =>
  events.filter((e): e is Extract<ChatEvent, { type: 'message.updated' }> => e.type === 'message.updated' && e.change.kind === 'thread' && e.message.seq === root);

describe('Threads', () => {
  it('a reply goes in the thread, not the conversation; the root carries the count, last reply time and repliers, live', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const bob = await h.signIn('Bob');
    const annEvents = collect(ann);
    const root = await say(ann, GENERAL, 'lunch plans?');
    const reply = await say(bob, GENERAL, 'pizza', { root: root.seq });
    expect(reply).toMatchObject({ threadRoot: root.seq, text: 'pizza' });
    expect(reply.alsoToChannel).toBeUndefined();

    await annEvents.waitFor(() => rootUpdates(annEvents.events, root.seq).length === 1);
    const replyEvent = annEvents.events.find((e) => e.seq === reply.seq);
    expect(replyEvent?.type).toBe('thread.reply');
    const [update] = rootUpdates(annEvents.events, root.seq);
    expect(update!.message.thread).toEqual({ replies: 1, lastReplyAt: reply.ts, participants: [bob.me!.id] });
    expect(update!.change.by).toEqual({ id: bob.me!.id, name: 'Bob' });

    await say(ann, GENERAL, 'sushi?', { root: root.seq });
    const history = await ann.request('history', { conv: GENERAL });
    expect(history.messages.map((m) => m.text)).not.toContain('pizza');
    expect(history.messages.find((m) => m.seq === root.seq)?.thread).toMatchObject({ replies: 2, participants: [bob.me!.id, ann.me!.id] });

    const thread = await bob.request('thread.history', { conv: GENERAL, root: root.seq });
    expect(thread.root.seq).toBe(root.seq);
    expect(thread.messages.map((m) => m.text)).toEqual(['pizza', 'sushi?']);
    expect(thread.hasMore).toBe(false);
  });

  it('"also send to the channel" shows the reply in the conversation too, as a message event', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const bob = await h.signIn('Bob');
    const bobEvents = collect(bob);
    const root = await say(ann, GENERAL, 'release tonight?');
    const shared = await say(ann, GENERAL, 'yes, at 9', { root: root.seq, also: true });
    expect(shared.alsoToChannel).toBe(true);
    await bobEvents.waitFor(() => bobEvents.events.some((e) => e.seq === shared.seq));
    expect(bobEvents.events.find((e) => e.seq === shared.seq)?.type).toBe('message');
    const history = await bob.request('history', { conv: GENERAL });
    expect(history.messages.find((m) => m.seq === shared.seq)).toMatchObject({ threadRoot: root.seq, alsoToChannel: true });
    expect((await bob.request('thread.history', { conv: GENERAL, root: root.seq })).messages.map((m) => m.seq)).toEqual([shared.seq]);
  });

  it('pages a long thread oldest first, with hasMore', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const root = await say(ann, GENERAL, 'count with me');
    const sent: Message[] = [];
    for (let i = 1; i <= 7; i++) sent.push(await say(ann, GENERAL, `n${i}`, { root: root.seq }));
    const newest = await ann.request('thread.history', { conv: GENERAL, root: root.seq, limit: 3 });
    expect(newest.messages.map((m) => m.text)).toEqual(['n5', 'n6', 'n7']);
    expect(newest.hasMore).toBe(true);
    const older = await ann.request('thread.history', { conv: GENERAL, root: root.seq, before: newest.messages[0]!.seq, limit: 5 });
    expect(older.messages.map((m) => m.text)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(older.hasMore).toBe(false);
    expect(older.root.thread?.replies).toBe(7);
  });

  it('refuses a root that is a thread reply, deleted, a notice or elsewhere, and alsoToChannel alone — saying what to do', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const root = await say(ann, GENERAL, 'root');
    const reply = await say(ann, GENERAL, 'reply', { root: root.seq });
    const nested = await refusal(say(ann, GENERAL, 'nested', { root: reply.seq }));
    expect(nested).toMatchObject({ code: 'not_allowed', field: 'threadRoot' });
    expect(nested.message).toContain(`threadRoot ${root.seq}`);
    const { channel } = await ann.request('channel.create', { name: 'other' });
    expect(await refusal(say(ann, channelKey(channel.id), 'wrong place', { root: root.seq }))).toMatchObject({ code: 'message_not_found' });
    const alone = await refusal(ann.request('send', { conv: GENERAL, clientMsgId: 'x1', text: 'hm', alsoToChannel: true }));
    expect(alone).toMatchObject({ code: 'invalid_field', field: 'alsoToChannel' });

    // A deleted root takes no new replies, but its replies stay readable (as in Slack).
    await ann.request('message.delete', { seq: root.seq });
    expect(await refusal(say(ann, GENERAL, 'late', { root: root.seq }))).toMatchObject({ code: 'message_deleted' });
    const after = await ann.request('thread.history', { conv: GENERAL, root: root.seq });
    expect(after.root).toMatchObject({ deleted: true, thread: { replies: 1 } });
    expect(after.messages.map((m) => m.text)).toEqual(['reply']);
  });

  it('a non-member can neither read, reply in nor find a thread', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const carol = await h.signIn('Carol');
    const { channel } = await ann.request('channel.create', { name: 'hideout' });
    const secret = channelKey(channel.id);
    const root = await say(ann, secret, 'secret root');
    await say(ann, secret, 'zanzibar in the thread', { root: root.seq });
    expect(await refusal(carol.request('thread.history', { conv: secret, root: root.seq }))).toMatchObject({ code: 'not_a_member' });
    expect(await refusal(carol.request('thread.read', { conv: secret, root: root.seq, seq: root.seq + 1 }))).toMatchObject({ code: 'not_a_member' });
    expect(await refusal(say(carol, secret, 'let me in', { root: root.seq }))).toMatchObject({ code: 'not_a_member' });
    // …nor through a conversation they are in.
    expect(await refusal(carol.request('thread.history', { conv: GENERAL, root: root.seq }))).toMatchObject({ code: 'message_not_found' });
    expect((await carol.request('search', { query: 'zanzibar' })).hits).toEqual([]);
  });

  it('search finds thread replies, marked with their thread', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const root = await say(ann, GENERAL, 'deploy plan');
    const reply = await say(ann, GENERAL, 'kangaroo rollout at noon', { root: root.seq });
    const { hits } = await ann.request('search', { query: 'kangaroo' });
    expect(hits.map((hit) => hit.message.seq)).toEqual([reply.seq]);
    expect(hits[0]!.message.threadRoot).toBe(root.seq);
  });

  it('notifies the people in the thread: the root author, repliers and those mentioned; thread.read clears it on every device', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const bob = await h.signIn('Bob');
    const cy = await h.signIn('Cy');
    const dee = await h.signIn('Dee');
    const annThreads = threadFrames(ann);
    const cyThreads = threadFrames(cy);
    const deeThreads = threadFrames(dee);
    const root = await say(ann, GENERAL, 'who is in?');
    const r1 = await say(bob, GENERAL, 'me, and @Cy', { root: root.seq });
    await vi.waitFor(() => expect(annThreads.length > 0 && cyThreads.length > 0).toBe(true));
    expect(annThreads.at(-1)).toEqual({ conv: GENERAL, root: root.seq, readSeq: 0, unread: 1, lastReplyAt: r1.ts });
    expect(cyThreads.at(-1)).toMatchObject({ root: root.seq, unread: 1 });
    expect(deeThreads).toEqual([]); // not in the thread: the channel's own unread count is not touched either

    // Ann reads it on a second device: the first one is told.
    const annPhone = await h.signIn('Ann');
    const state = await annPhone.request('thread.read', { conv: GENERAL, root: root.seq, seq: r1.seq });
    expect(state).toMatchObject({ readSeq: r1.seq, unread: 0 });
    await vi.waitFor(() => expect(annThreads.at(-1)!.unread).toBe(0));

    // Unread threads come back in the sign-in snapshot (Cy's: 2 replies); read ones and others' do not.
    await say(bob, GENERAL, 'still in', { root: root.seq });
    const snapshotThreads = async (token: string) => {
      const fresh = h.client();
      await fresh.connect();
      return (await fresh.request('resume', { token })).threads;
    };
    expect((await snapshotThreads(cy.token!))?.map((t) => [t.root, t.unread])).toEqual([[root.seq, 2]]);
    expect((await snapshotThreads(ann.token!))?.map((t) => [t.root, t.unread])).toEqual([[root.seq, 1]]);
    expect(await snapshotThreads(dee.token!)).toEqual([]);
    expect(await snapshotThreads(bob.token!)).toEqual([]);
  });

  it('a thread reply is not an unread message of the conversation for anyone', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const bob = await h.signIn('Bob');
    const root = await say(ann, GENERAL, 'root');
    await bob.request('read', { conv: GENERAL, seq: root.seq });
    await say(ann, GENERAL, 'only in the thread', { root: root.seq });
    const fresh = h.client();
    await fresh.connect();
    const snapshot = await fresh.request('resume', { token: bob.token! });
    expect(snapshot.convStates.find((s) => s.conv === GENERAL)?.unread).toBe(0);
  });

  it('a mention in a thread-only reply is not a mention of the conversation; one also sent to it is', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const bob = await h.signIn('Bob');
    const root = await say(ann, GENERAL, 'root');
    await bob.request('read', { conv: GENERAL, seq: root.seq });
    await say(ann, GENERAL, '@Bob only in the thread', { root: root.seq });
    const generalOf = async () => {
      const fresh = h.client();
      await fresh.connect();
      return (await fresh.request('resume', { token: bob.token! })).convStates.find((s) => s.conv === GENERAL);
    };
    expect(await generalOf()).toMatchObject({ unread: 0, mentions: 0 });
    await say(ann, GENERAL, '@Bob here too', { root: root.seq, also: true });
    expect(await generalOf()).toMatchObject({ unread: 1, mentions: 1 });
  });

  it('deleting a reply tells its followers their new thread state (the unread goes)', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const bob = await h.signIn('Bob');
    const annThreads = threadFrames(ann);
    const root = await say(ann, GENERAL, 'root');
    const reply = await say(bob, GENERAL, 'oops, wrong thread', { root: root.seq });
    await vi.waitFor(() => expect(annThreads.at(-1)).toMatchObject({ root: root.seq, unread: 1 }));
    await bob.request('message.delete', { seq: reply.seq });
    await vi.waitFor(() => expect(annThreads.at(-1)).toMatchObject({ root: root.seq, unread: 0 }));
  });

  it('replays thread replies and the root summary after a reconnect, in frames of their own', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const bob = await h.signIn('Bob');
    const root = await say(ann, GENERAL, 'root');
    const bobToken = bob.token!;
    bob.close();
    const before = await say(ann, GENERAL, 'plain before');
    const reply = await say(ann, GENERAL, 'in the thread', { root: root.seq });
    const afterMsg = await say(ann, GENERAL, 'plain after');

    const raw = await RawSocket.open(h.url);
    await raw.request('resume', { token: bobToken, after: root.seq });
    await raw.waitFor((f) => f.type === 'events' && (f.events as ChatEvent[]).some((e) => e.seq === afterMsg.seq));
    const eventFrames = raw.frames.filter((f) => f.type === 'events').map((f) => (f.events as ChatEvent[]).map((e) => `${e.type}:${e.seq}`));
    expect(eventFrames).toEqual([
      [`message:${before.seq}`],
      [`thread.reply:${reply.seq}`, `message.updated:${reply.seq + 1}`],
      [`message:${afterMsg.seq}`],
    ]);
    raw.close();

    const back = h.client();
    const events = collect(back);
    await back.connect();
    const snapshot = await back.request('resume', { token: bobToken, after: root.seq });
    await events.waitFor(() => events.events.length >= snapshot.replayCount);
    const update = rootUpdates(events.events, root.seq)[0];
    expect(update?.message.thread?.replies).toBe(1);
  });

  it('lists at most THREAD_PARTICIPANTS_MAX repliers, and deleting a reply updates the root', async () => {
    h = await startHost();
    const ann = await h.signIn('Ann');
    const root = await say(ann, GENERAL, 'roll call');
    const people: ChatClient[] = [];
    for (let i = 0; i < THREAD_PARTICIPANTS_MAX + 1; i++) people.push(await h.signIn(`Person ${i}`));
    let last: Message | undefined;
    for (const person of people) last = await say(person, GENERAL, 'here', { root: root.seq });
    const annEvents = collect(ann);
    const summary = (await ann.request('thread.history', { conv: GENERAL, root: root.seq })).root.thread!;
    expect(summary.replies).toBe(THREAD_PARTICIPANTS_MAX + 1);
    expect(summary.participants).toEqual(people.slice(0, THREAD_PARTICIPANTS_MAX).map((p) => p.me!.id));

    await people.at(-1)!.request('message.delete', { seq: last!.seq });
    await vi.waitFor(() => expect(rootUpdates(annEvents.events, root.seq).at(-1)?.message.thread?.replies).toBe(THREAD_PARTICIPANTS_MAX));
    expect(rootUpdates(annEvents.events, root.seq).at(-1)!.change.by.name).toBe(`Person ${THREAD_PARTICIPANTS_MAX}`);
  });
});
