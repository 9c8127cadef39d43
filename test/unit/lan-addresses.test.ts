import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanAddresses, urlFor } from '../../src-main/http/lan-addresses.js';

const v4 = (address: string, internal = false) => ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }) as NetworkInterfaceInfo;
const v6 = (address: string, internal = false) => ({ address, family: 'IPv6', internal, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: null, scopeid: 0 }) as NetworkInterfaceInfo;

describe('lanAddresses', () => {
  it('lists non-internal IPv4 first, then IPv6 without link-local ones', () => {
    const interfaces = {
      lo: [v4('127.0.0.1', true), v6('::1', true)],
      eth0: [v6('fd00::5'), v4('192.168.1.5'), v6('fe80::1')],
      wlan0: [v4('10.0.0.7'), v6('FE80::2')],
    };
    expect(lanAddresses(interfaces)).toEqual(['192.168.1.5', '10.0.0.7', 'fd00::5']);
  });

  it("puts the LAN's addresses before those of containers, VMs and tunnels, whatever the system's order", () => {
    const interfaces = {
      'vEthernet (WSL)': [v4('172.29.0.1')],
      docker0: [v4('172.17.0.1')],
      'br-3f2a9c01': [v4('172.18.0.1')],
      tailscale0: [v4('100.101.102.103'), v6('fd7a:115c::1')],
      wlan0: [v4('192.168.1.23'), v6('fd00::23')],
      br0: [v4('10.0.0.2')],
    };
    expect(lanAddresses(interfaces)).toEqual(['192.168.1.23', '10.0.0.2', 'fd00::23', '172.29.0.1', '172.17.0.1', '172.18.0.1', '100.101.102.103', 'fd7a:115c::1']);
  });

  it('copes with no interfaces, and with interfaces without addresses', () => {
    expect(lanAddresses({})).toEqual([]);
    expect(lanAddresses({ eth0: undefined })).toEqual([]);
  });

  it("reads this machine's interfaces by default", () => {
    expect(Array.isArray(lanAddresses())).toBe(true);
  });
});

describe('urlFor', () => {
  it('puts IPv6 addresses in brackets', () => {
    expect(urlFor('192.168.1.5', 47800, 'https')).toBe('https://192.168.1.5:47800/');
    expect(urlFor('fd00::5', 47800, 'https')).toBe('https://[fd00::5]:47800/');
    expect(urlFor('192.168.1.5', 47800, 'http')).toBe('http://192.168.1.5:47800/');
  });
});
