// The one place that knows how bonjour-service (1.4.x) is built inside, so the
// advertiser and the browser can use it without crashing the app:
//
// - bonjour-service attaches no 'error' listener to its multicast-dns socket,
//   so a failed bind (EADDRINUSE, EACCES…) would be an uncaught 'error' event;
//   we listen on `bonjour.server.mdns` ourselves and turn it into a sentence.
// - Its default error callback throws; we always pass our own.
// - multicast-dns binds to `interface` when one is given, and on Linux a socket
//   bound to a unicast address never receives multicast. So with an interface
//   we bind to 0.0.0.0 and only *join the group and send* on that interface.
// - It has no API to change a published TXT record (see session-advertiser.ts),
//   which needs the responder's record registry (`server.registry`).
//
// A test (test/unit/discovery-bonjour-internals.test.ts) checks these internals
// against the installed version, so an upgrade that moves them fails there.
import Bonjour from 'bonjour-service';
import type { Browser, BrowserConfig, Service, ServiceConfig } from 'bonjour-service';

/** A resource record as multicast-dns (dns-packet) decodes and encodes it. */
export interface MdnsRecord {
  name: string;
  type: string;
  ttl?: number;
  class?: string;
  flush?: boolean;
  data?: unknown;
}

export interface MdnsPacket {
  type?: 'query' | 'response';
  answers?: MdnsRecord[];
  additionals?: MdnsRecord[];
  authorities?: MdnsRecord[];
  questions?: Array<{ name: string; type: string }>;
}

export interface MdnsRemoteInfo {
  address: string;
  family: string;
  port: number;
  size?: number;
}

/** The part of a multicast-dns instance we use. */
export interface MdnsSocket {
  on(event: 'response', listener: (packet: MdnsPacket, rinfo: MdnsRemoteInfo) => void): unknown;
  on(event: 'error' | 'warning', listener: (error: Error) => void): unknown;
  on(event: 'ready' | 'networkInterface', listener: () => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  query(name: string, type: string, callback: (error?: Error | null) => void): void;
  respond(packet: MdnsPacket | MdnsRecord[], callback: (error?: Error | null) => void): void;
}

/** The part of a bonjour-service instance we use (a test double provides the same). */
export interface BonjourLike {
  publish(config: ServiceConfig): Service;
  find(config: BrowserConfig): Browser;
  destroy(callback?: () => void): void;
  /** bonjour-service internals: the responder with its socket and record registry. */
  server: { mdns: MdnsSocket; registry?: Record<string, MdnsRecord[]> };
}

/** Options handed to multicast-dns (through bonjour-service). */
export interface MdnsOptions {
  /** IPv4 address of the interface to join 224.0.0.251 on and to send from. */
  interface?: string;
  /** Address the UDP socket binds to (port 5353). */
  bind?: string;
  /** Share port 5353 with other responders (Avahi, mDNSResponder). Default true. */
  reuseAddr?: boolean;
  /** For tests: a port other than 5353. */
  port?: number;
  /** For tests: a multicast group other than 224.0.0.251. */
  ip?: string;
}

export type BonjourFactory = (options: MdnsOptions, onError: (error: Error) => void) => BonjourLike;

export const defaultBonjourFactory: BonjourFactory = (options, onError) =>
  new Bonjour(options, onError) as unknown as BonjourLike;

/** multicast-dns options for "this interface only" (or every interface when none is given). */
export function mdnsOptions(interfaceAddress: string | undefined): MdnsOptions {
  return interfaceAddress ? { interface: interfaceAddress, bind: '0.0.0.0', reuseAddr: true } : { reuseAddr: true };
}

/**
 * Creates a bonjour instance whose socket problems are reported, never thrown.
 * `onFatal`: the socket could not be opened (nothing works until a new one is made);
 * `onWarning`: something went wrong but the socket still runs (e.g. joining the group
 * on one interface failed).
 */
export function openBonjour(
  factory: BonjourFactory,
  options: MdnsOptions,
  handlers: { onFatal: (error: Error) => void; onWarning: (error: Error) => void },
): { bonjour: BonjourLike; mdns: MdnsSocket } {
  const bonjour = factory(options, handlers.onWarning);
  const mdns = bonjour.server?.mdns;
  if (!mdns || typeof mdns.on !== 'function' || typeof mdns.query !== 'function') {
    throw new Error('bonjour-service internals changed: server.mdns is missing (see bonjour-socket.ts)');
  }
  mdns.on('error', handlers.onFatal);
  mdns.on('warning', handlers.onWarning);
  return { bonjour, mdns };
}

/** Closes a bonjour instance, never throwing and never waiting more than `timeoutMs`. */
export function closeBonjour(bonjour: BonjourLike, timeoutMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref?.();
    try {
      bonjour.destroy(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** A socket error as a sentence a person can act on. */
export function describeMdnsError(error: unknown, interfaceAddress?: string): string {
  const code = (error as { code?: string } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'EADDRINUSE':
      return 'Another program holds UDP port 5353 (mDNS) for itself, so Parley cannot look for sessions on the network. Close that program, or join by typing the host’s address.';
    case 'EACCES':
    case 'EPERM':
      return `The system refused Parley access to UDP port 5353 (mDNS) (${code}) — a firewall or security policy may block it. Allow Parley through the firewall, or join by typing the host’s address.`;
    case 'EADDRNOTAVAIL':
      return interfaceAddress
        ? `The network address ${interfaceAddress} is not on this computer (any more), so mDNS cannot use it. Pick another network, or join by typing the host’s address.`
        : `mDNS could not use this computer’s network address (${detail}). Join by typing the host’s address.`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'There is no network to send mDNS on (is the computer connected?). Join by typing the host’s address once it is.';
    case 'ENODEV':
      return 'The network interface for mDNS is gone (was a cable unplugged or Wi-Fi turned off?).';
    default:
      return `mDNS (local network discovery) failed: ${detail}. Join by typing the host’s address.`;
  }
}
