// Handing the session this app hosts over to someone (issue 11): HostController
// lists who could take it, offers it, and follows the host's hand-over — "Handed
// over to BOB" once everyone moved, hosting stopped (and the advertisement
// withdrawn) once the shared files were passed on. The successor is a Node
// client running takeOverSession, as another computer's app would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { movedSocketUrls } from '../../src-shared/session-move.js';
import { HostController, type SessionAdvertiserLike } from '../../src-main/app/host-controller.js';
import type { TakenOver } from '../../src-main/handover/take-over.js';
import { takeOverOnLoopback } from '../helpers/loopback-take-over.js';
import { probeSessionCertificate } from '../../src-main/trust/certificate-probe.js';
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { collect } from '../helpers/host-harness.js';

const GENERAL = channelKey(GENERAL_CHANNEL_ID);

class FakeAdvertiser implements SessionAdvertiserLike {
  stopped = false;
  start(): void {}
  update(): void {}
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('HostController hand-over', () => {
  let root: string;
  let advertisers: FakeAdvertiser[];
  let changes: HostStatus[];
  let controller: HostController;
  const clients: ChatClient[] = [];
  let taken: TakenOver | undefined;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-handover-'));
    advertisers = [];
    changes = [];
    controller = new HostController({
      sessionsDir: path.join(root, 'sessions'),
      webRoot: null,
      port: 0,
      bindAddress: '127.0.0.1',
      lanAddresses: () => ['127.0.0.1'],
      candidatesOnThisComputer: true,
      createAdvertiser: () => {
        const advertiser = new FakeAdvertiser();
        advertisers.push(advertiser);
        return advertiser;
      },
      onStatusChange: (status) => changes.push(status),
    });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await taken?.host.stop();
    taken = undefined;
    await controller.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function join(port: number, pin: SessionPin, name: string, canHost: boolean): Promise<ChatClient> {
    const client = new ChatClient({ url: `wss://127.0.0.1:${port}/ws`, WebSocket: pinnedWebSocket(pin), minDelayMs: 20, maxDelayMs: 200, canHost });
    clients.push(client);
    client.on('moved', ({ to }) => client.moveTo(movedSocketUrls(to)));
    await client.connect();
    await client.signIn({ name, password: 'secret-pw' });
    return client;
  }

  it('offers the session to a person, says "handed over" once they took it, and stops hosting when the files are passed on', async () => {
    const { port } = await controller.start({ sessionName: 'Office' });
    const pin = await probeSessionCertificate('127.0.0.1', port!);
    const ann = await join(port!, pin, 'ann', true); // the owner: admin
    const bob = await join(port!, pin, 'bob', true);
    await join(port!, pin, 'cat', false); // a browser: cannot host
    const seen = collect(ann);

    // Admins first; only people whose app can host; non-admins marked (they become admin by accepting).
    expect(controller.handOverCandidates()).toEqual([
      { id: ann.me!.id, name: 'ann', isAdmin: true },
      { id: bob.me!.id, name: 'bob', isAdmin: false },
    ]);

    // Bob's app accepts the offer (what the desktop app's Accept runs in main).
    const accepted = new Promise<TakenOver>((resolve, reject) => {
      bob.on('handoverOffer', ({ offer, from, makesAdmin }) => {
        expect(from.name).toBe('ann');
        expect(makesAdmin).toBe(true);
        takeOverOnLoopback({ client: bob, origin: `https://127.0.0.1:${port}`, pin, offer }).then(resolve, reject);
      });
    });
    const waiting = controller.waitForHandOver(5000);
    controller.offerHandOver(bob.me!.id);
    taken = await accepted;
    expect(await waiting).toBe('moved');

    // Everyone moved; this computer says to whom, and no longer announces the session.
    const moved = changes.find((status) => status.handedOverTo === 'bob');
    expect(moved).toMatchObject({ running: true, handedOverTo: 'bob' });
    expect(advertisers[0]!.stopped).toBe(true);

    // The files are passed on; then hosting stops by itself and the status still says who has it.
    await taken.files;
    await until(() => !controller.status().running, 'hosting stopped');
    expect(controller.status()).toMatchObject({ running: false, handedOverTo: 'bob' });
    expect(changes.at(-1)).toMatchObject({ running: false, handedOverTo: 'bob' });
    expect(controller.host).toBeNull();

    // Chat goes on at bob's computer.
    await until(() => ann.url === `wss://127.0.0.1:${taken!.host.port}/ws` && ann.state === 'online', 'ann moved');
    await ann.send(GENERAL, 'hello from the new host').done;
    await seen.waitFor(() => seen.texts(GENERAL).includes('hello from the new host'));

    // Hosting again clears it.
    const again = await controller.start({ sessionName: 'Office 2' });
    expect(again.handedOverTo).toBeUndefined();
  });

  it('leaves out the hosting computer’s own windows (connected over loopback) unless told otherwise', async () => {
    const local = new HostController({ sessionsDir: path.join(root, 'local'), webRoot: null, port: 0, bindAddress: '127.0.0.1', createAdvertiser: () => new FakeAdvertiser() });
    try {
      const { port } = await local.start({ sessionName: 'Office' });
      const pin = await probeSessionCertificate('127.0.0.1', port!);
      await join(port!, pin, 'ann', true);
      expect(local.handOverCandidates()).toEqual([]);
      expect(controller.handOverCandidates()).toEqual([]); // not hosting
    } finally {
      await local.stop();
    }
  });

  it('a declined offer is an answer: the status says so and whoever waits hears "nobody" at once', async () => {
    const { port } = await controller.start({ sessionName: 'Office' });
    const pin = await probeSessionCertificate('127.0.0.1', port!);
    await join(port!, pin, 'ann', true);
    const bob = await join(port!, pin, 'bob', true);
    bob.on('handoverOffer', ({ offer }) => void bob.request('handover.decline', { offer }).catch(() => {}));
    const started = Date.now();
    const waiting = controller.waitForHandOver(10_000);
    controller.offerHandOver(bob.me!.id);
    expect(controller.status().handOverOffer).toEqual({ to: 'bob', state: 'offered' });
    expect(await waiting).toBe('nobody');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(controller.status()).toMatchObject({ running: true, handOverOffer: { to: 'bob', state: 'declined' } });
    expect(changes.at(-1)?.handOverOffer).toEqual({ to: 'bob', state: 'declined' });
  });

  it('says so when there is nobody to offer it to, and when nobody accepts in time', async () => {
    await controller.start({ sessionName: 'Office' });
    expect(controller.handOverCandidates()).toEqual([]);
    expect(() => controller.offerHandOver(99)).toThrow(/not online in an app that can host/);
    expect(await controller.waitForHandOver(50)).toBe('nobody');
  });
});
