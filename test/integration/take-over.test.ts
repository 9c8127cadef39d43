// Take-over and hand-over (issue 11, PROTOCOL.md "Hand-over"): an admin's
// machine takes a running session over from its host — snapshot, identity and
// files over the pinned connection — and every client moves by itself,
// without a password, without a lost or repeated message. A successor that
// fails leaves the old host carrying on, its held writes applied.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TakenOver } from '../../src-main/handover/take-over.js';
import { takeOverOnLoopback } from '../helpers/loopback-take-over.js';
import type { ChatHost } from '../../src-main/host/chat-host.js';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { movedSocketUrls } from '../../src-shared/session-move.js';
import { collect, refusal, sleep, startHost, type Harness } from '../helpers/host-harness.js';
import { pinnedFetch } from '../helpers/session-pin.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);
let h: Harness | undefined;
let taken: TakenOver | undefined;

afterEach(async () => {
  await taken?.host.stop();
  taken = undefined;
  await h?.stop();
  h = undefined;
});

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** What every front end does with `moved`: go to the new addresses (the pinned socket trusts the same identity there). */
function followMoves(client: ChatClient): void {
  client.on('moved', ({ to }) => client.moveTo(movedSocketUrls(to)));
}

async function share(host: ChatHost, client: ChatClient, name: string, content: Buffer): Promise<Message> {
  const begun = await client.request('file.begin', { conv: GENERAL, clientMsgId: `f-${name}`, name, size: content.length });
  const res = await pinnedFetch(`https://127.0.0.1:${host.port}${begun.uploadUrl}`, host.identity!, { method: 'PUT', headers: { authorization: `Bearer ${client.token}`, 'upload-offset': '0' }, body: content });
  expect(res.status).toBe(204);
  return (await client.request('file.complete', { fileId: begun.fileId, sha256: sha256(content) })).message;
}

function takeOver(harness: Harness, client: ChatClient, extra: { offer?: string } = {}): Promise<TakenOver> {
  return takeOverOnLoopback({ client, origin: harness.httpBase, pin: harness.host.identity!, ...extra });
}

describe('take-over', () => {
  it('moves three people to the successor: every message exactly once, nobody types a password, chat goes on', async () => {
    h = await startHost({ passcode: 'door-code' });
    const harness = h;
    const join = async (name: string) => {
      const client = harness.client();
      await client.connect();
      await client.signIn({ name, password: 'secret-pw', passcode: 'door-code' });
      return client;
    };
    const ann = await join('ann'); // the first account: admin
    const bob = await join('bob');
    const cat = await join('cat');
    const people = [ann, bob, cat];
    for (const client of people) followMoves(client);
    const seen = people.map((client) => collect(client));
    for (let i = 0; i < 10; i++) await people[i % 3]!.send(GENERAL, `before ${i}`).done;
    const file = await share(h.host, bob, 'notes.txt', Buffer.from('the minutes of Monday'));

    // Ann's other machine takes the session over, signed in as ann (an admin).
    const successorClient = await join('ann');
    const moving = takeOver(h, successorClient);
    // Sent while the hand-over runs: held by the old host or sent again at the new one — stored once either way.
    const during = [bob.send(GENERAL, 'during 1').done, cat.send(GENERAL, 'during 2').done];
    taken = await moving;
    const successor = taken.host;
    expect(successor.identity!.fingerprint).toBe(h.host.identity!.fingerprint);

    await Promise.all(during);
    for (const client of people) await waitOnline(client, successor.port);
    await bob.send(GENERAL, 'after the move').done;
    const expected = [...Array.from({ length: 10 }, (_, i) => `before ${i}`), 'during 1', 'during 2', 'after the move'];
    for (const s of seen) {
      await s.waitFor(() => s.texts(GENERAL).includes('after the move'));
      const texts = s.texts(GENERAL);
      expect([...texts].sort()).toEqual([...expected].sort()); // each exactly once
    }

    // The file moved too, and downloads from the successor match.
    const files = await taken.files;
    expect(files).toEqual({ moved: 1, givenUp: [] });
    const res = await pinnedFetch(`https://127.0.0.1:${successor.port}/api/files/${file.file!.id}`, successor.identity!, { headers: { authorization: `Bearer ${cat.token}` } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('the minutes of Monday');

    // The passcode moved with the session: a newcomer needs it at the successor.
    const newcomer = h.client({ url: `wss://127.0.0.1:${successor.port}/ws`, reconnect: false });
    await newcomer.connect();
    expect((await refusal(newcomer.signIn({ name: 'dan', password: 'secret-pw' }))).code).toBe('passcode_required');

    // The old address no longer serves the session: a socket there is only told where it went.
    const late = h.client({ reconnect: false });
    const movedTo = new Promise<string[]>((resolve) => late.on('moved', ({ to }) => resolve(to)));
    await late.connect().catch(() => {});
    expect(await movedTo).toEqual([`https://127.0.0.1:${successor.port}`]);
  });

  it('refuses someone who is not an admin, and the session carries on untouched', async () => {
    h = await startHost();
    await h.signIn('ann');
    const bob = await h.signIn('bob');
    const error = await refusal(takeOver(h, bob));
    expect(error.code).toBe('not_allowed');
    await bob.send(GENERAL, 'still here').done;
  });

  it('a successor that disconnects mid-way leaves the old host carrying on, the writes it held applied in order', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const bob = await h.signIn('bob');
    const seen = collect(bob);
    const start = await ann.request('handover.start', {});
    expect(start.handover).toMatch(/\S/);
    // Writes are held while the hand-over runs…
    const held = bob.send(GENERAL, 'held 1').done;
    const held2 = bob.send(GENERAL, 'held 2').done;
    await sleep(150);
    expect(seen.texts(GENERAL)).toEqual([]);
    // …reads are answered.
    expect((await bob.request('history', { conv: GENERAL })).conv).toBe(GENERAL);
    // The successor goes away before handover.ready: everything held goes through.
    ann.close();
    await Promise.all([held, held2]);
    await seen.waitFor(() => seen.texts(GENERAL).length === 2);
    expect(seen.texts(GENERAL)).toEqual(['held 1', 'held 2']);
    // The snapshot (with the private key) is gone from the data folder.
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(h.dataDir).filter((name) => name.startsWith('handover-'))).toEqual([]);
  });

  it('the host offers the session: the chosen person accepts in their app, becomes admin, and everyone moves', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const bob = h.client();
    await bob.connect();
    await bob.signIn({ name: 'bob', password: 'secret-pw', canHost: true });
    followMoves(ann);
    followMoves(bob);
    expect(h.host.handOverCandidates().map((u) => u.name)).toEqual(['bob']);
    const offered = new Promise<{ offer: string; makesAdmin: boolean }>((resolve) => bob.on('handoverOffer', resolve));
    const events: string[] = [];
    h.host.onHandOver((event) => events.push(event.kind));
    h.host.offerHandOver(bob.me!.id);
    const offer = await offered;
    expect(offer.makesAdmin).toBe(true);
    taken = await takeOver(h, bob, { offer: offer.offer });
    await waitOnline(ann, taken.host.port);
    await ann.send(GENERAL, 'hello new host').done;
    await taken.files;
    expect(events).toEqual(['moved', 'finished']);
    const users = (await ann.request('users.list', {})).users;
    expect(users.find((u) => u.name === 'bob')?.isAdmin).toBe(true);
  });
});

async function waitOnline(client: ChatClient, port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (client.state === 'online' && client.url.includes(`:${port}/`)) return;
    await sleep(25);
  }
  throw new Error(`client did not come online at port ${port} (state ${client.state}, url ${client.url})`);
}
