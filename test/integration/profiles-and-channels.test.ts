// Profiles and channel care (PROTOCOL.md, "Profiles and channel care",
// 0.10.0) end to end: a real TLS host on port 0, real SQLite, ChatClient over
// real sockets, avatar uploads over pinned HTTPS. Each change reaches the
// others live and survives a restart; each refusal says what to do.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS, DISPLAY_NAME_MAX_CHARS } from '../../src-shared/limits.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { ChannelInfo, UserInfo } from '../../src-shared/protocol/frames.js';
import { type Harness, refusal, startHost } from '../helpers/host-harness.js';
import { pngImage } from '../helpers/png-image.js';
import { pinnedFetch } from '../helpers/session-pin.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const fetch = (path: string, init?: Parameters<typeof pinnedFetch>[2]) => pinnedFetch(h.httpBase + path, h.host.identity!, init);
const auth = (client: ChatClient) => ({ authorization: `Bearer ${client.token}` });
const putAvatar = (client: ChatClient, body: Buffer) => fetch('/api/avatar', { method: 'PUT', headers: auth(client), body });

/** The `user` frames this client hears, newest last. */
function userFrames(client: ChatClient): UserInfo[] {
  const seen: UserInfo[] = [];
  client.on('user', (user) => seen.push(user));
  return seen;
}
function channelFrames(client: ChatClient): ChannelInfo[] {
  const seen: ChannelInfo[] = [];
  client.on('channel', (channel) => seen.push(channel));
  return seen;
}
const until = async (predicate: () => boolean) => {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(predicate()).toBe(true);
};

describe('profile.update', () => {
  it('sets display name and status; everyone hears it; sign-in snapshots carry it after a restart', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const bob = await h.signIn('bob');
    const heard = userFrames(bob);
    const { user } = await ann.request('profile.update', { displayName: '  Ann   Lee ', statusText: 'At lunch', statusEmoji: '🍕' });
    expect(user).toMatchObject({ name: 'ann', displayName: 'Ann Lee', statusText: 'At lunch', statusEmoji: '🍕' });
    await until(() => heard.some((u) => u.id === ann.me!.id && u.displayName === 'Ann Lee'));

    // A field left out stays; "" clears one.
    const cleared = await ann.request('profile.update', { statusText: '' });
    expect(cleared.user.displayName).toBe('Ann Lee');
    expect(cleared.user.statusText).toBeUndefined();

    await h.restart();
    const carol = await h.signIn('carol');
    const users = (await carol.request('users.list', {})).users;
    expect(users.find((u) => u.name === 'ann')).toMatchObject({ displayName: 'Ann Lee', statusEmoji: '🍕' });
  });

  it('refuses a too-long display name, a status emoji that is not one emoji, and keeps the sign-in name', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const long = await refusal(ann.request('profile.update', { displayName: 'x'.repeat(DISPLAY_NAME_MAX_CHARS + 1) }));
    expect(long).toMatchObject({ code: 'profile_invalid', field: 'displayName' });
    expect(long.message).toMatch(/at most 48/);
    const emoji = await refusal(ann.request('profile.update', { statusEmoji: 'busy' }));
    expect(emoji).toMatchObject({ code: 'profile_invalid', field: 'statusEmoji' });
    const { user } = await ann.request('profile.update', { displayName: 'Someone Else' });
    expect(user.name).toBe('ann');
  });
});

