// The addresses this machine can be reached on from the LAN, and the URLs
// built from them: the host prints and shares them, the desktop app shows
// them, and the offer server (direct transfer) puts them into file.offer.
import os, { type NetworkInterfaceInfo } from 'node:os';

/**
 * Interfaces that lead to virtual machines, containers or tunnels rather than
 * the room's network: Docker, libvirt, LXC/LXD, VirtualBox, VMware, Hyper-V
 * and WSL ("vEthernet (…)" on Windows), macOS's VM bridges (bridge100) and
 * utun tunnels, VPNs (tun, tap, WireGuard, ZeroTier, Tailscale), Kubernetes
 * CNIs. A phone on the same Wi-Fi cannot reach their addresses. `br0` (a
 * server's real bridge) is not among them; Docker's own bridges are `br-…`.
 */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|lxcbr|lxdbr|vboxnet|vmnet|vnet|tun|tap|utun|wg|zt|tailscale|cni|flannel|podman|bridge\d|vethernet|virtualbox|vmware)/i;

/**
 * The addresses other machines can reach this one on, most likely first:
 * the LAN's before those of virtual interfaces (above), and within each,
 * non-internal IPv4 before IPv6 (not link-local, which needs a zone no URL
 * can carry), in the system's order otherwise. The first is what the share
 * link and its QR code carry (host banner, the app's hosting card).
 * `interfaces` defaults to this machine's (os.networkInterfaces()).
 */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = os.networkInterfaces()): string[] {
  const found: { address: string; rank: number }[] = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    const virtual = VIRTUAL_INTERFACE.test(name) ? 2 : 0;
    for (const info of infos ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv4') found.push({ address: info.address, rank: virtual });
      else if (!info.address.toLowerCase().startsWith('fe80')) found.push({ address: info.address, rank: virtual + 1 });
    }
  }
  // Array.prototype.sort is stable: the system's order within a rank.
  return found.sort((a, b) => a.rank - b.rank).map((entry) => entry.address);
}

/** `192.168.1.5:47800` or `[fd00::5]:47800`: an address and port as typed on a command line (IPv6 in brackets). */
export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** `https://192.168.1.5:47800/` or `https://[fd00::5]:47800/` (IPv6 in brackets); `http` for a server without TLS. */
export function urlFor(address: string, port: number, scheme: 'https' | 'http'): string {
  return `${scheme}://${hostPort(address, port)}/`;
}
