// End-to-end encrypted DMs between terminal clients (issue 13, step 2): the
// terminal encrypts through the DM service (src-shared/e2e/dm-session.ts), the
// host stores and relays ciphertext only, the recipient reads it — live, from
// history after restarts of everyone, on a second device — and the people are
// told when devices change.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { encryptDm } from '../../src-shared/e2e/dm-envelope.js';
import { encodeDmFile, encodeDmText } from '../../src-shared/e2e/dm-payload.js';
import { encryptFileBytes, newFileKey } from '../../src-shared/e2e/file-cipher.js';
import { verifyDeviceBundle } from '../../src-shared/e2e/device-keys.js';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import { accountFiles } from '../../src-main/e2e/account-files.js';
import { makeDevices } from '../helpers/e2e-devices.js';
import { refusal, startHost, startPlainHost, tempDir, type Harness } from '../helpers/host-harness.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';
import { pinnedFetch } from '../helpers/session-pin.js';
import { startTerminal, type Terminal } from '../helpers/terminal-driver.js';

const SECRET = 'zanzibar-pelican';
let h: Harness;
let proxy: RecordingProxy | undefined;
let terminals: Terminal[] = [];

afterEach(async () => {
  for (const terminal of terminals) terminal.end();
  await Promise.all(terminals.map((t) => t.exit));
  terminals = [];
  await proxy?.close();
  proxy = undefined;
  await h?.stop();
});

/** A terminal client whose device lives in `dir` (key file and DM state, as `npm run chat` keeps them). */
async function terminal(name: string, dir: string, url?: string): Promise<Terminal> {
  const t = startTerminal(h.client(url ? { url } : {}), { name, password: 'secret-pw' }, 3000, { e2e: accountFiles(dir) });
  terminals.push(t);
  await t.waitForLine(`Signed in as ${name}`);
  return t;
}

async function stop(t: Terminal): Promise<void> {
  t.type('/quit');
  expect(await t.exit).toBe(0);
  terminals = terminals.filter((x) => x !== t);
}

function databaseBytes(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of fs.readdirSync(h.dataDir)) if (name.startsWith('session.db')) files.set(name, fs.readFileSync(path.join(h.dataDir, name)));
  return files;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

/** A plain ChatClient signed in as `name` (no DM service: a rogue or old app, or the test's look at the host). */
async function rawSignIn(name: string): Promise<ChatClient> {
  return h.signIn(name);
}

