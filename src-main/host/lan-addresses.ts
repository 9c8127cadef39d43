import os from 'node:os';

/** The addresses other machines can reach this one on: non-internal IPv4 first, then IPv6 (not link-local). */
export function lanAddresses(): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const infos of Object.values(os.networkInterfaces())) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv4') v4.push(info.address);
      else if (!info.address.toLowerCase().startsWith('fe80')) v6.push(info.address);
    }
  }
  return [...v4, ...v6];
}

export function urlFor(address: string, port: number): string {
  return address.includes(':') ? `http://[${address}]:${port}/` : `http://${address}:${port}/`;
}
