// Hosting from the desktop app: a real ChatHost on port 0 in a temp folder, a
// fake advertiser (mDNS never touches the machine's real interfaces in tests).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src-shared/chat-client.js';
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import type { SessionTxtRecord } from '../../src-shared/protocol/session-txt-record.js';
import { PROTOCOL_VERSION } from '../../src-shared/limits.js';
import { HostController, sessionSlug, type SessionAdvertiserLike } from '../../src-main/app/host-controller.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { probeSessionCertificate } from '../../src-main/trust/certificate-probe.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { getJsonFromIdentifiedHost, servesTls as reachable } from '../helpers/session-pin.js';

class FakeAdvertiser implements SessionAdvertiserLike {
  started = false;
  stopped = false;
  readonly updates: SessionTxtRecord[] = [];
  constructor(readonly options: { port: number; txt: SessionTxtRecord; name: string }) {}
  start(): void {
    this.started = true;
  }
  update(txt: SessionTxtRecord): void {
    this.updates.push(txt);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}


describe('sessionSlug', () => {
  it('is readable, stable and unique per name', () => {
    expect(sessionSlug('Design Team')).toMatch(/^design-team-[0-9a-f]{8}$/);
    expect(sessionSlug('Design Team')).toBe(sessionSlug('  design team '));
    expect(sessionSlug('Café')).not.toBe(sessionSlug('Cafe'));
    expect(sessionSlug('Café')).toMatch(/^cafe-/);
    expect(sessionSlug('🎉🎉')).toMatch(/^session-[0-9a-f]{8}$/);
    expect(sessionSlug('../../etc')).toMatch(/^etc-[0-9a-f]{8}$/);
    expect(sessionSlug('x'.repeat(64)).length).toBeLessThanOrEqual(49);
  });
});

describe('HostController', () => {
  let sessionsDir: string;
  let advertisers: FakeAdvertiser[];
  let changes: HostStatus[];
  let controller: HostController;
  const clients: ChatClient[] = [];

  beforeEach(() => {
    sessionsDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-hosting-')), 'sessions');
    advertisers = [];
    changes = [];
    controller = new HostController({
      sessionsDir,
      webRoot: null,
      port: 0,
      bindAddress: '127.0.0.1',
      lanAddresses: () => ['192.168.1.20', 'fd00::20'],
      createAdvertiser: (options) => {
        const advertiser = new FakeAdvertiser(options);
        advertisers.push(advertiser);
        return advertiser;
      },
      onStatusChange: (status) => changes.push(status),
    });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await controller.stop();
    fs.rmSync(path.dirname(sessionsDir), { recursive: true, force: true });
  });

  it('is stopped at first', () => {
    expect(controller.status()).toEqual({ running: false, sessionName: null, port: null, urls: [], localUrl: null, passcodeRequired: false, identity: null });
  });

  it('starts a real ChatHost, in sessions/<slug>, and reports its addresses', async () => {
    const status = await controller.start({ sessionName: 'Office' });
    expect(status.running).toBe(true);
    expect(status.sessionName).toBe('Office');
    expect(status.port).toBeGreaterThan(0);
    expect(status.urls).toEqual([`https://192.168.1.20:${status.port}/`, `https://[fd00::20]:${status.port}/`]);
    expect(status.localUrl).toBe(`wss://127.0.0.1:${status.port}/ws`);
    expect(status.identity).toMatch(/^[0-9a-f]{64}$/);
    expect(status.passcodeRequired).toBe(false);
    expect(controller.status()).toEqual(status);
    expect(changes).toEqual([status]);

    const info = (await getJsonFromIdentifiedHost(status.port!, status.identity!, '/api/session')) as { name: string; id: string };
    expect(info.name).toBe('Office');
    expect(fs.existsSync(path.join(sessionsDir, sessionSlug('Office'), 'session.db'))).toBe(true);

    expect(advertisers).toHaveLength(1);
    const advertiser = advertisers[0]!;
    expect(advertiser.started).toBe(true);
    expect(advertiser.options).toEqual({
      port: status.port,
      name: 'Office',
      txt: { v: String(PROTOCOL_VERSION), id: info.id, name: 'Office', online: '0', passcode: '0', fp: status.identity! },
    });
  });

  it('advertises that a passcode is needed, never the passcode', async () => {
    const status = await controller.start({ sessionName: 'Exam room', passcode: 'sesame' });
    expect(status.passcodeRequired).toBe(true);
    const txt = advertisers[0]!.options.txt;
    expect(txt.passcode).toBe('1');
    expect(JSON.stringify(txt)).not.toContain('sesame');
  });

  it('updates the advertised online count as people sign in and leave', async () => {
    const { port } = await controller.start({ sessionName: 'Office' });
    const pin = await probeSessionCertificate('127.0.0.1', port!);
    const client = new ChatClient({ url: `wss://127.0.0.1:${port}/ws`, WebSocket: pinnedWebSocket(pin), minDelayMs: 20, maxDelayMs: 200 });
    clients.push(client);
    await client.connect();
    await client.signIn({ name: 'alice', password: 'secret-pw' });
    const advertiser = advertisers[0]!;
    await until(() => advertiser.updates.at(-1)?.online === '1', 'online=1');
    client.close();
    await until(() => advertiser.updates.at(-1)?.online === '0', 'online=0');
  });

  it('stops the host and withdraws the advertisement', async () => {
    const { port } = await controller.start({ sessionName: 'Office' });
    expect(await reachable(port!)).toBe(true);
    const stopped = await controller.stop();
    expect(stopped.running).toBe(false);
    expect(advertisers[0]!.stopped).toBe(true);
    expect(await reachable(port!)).toBe(false);
    expect(changes.at(-1)?.running).toBe(false);
    // Stopping again is harmless.
    expect((await controller.stop()).running).toBe(false);
  });

  it('reopens the same session (same id, same history) when the same name is hosted again', async () => {
    const first = await controller.start({ sessionName: 'Office' });
    const id = ((await getJsonFromIdentifiedHost(first.port!, first.identity!, '/api/session')) as { id: string }).id;
    await controller.stop();
    const again = await controller.start({ sessionName: 'Office' });
    const idAgain = ((await getJsonFromIdentifiedHost(again.port!, again.identity!, '/api/session')) as { id: string }).id;
    expect(idAgain).toBe(id);
    // …and the same identity: people who trusted it last week are not asked again.
    expect(again.identity).toBe(first.identity);
  });

  it('answers a repeated start of the same session with its status, and refuses a different one', async () => {
    const status = await controller.start({ sessionName: 'Office' });
    expect(await controller.start({ sessionName: 'Office' })).toEqual(status);
    const refused = controller.start({ sessionName: 'Lab' });
    await expect(refused).rejects.toBeInstanceOf(IpcError);
    await expect(refused).rejects.toMatchObject({ code: 'host_already_running', message: expect.stringContaining('Stop hosting it first') });
    expect(advertisers).toHaveLength(1);
  });

  it('serialises concurrent starts: one host, one advertiser', async () => {
    const [a, b] = await Promise.all([controller.start({ sessionName: 'Office' }), controller.start({ sessionName: 'Office' })]);
    expect(a).toEqual(b);
    expect(advertisers).toHaveLength(1);
  });

  it('keeps hosting when mDNS advertising fails', async () => {
    const log: string[] = [];
    const failing = new HostController({
      sessionsDir,
      webRoot: null,
      port: 0,
      bindAddress: '127.0.0.1',
      createAdvertiser: () => {
        throw new Error('bind EADDRINUSE 0.0.0.0:5353');
      },
      log: (line) => log.push(line),
    });
    try {
      const status = await failing.start({ sessionName: 'No multicast here' });
      expect(status.running).toBe(true);
      expect(await reachable(status.port!)).toBe(true);
      expect(log.join('\n')).toContain('could not advertise');
    } finally {
      await failing.stop();
    }
  });

  it('does not wait for the announcement (probing takes seconds), and survives it failing', async () => {
    const log: string[] = [];
    const slow = new HostController({
      sessionsDir,
      webRoot: null,
      port: 0,
      bindAddress: '127.0.0.1',
      createAdvertiser: (options) =>
        Object.assign(new FakeAdvertiser(options), { start: () => Promise.reject(new Error('no multicast route')) }),
      log: (line) => log.push(line),
    });
    try {
      const status = await slow.start({ sessionName: 'Slow network' });
      expect(status.running).toBe(true);
      await until(() => log.some((line) => line.includes('no multicast route')), 'the failure to be logged');
    } finally {
      await slow.stop();
    }
  });

  it('reports a host that cannot start as host_start_failed', async () => {
    const blocker = path.join(sessionsDir, '..', 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where the sessions folder should be');
    const broken = new HostController({ sessionsDir: blocker, webRoot: null, port: 0, bindAddress: '127.0.0.1', createAdvertiser: (o) => new FakeAdvertiser(o) });
    await expect(broken.start({ sessionName: 'Office' })).rejects.toMatchObject({
      code: 'host_start_failed',
      message: expect.stringContaining('Could not start hosting “Office”'),
    });
    expect(broken.status().running).toBe(false);
  });
});