describe('encrypted DMs between terminal clients', () => {
  it('bob reads ann\'s DM; the text is not in session.db or its WAL, the host\'s search, on the wire, or shown to carol; /search finds it locally; after restarts of everyone bob reads it from history', async () => {
    h = await startPlainHost({ limits: { ratePerSecond: 1000, burst: 1000 } });
    proxy = await startRecordingProxy(h.host.port);
    const viaProxy = `ws://127.0.0.1:${proxy.port}/ws`;
    const [annDir, bobDir, carolDir] = [tempDir(), tempDir(), tempDir()];
    const ann = await terminal('ann', annDir, viaProxy);
    const bob = await terminal('bob', bobDir, viaProxy);
    const carol = await terminal('carol', carolDir, viaProxy);

    ann.type(`/msg bob meet at the ${SECRET} at six`);
    expect(await bob.waitForLine(SECRET)).toMatch(new RegExp(`^\\[\\d\\d:\\d\\d\\] DM ann → you: meet at the ${SECRET} at six$`));
    expect(await ann.waitForLine(SECRET)).toMatch(/DM you → bob: meet at the zanzibar-pelican at six$/);
    bob.type('/msg ann see you there');
    await ann.waitForLine('DM bob → you: see you there');
    ann.type('a channel line everyone may read');
    await carol.waitForLine('a channel line everyone may read');

    // Local search: the host has nothing, bob's terminal finds his decrypted copy.
    bob.type('/search pelican');
    expect(await bob.waitForLine('matching “pelican”')).toContain('1 message');
    expect(bob.lines(/DM ann.*«pelican»/)).toHaveLength(1);
    const raw = await rawSignIn('bob');
    expect((await raw.request('search', { query: SECRET })).hits).toEqual([]);
    expect((await raw.request('search', { query: 'pelican' })).hits).toEqual([]);

    // carol: not shown, and the host refuses her the conversation.
    expect(carol.output.join('\n')).not.toContain(SECRET);
    const rawCarol = await rawSignIn('carol');
    const annId = (await raw.request('users.list', {})).users.find((u) => u.name === 'ann')!.id;
    const dm = dmKey(annId, raw.me!.id);
    expect((await refusal(rawCarol.request('history', { conv: dm }))).code).toBe('conversation_invalid');

    // The wire (a plain host: no TLS to hide behind) and the database, while running.
    const wire = proxy.recorded();
    expect(wire.fromClients.includes(SECRET) || wire.fromTarget.includes(SECRET)).toBe(false);
    expect(wire.fromTarget.includes('a channel line everyone may read')).toBe(true); // the check can fail
    const running = databaseBytes();
    expect(running.get('session.db-wal')?.length ?? 0).toBeGreaterThan(0);
    for (const [name, bytes] of running) expect(bytes.includes(SECRET), name).toBe(false);
    expect([...running.values()].some((b) => b.includes('a channel line everyone may read'))).toBe(true);

    // The device files: 0600, and no plaintext in them.
    for (const file of filesUnder(annDir)) {
      expect(fs.statSync(file).mode & 0o777, file).toBe(0o600);
      expect(fs.readFileSync(file).includes(SECRET), file).toBe(false);
    }

    // Everyone stops; the host restarts; ann and bob come back on the same devices.
    await stop(ann);
    await stop(bob);
    await stop(carol);
    raw.close();
    rawCarol.close();
    await h.host.stop();
    for (const [name, bytes] of databaseBytes()) expect(bytes.includes(SECRET), `${name} after stop`).toBe(false);
    await h.restart();
    proxy.retarget(h.host.port);
    const bobAgain = await terminal('bob', bobDir, viaProxy);
    bobAgain.type('/msg ann', '/history');
    expect(await bobAgain.waitForLine(SECRET)).toMatch(/DM ann → you: meet at the zanzibar-pelican at six$/);
    await bobAgain.waitForLine('DM you → ann: see you there');
    const annAgain = await terminal('ann', annDir, viaProxy);
    annAgain.type(`/msg bob second ${SECRET}`);
    await bobAgain.waitForLine(`DM ann → you: second ${SECRET}`);
    // After the restart ann's counter went on (bob's replay guard took it), and nothing was refused.
    expect(bobAgain.output.join('\n')).not.toContain('could not decrypt');
    const afterRestart = proxy.recorded();
    expect(afterRestart.fromTarget.includes(SECRET) || afterRestart.fromClients.includes(SECRET)).toBe(false);
  });

  it('refuses a DM to someone without a device; marks a plain DM from before as not end-to-end encrypted', async () => {
    h = await startHost();
    const old = await rawSignIn('oldapp'); // an app without encryption: never publishes a device
    const ann = await terminal('ann', tempDir());
    ann.type('/msg oldapp hello there');
    await ann.waitForLine('! Not sent: oldapp has no device that can read encrypted messages yet; they need to sign in with an updated app.');
    ann.type('/safety oldapp');
    await ann.waitForLine('! oldapp has no device that can read encrypted messages yet, so there is no safety code');
    const annId = (await old.request('users.list', {})).users.find((u) => u.name === 'ann')!.id;
    old.send(dmKey(old.me!.id, annId), 'plain hello');
    expect(await ann.waitForLine('plain hello')).toMatch(/DM oldapp → you: plain hello \(not end-to-end encrypted\)$/);
    ann.end();
    expect(await ann.exit).toBe(1); // a refused message: scripts notice
    terminals = [];
  });

  it('a DM to someone who has just come online waits for their device key, then goes encrypted', async () => {
    h = await startHost();
    const ann = await terminal('ann', tempDir());
    const late = await rawSignIn('late'); // signs in after ann; its device comes a moment later
    await ann.waitForLine('* late is online');
    ann.type('/msg late welcome aboard');
    await ann.waitForLine("* Waiting for late's app to finish signing in before sending…");
    const [device] = await makeDevices(String(late.me!.id), 1);
    await late.request('device.publish', { bundle: device!.verified.bundle });
    expect(await ann.waitForLine('welcome aboard')).toMatch(/DM you → late: welcome aboard$/);
    expect(ann.output.join('\n')).not.toContain('Not sent');
    const annId = (await late.request('users.list', {})).users.find((u) => u.name === 'ann')!.id;
    const stored = (await late.request('history', { conv: dmKey(late.me!.id, annId), limit: 10 })).messages;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.e2e).toBeDefined();
    expect(stored[0]!.text).toBe('');
  });

  it('a second device of bob reads new DMs; new devices are announced; after /verify a device change makes sending wait for /confirm', async () => {
    h = await startHost({ limits: { ratePerSecond: 1000, burst: 1000 } });
    const ann = await terminal('ann', tempDir());
    const bob = await terminal('bob', tempDir());
    ann.type('/msg bob first');
    await bob.waitForLine('DM ann → you: first');

    const bobPhone = await terminal('bob', tempDir()); // another key file: another device
    await ann.waitForLine('* bob has a new device — compare /safety bob with them.');
    ann.type('/msg bob to both devices');
    await bob.waitForLine('DM ann → you: to both devices');
    await bobPhone.waitForLine('DM ann → you: to both devices');
    // bob's first device was told about his own new device.
    await bob.waitForLine('* You have a new device.');

    // Both sides compute the same code; ann marks it verified.
    ann.type('/safety bob');
    await ann.waitForLine('* Safety code of your DM with bob:');
    bob.type('/safety ann');
    await bob.waitForLine('* Safety code of your DM with ann:');
    const codeLines = (t: Terminal) => t.output.filter((l) => /^ {4}\d{5} \d{5} \d{5} \d{5}$/.test(l));
    await expect.poll(() => codeLines(bob).length).toBe(3);
    expect(codeLines(ann)).toEqual(codeLines(bob));
    ann.type('/verify bob');
    await ann.waitForLine('* Your DM with bob is verified.');
    ann.type('/safety bob');
    await ann.waitForLine('* Safety code of your DM with bob (verified):');

    // The host (here: the test) adds a device for bob.
    const rogue = await rawSignIn('bob');
    const [fake] = await makeDevices(String(rogue.me!.id), 1);
    await rogue.request('device.publish', { bundle: fake!.verified.bundle });
    await ann.waitForLine('! You had verified bob: messages to bob now wait.');
    ann.type('/msg bob are you still you?');
    await ann.waitForLine("! Not sent yet: bob's devices changed after you verified them.");
    ann.type('/msg bob and this one');
    await ann.waitForLine('! Held, like the ones before it: /confirm bob sends them.');
    expect(bob.lines('are you still you')).toEqual([]);
    ann.type('/confirm bob');
    await bob.waitForLine('DM ann → you: are you still you?');
    await bob.waitForLine('DM ann → you: and this one');
    ann.type('/safety bob');
    await expect.poll(() => ann.lines('* Safety code of your DM with bob:').length).toBe(2); // no longer "(verified)"
  });

  it('a tampered or replayed envelope from a rogue client prints "[could not decrypt: …]" and the terminal goes on', async () => {
    h = await startHost({ limits: { ratePerSecond: 1000, burst: 1000 } });
    const bob = await terminal('bob', tempDir());
    const rogue = await rawSignIn('ann');
    const annId = rogue.me!.id;
    const bobId = (await rogue.request('users.list', {})).users.find((u) => u.name === 'bob')!.id;
    const [device] = await makeDevices(String(annId), 1);
    await rogue.request('device.publish', { bundle: device!.verified.bundle });
    const { devices } = await rogue.request('devices.list', { userIds: [annId, bobId] });
    const recipients = await Promise.all(devices.flatMap((d) => d.devices).map((b) => verifyDeviceBundle(b)));
    const conv = dmKey(annId, bobId);
    const envelope = async (messageId: string, counter: number, text: string) =>
      encryptDm({ sender: device!.keys, conversationId: conv, messageId, counter, recipients, plaintext: encodeDmText(text) });

    const send = (clientMsgId: string, e2e: object) => rogue.request('send', { conv, clientMsgId, text: '', e2e: JSON.stringify(e2e) });
    await send('m-1', await envelope('m-1', 1, 'genuine one'));
    await bob.waitForLine('DM ann → you: genuine one');

    // Replayed: the same counter again under another message id (signed by the real device).
    await send('m-2', await envelope('m-2', 1, 'replayed counter'));
    expect(await bob.waitForLine('could not decrypt')).toMatch(/DM ann → you: \[could not decrypt: Message 1 from device .* was already received\.\]$/);

    // Tampered: one character of the ciphertext changed.
    const good = await envelope('m-3', 2, 'tampered text');
    const flipped = good.ciphertext.startsWith('A') ? `B${good.ciphertext.slice(1)}` : `A${good.ciphertext.slice(1)}`;
    await send('m-3', { ...good, ciphertext: flipped });
    await expect.poll(() => bob.lines('could not decrypt').length).toBe(2);
    expect(bob.lines('could not decrypt')[1]).toMatch(/\[could not decrypt: The message is not signed by the device it claims/);

    // The terminal goes on reading what is genuine.
    await send('m-4', await envelope('m-4', 3, 'still talking'));
    await bob.waitForLine('DM ann → you: still talking');
    expect(bob.output.join('\n')).not.toMatch(/replayed counter|tampered text/);
  });

  it('an encrypted file with a caption inside prints as one line, "[file NAME] caption", and /search finds the caption on this device', async () => {
    h = await startHost({ limits: { ratePerSecond: 1000, burst: 1000 } });
    const bob = await terminal('bob', tempDir());
    const ann = await rawSignIn('ann');
    const annId = ann.me!.id;
    const bobId = (await ann.request('users.list', {})).users.find((u) => u.name === 'bob')!.id;
    const [device] = await makeDevices(String(annId), 1);
    await ann.request('device.publish', { bundle: device!.verified.bundle });
    const { devices } = await ann.request('devices.list', { userIds: [annId, bobId] });
    const recipients = await Promise.all(devices.flatMap((d) => d.devices).map((b) => verifyDeviceBundle(b)));
    const conv = dmKey(annId, bobId);

    // What an app sends (dm-file.ts): the key, real name and caption in the envelope, the ciphertext to the host.
    const clientMsgId = 'f-captioned';
    const key = await newFileKey();
    const ciphertext = Buffer.from(await encryptFileBytes(key, clientMsgId, new TextEncoder().encode('moorings')));
    const plaintext = encodeDmFile({ key: Buffer.from(key).toString('base64url'), name: 'harbour.txt', type: 'text/plain', caption: 'the boat is at berth nine' });
    const e2e = JSON.stringify(await encryptDm({ sender: device!.keys, conversationId: conv, messageId: clientMsgId, counter: 1, recipients, plaintext }));
    const begun = await ann.request('file.begin', { conv, clientMsgId, name: 'encrypted file', size: ciphertext.length, e2e });
    const put = await pinnedFetch(`${h.httpBase}${begun.uploadUrl}`, h.host.identity!, { method: 'PUT', headers: { authorization: `Bearer ${ann.token}`, 'upload-offset': '0' }, body: ciphertext });
    expect(put.status).toBe(204);
    await ann.request('file.complete', { fileId: begun.fileId, sha256: createHash('sha256').update(ciphertext).digest('hex') });

    expect(await bob.waitForLine('harbour.txt')).toMatch(/DM ann → you: \[file harbour\.txt\] the boat is at berth nine$/);
    bob.type('/search berth');
    expect(await bob.waitForLine('matching “berth”')).toContain('1 message');
    expect(bob.lines(/\[file harbour\.txt\].*«berth»/)).toHaveLength(1);
  });
});