describe('avatars over HTTP', () => {
  it('keeps one PNG per person, served by content hash with long caching; others hear the new hash; DELETE goes back to initials', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const bob = await h.signIn('bob');
    const heard = userFrames(bob);
    const image = pngImage(64, 64);
    const put = await putAvatar(ann, image);
    expect(put.status).toBe(200);
    const { user } = (await put.json()) as { user: UserInfo };
    expect(user.avatar).toMatch(/^[0-9a-f]{64}$/);
    await until(() => heard.some((u) => u.avatar === user.avatar));

    const got = await fetch(`/api/avatars/${user.avatar}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('cache-control')).toMatch(/immutable/);
    expect(Buffer.from(await got.arrayBuffer()).equals(image)).toBe(true);
    expect((await fetch(`/api/avatars/${user.avatar}`, { headers: { 'if-none-match': `"${user.avatar}"` } })).status).toBe(304);

    // A new picture replaces the old one: the old URL is gone.
    const second = (await (await putAvatar(ann, pngImage(32, 32, [0, 0, 255]))).json()) as { user: UserInfo };
    expect(second.user.avatar).not.toBe(user.avatar);
    expect((await fetch(`/api/avatars/${user.avatar}`)).status).toBe(404);

    const removed = await fetch('/api/avatar', { method: 'DELETE', headers: auth(ann) });
    expect(((await removed.json()) as { user: UserInfo }).user.avatar).toBeUndefined();
    await until(() => heard.at(-1)?.avatar === undefined && heard.length >= 3);
  });

  it('refuses what is not a PNG/JPEG/WebP by its bytes, too large a file or picture, and no token — each with {code, message}', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const svg = await putAvatar(ann, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'));
    expect(svg.status).toBe(415);
    expect(await svg.json()).toMatchObject({ code: 'avatar_invalid', message: expect.stringMatching(/PNG, JPEG or WebP/) });

    const huge = await putAvatar(ann, pngImage(AVATAR_MAX_PIXELS + 1, 8));
    expect(huge.status).toBe(415);
    expect(((await huge.json()) as { message: string }).message).toMatch(/at most 512×512/);

    const heavy = await putAvatar(ann, Buffer.concat([pngImage(8, 8), Buffer.alloc(AVATAR_MAX_BYTES)]));
    expect(heavy.status).toBe(413);
    expect(await heavy.json()).toMatchObject({ code: 'avatar_invalid' });

    const anonymous = await fetch('/api/avatar', { method: 'PUT', body: pngImage(8, 8) });
    expect(anonymous.status).toBe(401);
    expect((await ann.request('users.list', {})).users[0]!.avatar).toBeUndefined();
  });
});

describe('channel.update and channel.archive', () => {
  it('lets the creator change topic and name; everyone hears it; a non-creator is refused; #general keeps its name', async () => {
    h = await startHost();
    const admin = await h.signIn('ada'); // the first person is admin
    const ann = await h.signIn('ann');
    const bob = await h.signIn('bob');
    const { channel } = await ann.request('channel.create', { name: 'plans' });
    const heard = channelFrames(bob);

    const { channel: changed } = await ann.request('channel.update', { channelId: channel.id, topic: 'Friday lunch', name: 'Lunch Plans' });
    expect(changed).toMatchObject({ name: 'lunch-plans', topic: 'Friday lunch' });
    await until(() => heard.some((c) => c.id === channel.id && c.name === 'lunch-plans' && c.joined === false));
    // The new name is the one to join by; the old one is free.
    expect((await bob.request('channel.join', { channel: 'lunch-plans' })).channel.id).toBe(channel.id);
    await ann.request('channel.create', { name: 'plans' });

    const notCreator = await refusal(bob.request('channel.update', { channelId: channel.id, topic: 'mine now' }));
    expect(notCreator).toMatchObject({ code: 'not_allowed' });
    expect(notCreator.message).toMatch(/created #lunch-plans or an admin/);
    const taken = await refusal(ann.request('channel.update', { channelId: channel.id, name: 'general' }));
    expect(taken.code).toBe('channel_exists');

    // An admin may too — the topic of #general, but not its name.
    await admin.request('channel.update', { channelId: channel.id, topic: 'by the admin' });
    expect((await admin.request('channel.update', { channelId: GENERAL_CHANNEL_ID, topic: 'Hello all' })).channel.topic).toBe('Hello all');
    expect((await refusal(admin.request('channel.update', { channelId: GENERAL_CHANNEL_ID, name: 'everyone' }))).code).toBe('not_allowed');

    await h.restart();
    const again = await h.signIn('carol');
    expect((await again.request('channel.list', {})).channels.find((c) => c.id === channel.id)).toMatchObject({ name: 'lunch-plans', topic: 'by the admin' });
  });

  it('archives a channel: read-only (send, edit, react, file refused), still readable and searchable; unarchive restores it', async () => {
    h = await startHost();
    await h.signIn('ada');
    const ann = await h.signIn('ann');
    const bob = await h.signIn('bob');
    const { channel } = await ann.request('channel.create', { name: 'old-project' });
    await bob.request('channel.join', { channel: channel.id });
    const conv = channelKey(channel.id);
    const { message } = await bob.request('send', { conv, clientMsgId: 'a1', text: 'the zebra report is done' });
    const heard = channelFrames(bob);

    expect((await refusal(bob.request('channel.archive', { channelId: channel.id, archived: true }))).code).toBe('not_allowed');
    const { channel: archived } = await ann.request('channel.archive', { channelId: channel.id, archived: true });
    expect(archived.archived).toBe(true);
    await until(() => heard.some((c) => c.id === channel.id && c.archived === true));

    const send = await refusal(bob.request('send', { conv, clientMsgId: 'a2', text: 'more' }));
    expect(send).toMatchObject({ code: 'channel_archived' });
    expect(send.message).toMatch(/read-only/);
    expect((await refusal(bob.request('message.edit', { seq: message.seq, text: 'edited' }))).code).toBe('channel_archived');
    expect((await refusal(bob.request('react', { seq: message.seq, emoji: '👍', on: true }))).code).toBe('channel_archived');
    expect((await refusal(bob.request('file.begin', { conv, clientMsgId: 'f1', name: 'a.txt', size: 3 }))).code).toBe('channel_archived');

    expect((await bob.request('history', { conv })).messages.map((m) => m.text)).toContain('the zebra report is done');
    await new Promise((r) => setTimeout(r, 400)); // the search index catches up in bulk
    expect((await bob.request('search', { query: 'zebra' })).hits.map((hit) => hit.message.seq)).toEqual([message.seq]);
    expect((await refusal(ann.request('channel.archive', { channelId: GENERAL_CHANNEL_ID, archived: true }))).code).toBe('not_allowed');

    await ann.request('channel.archive', { channelId: channel.id, archived: false });
    expect((await bob.request('send', { conv, clientMsgId: 'a3', text: 'back' })).message.text).toBe('back');
  });
});

describe('channel.members', () => {
  it('lists members with profile and presence, online first; refused outside the channel', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const bob = await h.signIn('bob');
    const carol = await h.signIn('carol');
    const { channel } = await ann.request('channel.create', { name: 'crew' });
    await bob.request('channel.join', { channel: channel.id });
    await bob.request('profile.update', { displayName: 'Bobby', statusText: 'Coding' });
    bob.close();
    await new Promise((r) => setTimeout(r, 100));
    const reply = await ann.request('channel.members', { channelId: channel.id });
    expect(reply.userIds).toEqual([ann.me!.id, bob.me!.id]);
    expect(reply.members!.map((m) => [m.name, m.online, m.displayName])).toEqual([
      ['ann', true, undefined],
      ['bob', false, 'Bobby'],
    ]);
    expect((await refusal(carol.request('channel.members', { channelId: channel.id }))).code).toBe('not_a_member');
  });
});
