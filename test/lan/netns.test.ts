// The test LAN itself: once createLan resolves, its network is settled — no
// address is still on its way. A late IPv6 link-local address (a veth gets one
// a second or two after it is up) is what a browser in the namespace takes for
// a network change, aborting the page it is loading (ERR_NETWORK_CHANGED, seen
// once in CI). Watches every host's addresses for a while after creation with
// `ip monitor` and expects no event. Needs root.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLan, type Lan } from './netns.js';
import { lanSkipReason } from './lan-helpers.js';

/** Longer than a veth takes to get a usable link-local address even with duplicate address detection on (~1–2 s; createLan turns it off). */
const WATCH_MS = 3000;

/** Address events (`ip monitor address`) in a namespace during `ms`, one line each. */
function addressEvents(ns: string, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const monitor = spawn('ip', ['-n', ns, '-o', 'monitor', 'address'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    monitor.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    monitor.on('error', reject);
    const timer = setTimeout(() => monitor.kill('SIGTERM'), ms);
    monitor.on('exit', () => {
      clearTimeout(timer);
      resolve(out.split('\n').filter((line) => line.trim() !== ''));
    });
  });
}

describe.skipIf(lanSkipReason !== null)('LAN: the test network', () => {
  let lan: Lan;

  beforeAll(async () => {
    lan = await createLan(3);
  });

  afterAll(async () => {
    await lan?.teardown();
  });

  it('is settled when createLan resolves: no address appears or changes afterwards on any host', async () => {
    const events = await Promise.all(lan.hosts.map((host) => addressEvents(host.ns, WATCH_MS)));
    expect(Object.fromEntries(lan.hosts.map((host, i) => [host.ns, events[i]]))).toEqual(Object.fromEntries(lan.hosts.map((host) => [host.ns, []])));
  });
});
