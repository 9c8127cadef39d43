// The terminal client follows a vanished host to its new address
// (src-main/discovery/session-follower.ts) over an in-memory mDNS network
// (test/helpers/memory-mdns.ts): real SessionAdvertiser and SessionBrowser,
// the certificate probe replaced by "this address presents that identity".
import fs from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../src-shared/chat-client.js';
import type { SessionTxtRecord } from '../../src-shared/protocol/session-txt-record.js';
import { TypedEmitter } from '../../src-shared/typed-emitter.js';
import { SessionAdvertiser } from '../../src-main/discovery/session-advertiser.js';
import { SessionBrowser } from '../../src-main/discovery/session-browser.js';
import { SessionFollower, type FollowedClient } from '../../src-main/discovery/session-follower.js';
import { ProbeError } from '../../src-main/trust/certificate-probe.js';
import { KnownSessions } from '../../src-main/trust/known-sessions.js';
import type { SessionPin } from '../../src-main/trust/pinned-tls.js';
import { MemoryMulticastBus } from '../helpers/memory-mdns.js';

const pin = (digit: string): SessionPin => ({ fingerprint: digit.repeat(64), certPem: `-----BEGIN CERTIFICATE-----\n${digit}\n-----END CERTIFICATE-----\n` });
const REAL = pin('a');
const OTHER = pin('b');
const OLD_URL = 'wss://10.9.0.1:4000/ws';
const TXT: SessionTxtRecord = { v: '1', id: 'session-1', name: 'Design team', online: '1', passcode: '0', fp: REAL.fingerprint };
const nets = (address: string) => () =>
  ({ eth0: [{ address, family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', cidr: `${address}/24` }] }) as NodeJS.Dict<NetworkInterfaceInfo[]>;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

class FakeClient extends TypedEmitter<{ state: [ConnectionState] }> implements FollowedClient {
  state: ConnectionState = 'online';
  session = { id: 'session-1', name: 'Design team', passcodeRequired: false, protocol: 1 };
  moves: string[] = [];
  constructor(public url: string) {
    super();
  }
  moveTo(url: string): void {
    this.url = url;
    this.moves.push(url);
  }
  setState(state: ConnectionState): void {
    this.state = state;
    this.emit('state', state);
  }
}

/** A terminal client at OLD_URL pinned to REAL, whose host has just vanished; `presented` is what each address's TLS shows. */
function lostClient() {
  const bus = new MemoryMulticastBus();
  const client = new FakeClient(OLD_URL);
  const known = new KnownSessions(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-follow-')));
  known.remember('10.9.0.1:4000', REAL, { sessionId: 'session-1' });
  const presented = new Map<string, SessionPin>();
  const probed: string[] = [];
  const browsers: SessionBrowser[] = [];
  const follower = new SessionFollower({
    client,
    pin: REAL,
    known,
    createBrowser: () => {
      const browser = new SessionBrowser({ bonjourFactory: bus.factory('10.9.0.50'), networkInterfaces: nets('10.9.0.50'), requeryMs: 500, staleMs: 2000 });
      browsers.push(browser);
      cleanups.push(() => browser.stop());
      return browser;
    },
    probe: async (host, port) => {
      probed.push(`${host}:${port}`);
      const found = presented.get(`${host}:${port}`);
      if (!found) throw new ProbeError(`Could not reach ${host}:${port} securely.`);
      return found;
    },
  });
  cleanups.push(() => follower.dispose());
  client.setState('reconnecting');
  const announce = (address: string, txt: Partial<SessionTxtRecord> = {}) => {
    const ad = new SessionAdvertiser({ port: 4000, name: 'Design team', txt: { ...TXT, ...txt }, hostName: `h${address.split('.')[3]}.local`, probe: false, bonjourFactory: bus.factory(address) });
    cleanups.push(() => ad.stop());
    return ad.start();
  };
  return { client, known, presented, probed, browsers, announce };
}

async function until(condition: () => boolean, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SessionFollower', () => {
  it('follows the same session id with the same identity to its new address, and trusts that address for it', async () => {
    const { client, known, presented, announce } = lostClient();
    presented.set('10.9.0.7:4000', REAL);
    await announce('10.9.0.7');
    await until(() => client.moves.length > 0);
    expect(client.moves).toEqual(['wss://10.9.0.7:4000/ws']);
    expect(known.lookup('10.9.0.7:4000')).toMatchObject({ fingerprint: REAL.fingerprint, sessionId: 'session-1' });
  });

  it('never follows (nor probes) the same session id announced with another identity', async () => {
    const { client, probed, browsers, announce } = lostClient();
    await announce('10.9.0.66', { fp: OTHER.fingerprint });
    await until(() => browsers[0]!.status().sessions.length === 1);
    await sleep(100);
    expect(probed).toEqual([]);
    expect(client.moves).toEqual([]);
  });

  it('does not follow an announcement whose host cannot prove the identity (a spoof copying the fingerprint)', async () => {
    const { client, known, presented, probed, announce } = lostClient();
    presented.set('10.9.0.66:4000', OTHER);
    await announce('10.9.0.66');
    await until(() => probed.length > 0);
    await sleep(100);
    expect(client.moves).toEqual([]);
    expect(known.lookup('10.9.0.66:4000')).toBeUndefined();
  });

  it('ignores other sessions', async () => {
    const { client, probed, browsers, announce } = lostClient();
    await announce('10.9.0.8', { id: 'session-2', name: 'Lab' });
    await until(() => browsers[0]!.status().sessions.length === 1);
    await sleep(100);
    expect(probed).toEqual([]);
    expect(client.moves).toEqual([]);
  });

  it('browses only while the connection is down', async () => {
    const { client, browsers } = lostClient();
    expect(browsers).toHaveLength(1);
    await until(() => browsers[0]!.status().browsing);
    client.setState('online');
    await until(() => !browsers[0]!.status().browsing);
    client.setState('reconnecting');
    expect(browsers).toHaveLength(2);
  });
});
