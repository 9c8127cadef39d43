// `npm run discover` (arguments and report) and `npm run host -- --advertise`
// (arguments): the pure parts; the programs themselves run in test/lan.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src-main/cli/command-line.js';
import { discoverUsage, discoveryReport, foundLine, interfacesLine, parseDiscoverArgs } from '../../src-main/cli/discover-cli-args.js';
import { advertiseInterfaceFor, hostUsage, parseHostArgs } from '../../src-main/cli/host-cli-args.js';
import type { DiscoveredSession, DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';

const reason = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  return 'accepted';
};

describe('parseDiscoverArgs', () => {
  it('defaults to 3 s on every interface, human-readable', () => {
    expect(parseDiscoverArgs([])).toEqual({ kind: 'run', options: { seconds: 3, json: false } });
    expect(parseDiscoverArgs(['--seconds', '1.5', '--interface', '192.168.1.20', '--json'])).toEqual({
      kind: 'run',
      options: { seconds: 1.5, interface: '192.168.1.20', json: true },
    });
    expect(parseDiscoverArgs(['-h'])).toEqual({ kind: 'help' });
    expect(discoverUsage()).toMatch(/--seconds N[\s\S]*--interface ADDR[\s\S]*--json/);
  });

  it('refuses what it cannot do, saying what to type', () => {
    expect(reason(() => parseDiscoverArgs(['--seconds', '0']))).toMatch(/--seconds must be a number from 0.5 to 120/);
    expect(reason(() => parseDiscoverArgs(['--seconds', 'ten']))).toMatch(/--seconds/);
    expect(reason(() => parseDiscoverArgs(['--interface', 'eth0']))).toMatch(/--interface takes this computer's IPv4 address/);
    expect(reason(() => parseDiscoverArgs(['--watch']))).toMatch(/Unknown option --watch/);
  });
});

describe('discoveryReport', () => {
  const session: DiscoveredSession = {
    id: 'abc',
    name: 'Design team',
    hostName: 'alice.local',
    addresses: ['192.168.1.20', 'fe80::1'],
    port: 47800,
    online: 1,
    protocol: 1,
    passcodeRequired: false,
    url: 'ws://192.168.1.20:47800/ws',
  };
  const status = (extra: Partial<DiscoveryStatus> = {}): DiscoveryStatus => ({
    browsing: true,
    problem: null,
    interfaces: [{ name: 'wlan0', address: '192.168.1.30' }],
    sessions: [],
    ...extra,
  });

  it('lists each session with its address, people online and how to join from a terminal', () => {
    expect(discoveryReport(status({ sessions: [session] }), 3)).toEqual([
      'Found 1 session:',
      '  “Design team” — 1 person online',
      '    address: ws://192.168.1.20:47800/ws   (also fe80::1)',
      '    host: alice.local · session id abc · protocol 1',
      '    not encrypted: the host runs with --plain, so anyone on this network can read its passwords and messages',
      '    join from a terminal: npm run chat -- 192.168.1.20:47800 --name NAME --password PW',
    ]);
    const secure = { ...session, identity: '3f2a9c017b44d0e81a6c'.padEnd(64, '5'), passcodeRequired: true, url: 'wss://192.168.1.20:47800/ws' };
    expect(discoveryReport(status({ sessions: [secure] }), 3).slice(4)).toEqual([
      "    session code: 3F2A 9C01 7B44 D0E8 1A6C (as announced: compare it with the host's screen)",
      '    join from a terminal: npm run chat -- 192.168.1.20:47800 --name NAME --password PW --passcode PASSCODE',
    ]);
    expect(foundLine({ ...session, online: 3 }, 1234)).toBe('  + 1.2 s  “Design team” at ws://192.168.1.20:47800/ws (3 people online)');
    expect(interfacesLine(status())).toBe('Network interfaces: wlan0 192.168.1.30');
    expect(interfacesLine(status({ interfaces: [] }))).toMatch(/none with an IPv4 address/);
  });

  it('when nothing answers, gives the usual causes and the way around', () => {
    const text = discoveryReport(status(), 3).join('\n');
    expect(text).toMatch(/No Parley session answered within 3 s/);
    expect(text).toMatch(/--advertise/);
    expect(text).toMatch(/isolation/);
    expect(text).toMatch(/UDP port 5353/);
    expect(text).toMatch(/npm run chat -- HOST:PORT/);
  });

  it('when mDNS could not run, says so first', () => {
    const lines = discoveryReport(status({ browsing: false, problem: 'Another program holds UDP port 5353.' }), 3);
    expect(lines[0]).toBe('Problem: Another program holds UDP port 5353.');
    expect(lines.join('\n')).toMatch(/mDNS could not run here/);
  });
});

describe('npm run host -- --advertise', () => {
  it('is off unless asked for, and documented', () => {
    expect(parseHostArgs([], '/d')).toEqual({ kind: 'run', options: { port: 47800, portFallback: true, dataDir: '/d' } });
    expect(parseHostArgs(['--advertise'], '/d')).toMatchObject({ kind: 'run', options: { advertise: true } });
    expect(hostUsage('/d')).toMatch(/--advertise\s+announce the session on the local network/);
  });

  it('refuses to announce a host only this machine can reach', () => {
    expect(reason(() => parseHostArgs(['--advertise', '--bind', '127.0.0.1'], '/d'))).toMatch(/--advertise with --bind 127\.0\.0\.1/);
    expect(reason(() => parseHostArgs(['--advertise', '--bind', '::1'], '/d'))).toMatch(/only this machine/);
  });

  it('announces on the bound IPv4 interface, or on all of them', () => {
    expect(advertiseInterfaceFor('192.168.1.20')).toBe('192.168.1.20');
    expect(advertiseInterfaceFor(undefined)).toBeUndefined();
    expect(advertiseInterfaceFor('0.0.0.0')).toBeUndefined();
    expect(advertiseInterfaceFor('::')).toBeUndefined();
    expect(advertiseInterfaceFor('fd00::5')).toBeUndefined();
  });
});
