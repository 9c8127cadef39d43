// End-to-end encrypted DMs, host side (PROTOCOL.md, "End-to-end encrypted DMs
// (0.8.0)"): devices are published and handed out, envelopes travel and are
// stored as sent, the host refuses what does not fit, and the plaintext is
// nowhere on the host — not in its search, not in session.db or its WAL.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import type { DeviceKeys, VerifiedDevice } from '../../src-shared/e2e/device-keys.js';
import { deviceBundleOf, generateDeviceKeys, verifyDeviceBundle } from '../../src-shared/e2e/device-keys.js';
import { decryptDm, encryptDm } from '../../src-shared/e2e/dm-envelope.js';
import { decodeDmContent, encodeDmFile } from '../../src-shared/e2e/dm-payload.js';
import { encryptFileBytes, newFileKey } from '../../src-shared/e2e/file-cipher.js';
import { E2E_MAX_DEVICES_PER_PERSON } from '../../src-shared/limits.js';
import { channelKey, dmKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import type { ChatEvent, Message, UserDevices } from '../../src-shared/protocol/frames.js';
import { makeDevices, knownDevices, type TestDevice } from '../helpers/e2e-devices.js';
import { collect, refusal, startHost, type Harness } from '../helpers/host-harness.js';
import { pinnedFetch } from '../helpers/session-pin.js';

const SECRET = 'zanzibar-pelican';
const CAPTION_SECRET = 'marmalade-lighthouse';
let h: Harness;

afterEach(async () => {
  await h?.stop();
});

const idOf = (client: ChatClient) => client.me!.id;
const utf8 = (text: string) => new TextEncoder().encode(text);
const fromUtf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
let nextId = 0;
const msgId = () => `e2e-${++nextId}-${Date.now()}`;

async function publish(client: ChatClient, device: TestDevice): Promise<void> {
  await client.request('device.publish', { bundle: device.verified.bundle });
}

/** Every published device of these people, checked as a client would. */
async function devicesOf(client: ChatClient, userIds: number[]): Promise<VerifiedDevice[]> {
  const { devices } = await client.request('devices.list', { userIds });
  return Promise.all(devices.flatMap((entry) => entry.devices.map((bundle) => verifyDeviceBundle(bundle))));
}

interface Envelope {
  sender: DeviceKeys;
  conv: string;
  messageId: string;
  counter: number;
  recipients: VerifiedDevice[];
  text: string;
}
const envelope = async (e: Envelope): Promise<string> =>
  JSON.stringify(await encryptDm({ sender: e.sender, conversationId: e.conv, messageId: e.messageId, counter: e.counter, recipients: e.recipients, plaintext: utf8(e.text) }));

const messageIn = (events: ChatEvent[], seq: number): Message | undefined =>
  events.flatMap((e) => (e.type === 'message' && e.message.seq === seq ? [e.message] : []))[0];

/** Every file of the session's data folder whose name starts with session.db, as bytes. */
function databaseFiles(dataDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of fs.readdirSync(dataDir)) if (name.startsWith('session.db')) files.set(name, fs.readFileSync(path.join(dataDir, name)));
  return files;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

describe('End-to-end encrypted DMs on the host', () => {
  it('ann DMs bob (2 devices) encrypted: both of his devices decrypt it live and from history; a third person, the search and session.db and its WAL never see the text', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const bob = await h.signIn('bob');
    const bob2 = await h.signIn('bob');
    const carol = await h.signIn('carol');
    const dm = dmKey(idOf(ann), idOf(bob));
    const [a1] = await makeDevices(String(idOf(ann)), 1);
    const [b1, b2] = await makeDevices(String(idOf(bob)), 2);
    const everyDevice = [a1!, b1!, b2!];

    const seenByCarol: UserDevices[] = [];
    carol.on('devices', (frame) => seenByCarol.push(frame));
    await publish(ann, a1!);
    await publish(bob, b1!);
    await publish(bob2, b2!);
    // Publishing the same device again changes nothing.
    expect((await bob2.request('device.publish', { bundle: b2!.verified.bundle })).device).toEqual(b2!.verified.bundle);
    await expect.poll(() => seenByCarol.filter((f) => f.user === idOf(bob)).at(-1)?.devices.length).toBe(2);
    await carol.request('ping', {}); // a round trip: any frame queued for carol before it has arrived
    expect(seenByCarol.filter((f) => f.user === idOf(bob))).toHaveLength(2);

    const recipients = await devicesOf(ann, [idOf(ann), idOf(bob)]);
    expect(recipients.map((r) => r.bundle.deviceId).sort()).toEqual(everyDevice.map((d) => d.keys.deviceId).sort());

    const onBob = collect(bob);
    const onBob2 = collect(bob2);
    const clientMsgId = msgId();
    const e2e = await envelope({ sender: a1!.keys, conv: dm, messageId: clientMsgId, counter: 1, recipients, text: `meet at the ${SECRET} @bob` });
    const { message: sent } = await ann.request('send', { conv: dm, clientMsgId, text: '', e2e });
    expect(sent).toMatchObject({ text: '', e2e });
    expect(sent.mentions).toBeUndefined();

    const senderDevice = knownDevices(everyDevice);
    for (const [on, device] of [[onBob, b1!], [onBob2, b2!]] as const) {
      await on.waitFor(() => messageIn(on.events, sent.seq) !== undefined);
      const live = messageIn(on.events, sent.seq)!;
      expect(live.text).toBe('');
      const opened = await decryptDm({ envelope: live.e2e, me: device.keys, conversationId: dm, senderDevice });
      expect(fromUtf8(opened.plaintext)).toBe(`meet at the ${SECRET} @bob`);
    }
    const { messages } = await bob2.request('history', { conv: dm });
    const stored = messages.find((m) => m.seq === sent.seq)!;
    expect(stored.e2e).toBe(e2e);
    expect(fromUtf8((await decryptDm({ envelope: stored.e2e, me: b2!.keys, conversationId: dm, senderDevice })).plaintext)).toContain(SECRET);

    // A reply quotes the encrypted original without text; bob's own reply is encrypted too.
    const replyId = msgId();
    const replyEnvelope = await envelope({ sender: b1!.keys, conv: dm, messageId: replyId, counter: 1, recipients, text: 'see you there' });
    const { message: reply } = await bob.request('send', { conv: dm, clientMsgId: replyId, text: '', e2e: replyEnvelope, replyTo: sent.seq });
    expect(reply.replyTo).toMatchObject({ seq: sent.seq, text: '', e2e: true, deleted: false });

    // The third person sees nothing; the host's search finds nothing, for anyone.
    expect((await refusal(carol.request('history', { conv: dm }))).code).toBe('conversation_invalid');
    for (const who of [ann, bob, carol]) expect((await who.request('search', { query: SECRET })).hits).toEqual([]);
    expect((await ann.request('search', { query: 'pelican', conv: dm })).hits).toEqual([]);

    // An edit is a new envelope for the same message id; never plain text.
    expect((await refusal(ann.request('message.edit', { seq: sent.seq, text: 'plain now' }))).code).toBe('invalid_field');
    const edited = await envelope({ sender: a1!.keys, conv: dm, messageId: clientMsgId, counter: 2, recipients, text: `meet at the ${SECRET}, 6pm` });
    const { message: afterEdit } = await ann.request('message.edit', { seq: sent.seq, text: '', e2e: edited });
    expect(afterEdit).toMatchObject({ text: '', e2e: edited, editedAt: expect.any(Number) });
    expect(fromUtf8((await decryptDm({ envelope: afterEdit.e2e, me: b1!.keys, conversationId: dm, senderDevice })).plaintext)).toContain('6pm');

    // The raw bytes, while the host runs with its WAL in use, and after it stopped.
    const running = databaseFiles(h.dataDir);
    expect(running.get('session.db-wal')?.length ?? 0).toBeGreaterThan(0);
    for (const [name, bytes] of running) expect(bytes.includes(SECRET), `${name} while running`).toBe(false);
    // Canary: the same check finds a word the host does store (a user name), so it can fail.
    expect([...running.values()].some((bytes) => bytes.includes('carol'))).toBe(true);
    await h.host.stop();
    for (const [name, bytes] of databaseFiles(h.dataDir)) expect(bytes.includes(SECRET), `${name} after stop`).toBe(false);
  });

  it('the ciphertext waits on the host: a device that signs in later gets it replayed, also after the host restarted', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const bob = await h.signIn('bob');
    const bobId = idOf(bob);
    const dm = dmKey(idOf(ann), bobId);
    const [a1] = await makeDevices(String(idOf(ann)), 1);
    const [b1] = await makeDevices(String(bobId), 1);
    await publish(ann, a1!);
    await publish(bob, b1!);
    const after = bob.lastSeq;
    bob.close();
    const clientMsgId = msgId();
    const e2e = await envelope({ sender: a1!.keys, conv: dm, messageId: clientMsgId, counter: 1, recipients: [a1!.verified, b1!.verified], text: SECRET });
    const { message } = await ann.request('send', { conv: dm, clientMsgId, text: '', e2e });
    await h.restart();

    const later = h.client();
    const replayed: ChatEvent[] = [];
    later.on('event', (event) => replayed.push(event));
    await later.connect();
    await later.signIn({ name: 'bob', password: 'secret-pw', after });
    await expect.poll(() => messageIn(replayed, message.seq)?.e2e).toBe(e2e);
    const opened = await decryptDm({ envelope: messageIn(replayed, message.seq)!.e2e, me: b1!.keys, conversationId: dm, senderDevice: knownDevices([a1!, b1!]) });
    expect(fromUtf8(opened.plaintext)).toBe(SECRET);
  });

  it('a deleted encrypted DM loses its envelope', async () => {
    h = await startHost();
    const ann = await h.signIn('ann');
    const bob = await h.signIn('bob');
    const dm = dmKey(idOf(ann), idOf(bob));
    const [a1] = await makeDevices(String(idOf(ann)), 1);
    const [b1] = await makeDevices(String(idOf(bob)), 1);
    await publish(ann, a1!);
    await publish(bob, b1!);
    const clientMsgId = msgId();
    const e2e = await envelope({ sender: a1!.keys, conv: dm, messageId: clientMsgId, counter: 1, recipients: [a1!.verified, b1!.verified], text: SECRET });
    const { message } = await ann.request('send', { conv: dm, clientMsgId, text: '', e2e });
    expect((await ann.request('message.delete', { seq: message.seq })).message).toMatchObject({ deleted: true, text: '' });
    const { messages } = await bob.request('history', { conv: dm });
    expect(messages.find((m) => m.seq === message.seq)).toMatchObject({ deleted: true });
    expect(messages.find((m) => m.seq === message.seq)!.e2e).toBeUndefined();
    // Gone from the row itself, not only from what clients are shown.
    const db = new Database(path.join(h.dataDir, 'session.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT e2e FROM messages WHERE seq = ?').get(message.seq)).toMatchObject({ e2e: null });
    } finally {
      db.close();
    }
  });

  describe('devices', () => {
    it('refuses a bundle with a bad signature, one for another person, an 11th device and other keys for a known device id', async () => {
      h = await startHost();
      const bob = await h.signIn('bob');
      const other = await h.signIn('other');
      const [b1] = await makeDevices(String(idOf(bob)), 1);
      const bundle = b1!.verified.bundle;

      const forged = { ...bundle, signature: bundle.signature.startsWith('A') ? `B${bundle.signature.slice(1)}` : `A${bundle.signature.slice(1)}` };
      expect(await refusal(bob.request('device.publish', { bundle: forged }))).toMatchObject({ code: 'device_invalid' });
      expect(await refusal(other.request('device.publish', { bundle }))).toMatchObject({ code: 'device_invalid' });

      await publish(bob, b1!);
      const swapped = await deviceBundleOf({ ...(await generateDeviceKeys(String(idOf(bob)))), deviceId: bundle.deviceId });
      expect(await refusal(bob.request('device.publish', { bundle: swapped }))).toMatchObject({ code: 'device_conflict' });

      for (const device of await makeDevices(String(idOf(bob)), E2E_MAX_DEVICES_PER_PERSON - 1)) await publish(bob, device);
      const [eleventh] = await makeDevices(String(idOf(bob)), 1);
      const error = await refusal(bob.request('device.publish', { bundle: eleventh!.verified.bundle }));
      expect(error).toMatchObject({ code: 'too_many_devices' });
      expect(error.message).toContain(String(E2E_MAX_DEVICES_PER_PERSON));
      const { devices } = await other.request('devices.list', { userIds: [idOf(bob)] });
      expect(devices[0]!.devices).toHaveLength(E2E_MAX_DEVICES_PER_PERSON);
      expect(devices[0]!.devices[0]).toEqual(bundle);
      expect(await refusal(other.request('devices.list', { userIds: [999] }))).toMatchObject({ code: 'user_not_found' });
    });

    it('devices survive a restart of the host', async () => {
      h = await startHost();
      const bob = await h.signIn('bob');
      const [b1] = await makeDevices(String(idOf(bob)), 1);
      await publish(bob, b1!);
      await h.restart();
      const again = await h.signIn('bob');
      expect((await again.request('devices.list', { userIds: [idOf(again)] })).devices[0]!.devices).toEqual([b1!.verified.bundle]);
    });
  });

  describe('envelopes the host refuses', () => {
    it('outside a DM, together with text, naming another conversation, message or sender, or from an unpublished device', async () => {
      h = await startHost();
      const ann = await h.signIn('ann');
      const bob = await h.signIn('bob');
      const carol = await h.signIn('carol');
      const dm = dmKey(idOf(ann), idOf(bob));
      const [a1, aUnpublished] = await makeDevices(String(idOf(ann)), 2);
      const [b1] = await makeDevices(String(idOf(bob)), 1);
      const [c1] = await makeDevices(String(idOf(carol)), 1);
      await publish(ann, a1!);
      await publish(bob, b1!);
      await publish(carol, c1!);
      const recipients = [a1!.verified, b1!.verified];
      const send = async (conv: string, fields: Partial<Envelope> & { text?: string; envelopeText?: string }) => {
        const clientMsgId = msgId();
        const e2e = await envelope({ sender: a1!.keys, conv, messageId: clientMsgId, counter: 1, recipients, text: SECRET, ...fields });
        return refusal(ann.request('send', { conv, clientMsgId, text: fields.envelopeText ?? '', e2e }));
      };

      expect(await send(channelKey(GENERAL_CHANNEL_ID), {})).toMatchObject({ code: 'invalid_field', field: 'e2e' });
      expect(await send(dm, { envelopeText: 'also in plain text' })).toMatchObject({ code: 'invalid_field', field: 'text' });
      expect(await send(dm, { conv: dmKey(idOf(ann), idOf(carol)) })).toMatchObject({ code: 'envelope_invalid', field: 'e2e' });
      expect(await send(dm, { messageId: 'another-id' })).toMatchObject({ code: 'envelope_invalid' });
      expect(await send(dm, { sender: b1!.keys })).toMatchObject({ code: 'envelope_invalid' });
      expect(await send(dm, { sender: aUnpublished!.keys })).toMatchObject({ code: 'envelope_invalid' });
      expect(await send(dm, { recipients: [...recipients, c1!.verified] })).toMatchObject({ code: 'envelope_invalid' });
      expect((await refusal(ann.request('send', { conv: dm, clientMsgId: msgId(), text: '', e2e: '{"not":"an envelope"}' }))).code).toBe('envelope_invalid');

      // A plain message is never edited into an encrypted one.
      const { message: plain } = await ann.request('send', { conv: dm, clientMsgId: msgId(), text: 'hello' });
      const e2e = await envelope({ sender: a1!.keys, conv: dm, messageId: plain.clientMsgId!, counter: 5, recipients, text: 'x' });
      expect(await refusal(ann.request('message.edit', { seq: plain.seq, text: '', e2e }))).toMatchObject({ code: 'invalid_field', field: 'e2e' });
      // Nothing refused was stored.
      const { messages } = await bob.request('history', { conv: dm });
      expect(messages.map((m) => m.text)).toEqual(['hello']);
    });

    it('file.begin: e2e only in a DM and without a thumbnail; in a DM the ciphertext is relayed under the neutral name and its message carries the envelope, the caption inside it', async () => {
      h = await startHost();
      const ann = await h.signIn('ann');
      const bob = await h.signIn('bob');
      const dm = dmKey(idOf(ann), idOf(bob));
      const [a1] = await makeDevices(String(idOf(ann)), 1);
      const [b1] = await makeDevices(String(idOf(bob)), 1);
      await publish(ann, a1!);
      await publish(bob, b1!);
      const begin = async (conv: string, extra: { thumbnail?: string } = {}) => {
        const clientMsgId = msgId();
        const e2e = await envelope({ sender: a1!.keys, conv, messageId: clientMsgId, counter: 1, recipients: [a1!.verified, b1!.verified], text: '{"name":"plan.pdf"}' });
        return ann.request('file.begin', { conv, clientMsgId, name: 'encrypted file', size: 100, e2e, ...extra });
      };
      expect(await refusal(begin(channelKey(GENERAL_CHANNEL_ID)))).toMatchObject({ code: 'invalid_field', field: 'e2e' });
      expect(await refusal(begin(dm, { thumbnail: 'data:image/png;base64,AAAA' }))).toMatchObject({ code: 'invalid_field', field: 'thumbnail' });
      expect(await begin(dm)).toMatchObject({ offset: 0, duplicate: false });

      // A whole encrypted file: key and real name inside the envelope, ciphertext to the host.
      const clientMsgId = msgId();
      const key = await newFileKey();
      const ciphertext = Buffer.from(await encryptFileBytes(key, clientMsgId, utf8(`the ${SECRET} plan`)));
      // The payload as the apps write it (dm-payload.ts), the caption inside.
      const inside = fromUtf8(encodeDmFile({ key: Buffer.from(key).toString('base64url'), name: 'plan.txt', type: 'text/plain', caption: `see ${CAPTION_SECRET}` }));
      const e2e = await envelope({ sender: a1!.keys, conv: dm, messageId: clientMsgId, counter: 2, recipients: [a1!.verified, b1!.verified], text: inside });
      const begun = await ann.request('file.begin', { conv: dm, clientMsgId, name: 'encrypted file', size: ciphertext.length, mimeType: 'application/octet-stream', e2e });
      const put = await pinnedFetch(`${h.httpBase}${begun.uploadUrl}`, h.host.identity!, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ann.token}`, 'upload-offset': '0' },
        body: ciphertext,
      });
      expect(put.status).toBe(204);
      const { message } = await ann.request('file.complete', { fileId: begun.fileId, sha256: createHash('sha256').update(ciphertext).digest('hex') });
      expect(message).toMatchObject({ kind: 'file', text: '', e2e, file: { name: 'encrypted file', size: ciphertext.length } });
      const { messages } = await bob.request('history', { conv: dm });
      const opened = await decryptDm({ envelope: messages.at(-1)!.e2e, me: b1!.keys, conversationId: dm, senderDevice: knownDevices([a1!, b1!]) });
      expect(decodeDmContent(opened.plaintext)).toMatchObject({ kind: 'file', name: 'plan.txt', caption: `see ${CAPTION_SECRET}` });
      // Neither the name, the caption nor the content is anywhere in the host's folder (session.db and its WAL included).
      const held = filesUnder(h.dataDir);
      expect(held.some((file) => path.basename(file) === 'session.db-wal')).toBe(true);
      for (const file of held) {
        const bytes = fs.readFileSync(file);
        expect(bytes.includes(SECRET) || bytes.includes('plan.txt') || bytes.includes(CAPTION_SECRET), file).toBe(false);
      }
      // The caption is not in the host's search either.
      expect((await bob.request('search', { query: 'marmalade', limit: 20 })).hits).toEqual([]);
    });
  });
});
