// The addresses this machine can be reached on from the LAN, and the URLs
// built from them: the host prints and shares them, the desktop app shows
// them, and the offer server (direct transfer) puts them into file.offer.
import os, { type NetworkInterfaceInfo } from 'node:os';

/**
 * The addresses other machines can reach this one on: non-internal IPv4
 * first, then IPv6 (not link-local, which needs a zone no URL can carry).
 * `interfaces` defaults to this machine's (os.networkInterfaces()).
 */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = os.networkInterfaces()): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv4') v4.push(info.address);
      else if (!info.address.toLowerCase().startsWith('fe80')) v6.push(info.address);
    }
  }
  return [...v4, ...v6];
}

/** `https://192.168.1.5:47800/` or `https://[fd00::5]:47800/` (IPv6 in brackets); `http` for a server without TLS. */
export function urlFor(address: string, port: number, scheme: 'https' | 'http'): string {
  return address.includes(':') ? `${scheme}://[${address}]:${port}/` : `${scheme}://${address}:${port}/`;
}
