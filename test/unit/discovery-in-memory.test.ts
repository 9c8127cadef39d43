// SessionAdvertiser and SessionBrowser over an in-memory multicast bus (real
// bonjour-service and multicast-dns, fake UDP socket: test/helpers/memory-mdns.ts).
// The real network, across namespaces, is test/lan.
import type { NetworkInterfaceInfo } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import type { SessionTxtRecord } from '../../src-shared/protocol/session-txt-record.js';
import type { BonjourLike, MdnsPacket } from '../../src-main/discovery/bonjour-socket.js';
import { SessionAdvertiser, type SessionAdvertiserOptions } from '../../src-main/discovery/session-advertiser.js';
import { SessionBrowser, type SessionBrowserOptions } from '../../src-main/discovery/session-browser.js';
import { MemoryMulticastBus, type MemorySocket } from '../helpers/memory-mdns.js';

const TXT: SessionTxtRecord = { v: '1', id: 'session-1', name: 'Design team', online: '0', passcode: '0' };
const nets = (address: string) => () =>
  ({ eth0: [{ address, family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', cidr: `${address}/24` }] }) as NodeJS.Dict<NetworkInterfaceInfo[]>;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function advertiser(bus: MemoryMulticastBus, address: string, options: Partial<SessionAdvertiserOptions> = {}, sockets: MemorySocket[] = []) {
  const ad = new SessionAdvertiser({ port: 4000, name: 'Design team', txt: TXT, hostName: 'test-host.local', probe: false, bonjourFactory: bus.factory(address, sockets), ...options });
  cleanups.push(() => ad.stop());
  return ad;
}

function browser(bus: MemoryMulticastBus, address: string, options: Partial<SessionBrowserOptions> = {}, sockets: MemorySocket[] = []) {
  const b = new SessionBrowser({ bonjourFactory: bus.factory(address, sockets), networkInterfaces: nets(address), ...options });
  cleanups.push(() => b.stop());
  return b;
}

function waitForStatus(b: SessionBrowser, predicate: (status: DiscoveryStatus) => boolean, timeoutMs = 3000): Promise<DiscoveryStatus> {
  return new Promise((resolve, reject) => {
    if (predicate(b.status())) return resolve(b.status());
    const timer = setTimeout(() => {
      b.off('change', onChange);
      reject(new Error(`timed out; status ${JSON.stringify(b.status())}`));
    }, timeoutMs);
    const onChange = (status: DiscoveryStatus) => {
      if (!predicate(status)) return;
      clearTimeout(timer);
      b.off('change', onChange);
      resolve(status);
    };
    b.on('change', onChange);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records the TXT records multicast as responses on the bus, from a silent listener. */
function txtAnnouncements(bus: MemoryMulticastBus): Array<{ online: string; flush: boolean }> {
  const out: Array<{ online: string; flush: boolean }> = [];
  const listener = bus.factory('10.9.0.99')({}, () => {});
  cleanups.push(() => new Promise<void>((resolve) => listener.destroy(() => resolve())));
  listener.server.mdns.on('response', (packet: MdnsPacket) => {
    for (const record of packet.answers ?? []) {
      if (record.type !== 'TXT' || !((record.ttl ?? 0) > 0)) continue;
      const entries = (record.data as Buffer[]).map((b) => b.toString());
      const online = entries.find((e) => e.startsWith('online='))?.slice(7) ?? '?';
      out.push({ online, flush: record.flush === true });
    }
  });
  return out;
}

describe('SessionAdvertiser + SessionBrowser (in memory)', () => {
  it('a browser finds an advertised session: TXT fields, the answering address first, a ws:// URL', async () => {
    const bus = new MemoryMulticastBus();
    const b = browser(bus, '10.9.0.2');
    b.start();
    const ad = advertiser(bus, '10.9.0.1');
    await ad.start();
    expect(ad.status()).toEqual({ state: 'advertising', instanceName: 'Design team', problem: null });

    const status = await waitForStatus(b, (s) => s.sessions.length === 1);
    expect(status.browsing).toBe(true);
    expect(status.problem).toBeNull();
    expect(status.interfaces).toEqual([{ name: 'eth0', address: '10.9.0.2' }]);
    expect(status.sessions[0]).toMatchObject({
      id: 'session-1',
      name: 'Design team',
      hostName: 'test-host.local',
      port: 4000,
      online: 0,
      protocol: 1,
      url: 'ws://10.9.0.1:4000/ws',
    });
    expect(status.sessions[0]!.addresses[0]).toBe('10.9.0.1');
  });

  it('update(txt) reaches browsers, announcements are at most one a second (latest wins), and later answers carry the new TXT', async () => {
    const bus = new MemoryMulticastBus();
    const b = browser(bus, '10.9.0.2');
    b.start();
    const ad = advertiser(bus, '10.9.0.1', { minUpdateIntervalMs: 300 });
    await ad.start();
    await waitForStatus(b, (s) => s.sessions[0]?.online === 0);

    const announced = txtAnnouncements(bus);
    await sleep(320);
    ad.update({ ...TXT, online: '1' }); // announced at once
    ad.update({ ...TXT, online: '2' }); // these two within the interval:
    ad.update({ ...TXT, online: '3' }); // one announcement, with 3
    ad.update({ ...TXT, online: '3' }); // unchanged: nothing
    await waitForStatus(b, (s) => s.sessions[0]?.online === 1);
    await waitForStatus(b, (s) => s.sessions[0]?.online === 3);
    await sleep(20); // the listener sits after the browser on the bus
    const updates = announced.filter((t) => t.flush);
    expect(updates.map((t) => t.online)).toEqual(['1', '3']);

    // A browser that starts now is answered with the current record, not the first one.
    const late = browser(bus, '10.9.0.3');
    late.start();
    const status = await waitForStatus(late, (s) => s.sessions.length === 1);
    expect(status.sessions[0]!.online).toBe(3);
    expect(ad.currentTxt.online).toBe('3');
  });

  it('a name already taken on the network gets " (2)"; both sessions are listed', async () => {
    const bus = new MemoryMulticastBus();
    const first = advertiser(bus, '10.9.0.1', { probe: true, txt: { ...TXT, id: 'one' } });
    await first.start();
    const second = advertiser(bus, '10.9.0.3', { probe: true, txt: { ...TXT, id: 'two' } });
    await second.start();
    expect(second.status()).toMatchObject({ state: 'advertising', instanceName: 'Design team (2)' });

    const b = browser(bus, '10.9.0.2');
    b.start();
    const status = await waitForStatus(b, (s) => s.sessions.length === 2);
    expect(status.sessions.map((s) => [s.id, s.url])).toEqual([
      ['one', 'ws://10.9.0.1:4000/ws'],
      ['two', 'ws://10.9.0.3:4000/ws'],
    ]);
  });

  it('stop() says goodbye: the session is gone at once; stopping twice is fine', async () => {
    const bus = new MemoryMulticastBus();
    const b = browser(bus, '10.9.0.2');
    b.start();
    const ad = advertiser(bus, '10.9.0.1');
    await ad.start();
    await waitForStatus(b, (s) => s.sessions.length === 1);
    const changes: string[] = [];
    ad.on('change', (s) => changes.push(s.state));
    await ad.stop();
    await ad.stop();
    expect(changes).toEqual(['stopped']);
    await waitForStatus(b, (s) => s.sessions.length === 0, 500);
  });

  it('a session that stops answering is dropped after staleMs, and is back when it answers again', async () => {
    const bus = new MemoryMulticastBus();
    const b = browser(bus, '10.9.0.2', { requeryMs: 100, staleMs: 350 });
    b.start();
    const sockets: MemorySocket[] = [];
    const ad = advertiser(bus, '10.9.0.1', {}, sockets);
    await ad.start();
    await waitForStatus(b, (s) => s.sessions.length === 1);
    await sleep(500); // answers to re-queries keep it listed
    expect(b.status().sessions).toHaveLength(1);

    sockets[0]!.unplug(); // no goodbye: cable pulled, or the process crashed
    const unpluggedAt = Date.now();
    await waitForStatus(b, (s) => s.sessions.length === 0, 2000);
    expect(Date.now() - unpluggedAt).toBeGreaterThanOrEqual(200);

    bus.sockets.add(sockets[0]!); // back on the network: answers the next query
    await waitForStatus(b, (s) => s.sessions.length === 1, 2000);
  });

  it('ignores services of our type whose TXT is not a Parley session', async () => {
    const bus = new MemoryMulticastBus();
    const b = browser(bus, '10.9.0.2');
    b.start();
    const foreign = bus.factory('10.9.0.7')({}, () => {});
    cleanups.push(() => new Promise<void>((resolve) => foreign.destroy(() => resolve())));
    foreign.publish({ name: 'Impostor', type: 'parley', port: 1234, txt: { hello: 'world' }, probe: false });
    foreign.publish({ name: 'Half', type: 'parley', port: 1235, txt: { v: '1', id: 'x', name: 'Half', online: 'many', passcode: '0' }, probe: false });
    const ad = advertiser(bus, '10.9.0.1');
    await ad.start();
    const status = await waitForStatus(b, (s) => s.sessions.length === 1);
    await sleep(100);
    expect(b.status().sessions.map((s) => s.name)).toEqual(['Design team']);
    expect(status.sessions[0]!.id).toBe('session-1');
  });

  it('port 5353 unavailable: the browser says why (browsing false) and retries by itself; the advertiser fails without throwing', async () => {
    const bus = new MemoryMulticastBus();
    const sockets: MemorySocket[] = [];
    const b = browser(bus, '10.9.0.2', { requeryMs: 150, staleMs: 400 }, sockets);
    b.start();
    sockets[0]!.failBind('EADDRINUSE');
    const failed = await waitForStatus(b, (s) => !s.browsing);
    expect(failed.problem).toMatch(/Another program holds UDP port 5353/);
    expect(failed.sessions).toEqual([]);
    // The retry makes a new socket, which works.
    const recovered = await waitForStatus(b, (s) => s.browsing && s.problem === null, 1000);
    expect(recovered.browsing).toBe(true);
    expect(sockets.length).toBeGreaterThanOrEqual(2);

    const adSockets: MemorySocket[] = [];
    const ad = advertiser(bus, '10.9.0.1', { probe: true }, adSockets);
    const started = ad.start();
    await sleep(0); // the socket is opened right after start() returns
    adSockets[0]!.failBind('EACCES');
    await expect(started).resolves.toBeUndefined();
    expect(ad.status()).toMatchObject({ state: 'failed', instanceName: null, problem: expect.stringMatching(/refused .*5353/) });
    ad.update({ ...TXT, online: '1' }); // still harmless
    await ad.stop();
    expect(ad.status()).toEqual({ state: 'stopped', instanceName: null, problem: null });
  });

  it('a query that cannot be sent is reported, and the report clears once sending works', async () => {
    const bus = new MemoryMulticastBus();
    bus.sendError = Object.assign(new Error('send ENETUNREACH'), { code: 'ENETUNREACH' });
    const b = browser(bus, '10.9.0.2', { requeryMs: 100, staleMs: 300 });
    b.start();
    const failing = await waitForStatus(b, (s) => s.problem !== null);
    expect(failing.problem).toMatch(/Could not send the mDNS query: There is no network/);
    expect(failing.browsing).toBe(true);
    bus.sendError = null;
    await waitForStatus(b, (s) => s.problem === null, 1000);
  });

  it('reports the interfaces it looks on, and a problem when there is none', () => {
    const bus = new MemoryMulticastBus();
    const none = browser(bus, '10.9.0.2', { networkInterfaces: () => ({}) });
    none.start();
    expect(none.status()).toMatchObject({ browsing: true, interfaces: [], problem: expect.stringMatching(/no network connection/) });
    const gone = browser(bus, '10.9.0.2', { interface: '10.9.9.9' });
    gone.start();
    expect(gone.status().problem).toMatch(/10\.9\.9\.9 is not on this computer/);
    const stopped = browser(bus, '10.9.0.2');
    expect(stopped.status()).toEqual({ browsing: false, problem: null, interfaces: [{ name: 'eth0', address: '10.9.0.2' }], sessions: [] });
  });

  it('bonjour-service still has the internals we rely on (server.mdns, server.registry with the TXT record)', async () => {
    const bus = new MemoryMulticastBus();
    const bonjour: BonjourLike = bus.factory('10.9.0.1')({}, () => {});
    cleanups.push(() => new Promise<void>((resolve) => bonjour.destroy(() => resolve())));
    expect(typeof bonjour.server.mdns.on).toBe('function');
    const service = bonjour.publish({ name: 'X', type: 'parley', port: 1, txt: TXT, probe: false });
    await new Promise((resolve) => service.once('up', resolve));
    expect(bonjour.server.registry?.['TXT']?.some((r) => r.name === service.fqdn)).toBe(true);
    expect(typeof service.stop).toBe('function');
  });

  it('refuses a bad port or TXT at construction (programming errors), not at run time', () => {
    const bus = new MemoryMulticastBus();
    expect(() => new SessionAdvertiser({ port: 0, name: 'x', txt: TXT, bonjourFactory: bus.factory('10.9.0.1') })).toThrow(/port/);
    expect(() => new SessionAdvertiser({ port: 1, name: 'x', txt: { ...TXT, passcode: 'hunter2' as '0' }, bonjourFactory: bus.factory('10.9.0.1') })).toThrow();
    expect(() => new SessionBrowser({ requeryMs: 1000, staleMs: 500 })).toThrow(/staleMs/);
  });
});
