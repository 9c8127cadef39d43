// The mDNS record of a session both ways (src-main/discovery/session-record.ts):
// TXT built by the advertiser, instance names, address order, and the
// DiscoveredSession built from a resolved service. The TXT schema and how a
// received one is read: session-txt-record.test.ts.
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { sessionTxtRecord } from '../../src-shared/protocol/session-txt-record.js';
import {
  checkTxt,
  instanceNameFor,
  ipv4Interfaces,
  mdnsHostName,
  orderAddresses,
  sessionFromService,
  sortSessions,
  truncateUtf8,
  txtForSession,
  wsUrl,
} from '../../src-main/discovery/session-record.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const TXT = { v: '1', id: 'abc-123', name: 'Design team', online: '2', passcode: '0' } as const;

describe('txtForSession', () => {
  it('carries version, id, name, online count and whether a passcode is needed — not the passcode', () => {
    const txt = txtForSession({ id: 's1', name: 'Lab', passcodeRequired: true, protocol: 1 }, 3);
    expect(txt).toEqual({ v: '1', id: 's1', name: 'Lab', online: '3', passcode: '1' });
    expect(sessionTxtRecord.parse(txt)).toEqual(txt);
    expect(txtForSession({ id: 's1', name: 'Lab', passcodeRequired: false, protocol: 1 }, -1)).toMatchObject({ online: '0', passcode: '0' });
  });

  it('shortens a name that would not fit one 255-byte TXT string, at a character boundary', () => {
    const name = '🦊'.repeat(64); // 256 bytes
    const txt = txtForSession({ id: 's', name, passcodeRequired: false, protocol: 1 }, 0);
    expect(bytes(`name=${txt.name}`)).toBeLessThanOrEqual(255);
    expect(txt.name).toBe('🦊'.repeat(62));
    expect(() => checkTxt(txt)).not.toThrow();
  });

  it('checkTxt refuses records outside the schema or over 255 bytes an entry', () => {
    expect(() => checkTxt({ ...TXT, online: 'many' })).toThrow();
    expect(() => checkTxt({ ...TXT, id: 'x'.repeat(300) })).toThrow(/longer than 255 bytes/);
  });
});

describe('instance names', () => {
  it('are one valid label: no dots or control characters, at most 63 bytes, " (N)" after a conflict', () => {
    expect(instanceNameFor('Design team')).toBe('Design team');
    expect(instanceNameFor('v1.2 release\tparty\n')).toBe('v1-2 release party');
    expect(instanceNameFor('Design team', 2)).toBe('Design team (2)');
    expect(instanceNameFor('   ')).toBe('Parley session');
    const long = instanceNameFor('ü'.repeat(64), 10);
    expect(bytes(long)).toBeLessThanOrEqual(63);
    expect(long.endsWith(' (10)')).toBe(true);
  });

  it('host names end in .local and use the first label of the machine name', () => {
    expect(mdnsHostName('alice-laptop')).toBe('alice-laptop.local');
    expect(mdnsHostName('build01.corp.example.com')).toBe('build01.local');
    expect(mdnsHostName('')).toBe('parley-host.local');
  });

  it('truncateUtf8 never splits a character', () => {
    expect(truncateUtf8('aé🦊', 4)).toBe('aé');
    expect(truncateUtf8('abc', 10)).toBe('abc');
  });
});

describe('addresses and URLs', () => {
  it('puts the address the answer came from first, then IPv4, routable IPv6, link-local IPv6', () => {
    expect(orderAddresses(['fe80::1', '2001:db8::5', '172.17.0.1', '192.168.1.20'], '192.168.1.20')).toEqual([
      '192.168.1.20',
      '172.17.0.1',
      '2001:db8::5',
      'fe80::1',
    ]);
    expect(orderAddresses(['10.0.0.1', '10.0.0.1', 'fd00::1'])).toEqual(['10.0.0.1', 'fd00::1']);
    // An answer from an address the A records did not list is still the best bet.
    expect(orderAddresses(['172.17.0.1'], '192.168.1.20')).toEqual(['192.168.1.20', '172.17.0.1']);
    // A link-local referer does not beat a usable IPv4 address.
    expect(orderAddresses(['10.0.0.1'], 'fe80::9')).toEqual(['10.0.0.1', 'fe80::9']);
  });

  it('builds wss:// URLs for a host with an identity, ws:// for a --plain one, with brackets for IPv6', () => {
    expect(wsUrl('10.0.0.1', 47800, true)).toBe('wss://10.0.0.1:47800/ws');
    expect(wsUrl('fd00::1', 47800, true)).toBe('wss://[fd00::1]:47800/ws');
    expect(wsUrl('10.0.0.1', 47800, false)).toBe('ws://10.0.0.1:47800/ws');
  });
});

describe('sessionFromService', () => {
  const service = {
    name: 'Design team',
    host: 'alice.local',
    port: 47800,
    addresses: ['fe80::1', '10.0.0.5'],
    txt: TXT,
    referer: { address: '10.0.0.5' },
  };

  it('makes a DiscoveredSession from a resolved service', () => {
    expect(sessionFromService(service)).toEqual({
      id: 'abc-123',
      name: 'Design team',
      hostName: 'alice.local',
      addresses: ['10.0.0.5', 'fe80::1'],
      port: 47800,
      online: 2,
      protocol: 1,
      passcodeRequired: false,
      url: 'ws://10.0.0.5:47800/ws',
    });
  });

  it('uses the answering address when no A record came along', () => {
    expect(sessionFromService({ ...service, addresses: [] })?.url).toBe('ws://10.0.0.5:47800/ws');
  });

  it('returns null for a foreign TXT, a bad port or no address at all', () => {
    expect(sessionFromService({ ...service, txt: { foo: 'bar' } })).toBeNull();
    expect(sessionFromService({ ...service, port: 0 })).toBeNull();
    expect(sessionFromService({ ...service, addresses: [], referer: undefined })).toBeNull();
  });

  it('sorts sessions by name, then id', () => {
    const make = (name: string, id: string) => ({ ...sessionFromService(service)!, name, id });
    expect(sortSessions([make('beta', '1'), make('Alpha', '2'), make('alpha', '1')]).map((s) => `${s.name}/${s.id}`)).toEqual([
      'alpha/1',
      'Alpha/2',
      'beta/1',
    ]);
  });
});

describe('ipv4Interfaces', () => {
  const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
    ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;
  const nets = {
    lo: [info('127.0.0.1', 'IPv4', true)],
    eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6')],
    wlan0: [info('10.0.0.7', 'IPv4')],
  };

  it('lists non-internal IPv4 interfaces, or only the chosen one', () => {
    expect(ipv4Interfaces(nets)).toEqual([
      { name: 'eth0', address: '192.168.1.20' },
      { name: 'wlan0', address: '10.0.0.7' },
    ]);
    expect(ipv4Interfaces(nets, '10.0.0.7')).toEqual([{ name: 'wlan0', address: '10.0.0.7' }]);
    expect(ipv4Interfaces(nets, '10.9.9.9')).toEqual([]);
  });
});
