// Finds Parley sessions on the LAN (`_parley._tcp` over mDNS, bonjour-service)
// and keeps a DiscoveryStatus for the UI: what was found, on which interfaces
// we look, and — when mDNS cannot work — why, in a sentence.
//
// Decisions:
// - A session appears when its PTR/SRV/TXT/A answer arrives (announcement or
//   answer to our query); changes when its TXT changes (online count); goes
//   when it says goodbye (TTL 0), or when it has not answered for `staleMs`.
//   bonjour-service's Browser never expires anything itself (the PTR TTL is
//   8 hours), so we re-query every `requeryMs` (default 15 s; plus 1 s and 3 s
//   after start, as packets get lost on Wi-Fi) and track when each instance
//   last answered. A fixed interval instead of RFC 6762's growing one: joiners
//   want a crashed host gone within a minute, and one PTR query per 15 s per
//   open window is negligible on a LAN.
// - A malformed or foreign TXT record (src-shared/protocol/session-txt-record.ts)
//   is ignored.
// - Addresses: where the answer came from first, then IPv4, then IPv6
//   (session-record.ts: orderAddresses); url = ws://FIRST:PORT/ws.
// - If the mDNS socket fails (port 5353 held exclusively, no permission…) the
//   status says so (browsing false, problem) and we try again every requeryMs.
import { EventEmitter } from 'node:events';
import os, { type NetworkInterfaceInfo } from 'node:os';
import type { Browser, Service } from 'bonjour-service';
import type { DiscoveredSession, DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import { MDNS_SERVICE_TYPE } from '../../src-shared/protocol/session-txt-record.js';
import {
  closeBonjour,
  defaultBonjourFactory,
  describeMdnsError,
  mdnsOptions,
  openBonjour,
  type BonjourFactory,
  type BonjourLike,
  type MdnsPacket,
  type MdnsSocket,
} from './bonjour-socket.js';
import { ipv4Interfaces, sameStatus, sessionFromService, sortSessions } from './session-record.js';

export interface SessionBrowserOptions {
  /** IPv4 address of the one interface to browse on (default: all). Tests pass a namespace's address. */
  interface?: string;
  bonjourFactory?: BonjourFactory;
  /** Re-query (and retry a failed socket) this often. Default 15 000 ms. */
  requeryMs?: number;
  /** Drop a session that has not answered for this long. Default 35 000 ms (two missed re-queries). */
  staleMs?: number;
  /** For tests. */
  networkInterfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  now?: () => number;
  log?: (line: string) => void;
}

export const SERVICE_DOMAIN = `_${MDNS_SERVICE_TYPE}._tcp.local`;
const INITIAL_REQUERIES_MS = [1000, 3000];

const recordsOf = (packet: MdnsPacket) => [...(packet.answers ?? []), ...(packet.additionals ?? [])];

export class SessionBrowser extends EventEmitter<{ change: [DiscoveryStatus] }> {
  private readonly requeryMs: number;
  private readonly staleMs: number;
  private readonly interfaceAddress: string | undefined;
  private readonly factory: BonjourFactory;
  private readonly networkInterfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  private running = false;
  private bonjour: BonjourLike | null = null;
  private mdns: MdnsSocket | null = null;
  private browser: Browser | null = null;
  /** Why the socket does not work (null when it does). */
  private socketProblem: string | null = null;
  /** Why the last query could not be sent (null when it could). */
  private sendProblem: string | null = null;
  /** fqdn (lower case) → when any record of that instance last arrived. */
  private readonly lastSeen = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private lastStatus: DiscoveryStatus;

  constructor(options: SessionBrowserOptions = {}) {
    super();
    this.requeryMs = options.requeryMs ?? 15_000;
    this.staleMs = options.staleMs ?? 35_000;
    if (!(this.requeryMs > 0) || !(this.staleMs > this.requeryMs)) {
      throw new TypeError('requeryMs must be positive and staleMs longer than requeryMs');
    }
    this.interfaceAddress = options.interface;
    this.factory = options.bonjourFactory ?? defaultBonjourFactory;
    this.networkInterfaces = options.networkInterfaces ?? os.networkInterfaces;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    this.lastStatus = this.buildStatus();
  }

  /** Starts browsing (idempotent). Problems are reported in status(), never thrown. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
    for (const delay of INITIAL_REQUERIES_MS) this.later(delay, () => this.query());
    const interval = setInterval(() => this.tick(), this.requeryMs);
    interval.unref();
    this.timers.add(interval);
    this.refresh();
  }

  /** Stops browsing and closes the socket; the status then lists nothing. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closing = this.close();
    this.socketProblem = null;
    this.sendProblem = null;
    this.lastSeen.clear();
    this.refresh();
    await closing;
  }

  status(): DiscoveryStatus {
    return this.buildStatus();
  }

  /** Sends a query now (e.g. when the person presses "Refresh"). */
  refreshNow(): void {
    if (!this.running) return;
    if (!this.mdns) this.open();
    this.query();
  }

  // ------------------------------------------------------------------ socket

  private open(): void {
    try {
      const { bonjour, mdns } = openBonjour(this.factory, mdnsOptions(this.interfaceAddress), {
        onFatal: (error) => this.onFatal(bonjour, error),
        onWarning: (error) => this.log(`mDNS warning: ${error.message}`),
      });
      this.bonjour = bonjour;
      this.mdns = mdns;
      // find() registers bonjour-service's response handler (and sends the first
      // query); ours comes after it, so its service list is current in ours.
      const browser = bonjour.find({ type: MDNS_SERVICE_TYPE, protocol: 'tcp' });
      this.browser = browser;
      browser.on('up', (service: Service) => {
        this.log(`mDNS: found ${service.fqdn}`);
        this.refresh();
      });
      browser.on('down', (service: Service) => {
        this.lastSeen.delete(service.fqdn.toLowerCase());
        this.log(`mDNS: ${service.fqdn} said goodbye`);
        this.refresh();
      });
      browser.on('txt-update', () => this.refresh());
      browser.on('srv-update', () => this.refresh());
      mdns.on('response', this.onResponse);
      // A new network (Wi-Fi joined, cable plugged): ask at once.
      mdns.on('networkInterface', () => {
        if (this.mdns === mdns) {
          this.query();
          this.refresh();
        }
      });
      this.socketProblem = null;
    } catch (error) {
      this.socketProblem = describeMdnsError(error, this.interfaceAddress);
      this.log(`mDNS: ${this.socketProblem}`);
      void this.close();
    }
  }

  private close(): Promise<void> {
    const { bonjour, browser, mdns } = this;
    this.bonjour = null;
    this.mdns = null;
    this.browser = null;
    try {
      browser?.stop();
      mdns?.removeListener('response', this.onResponse);
    } catch {
      // closing anyway
    }
    return bonjour ? closeBonjour(bonjour) : Promise.resolve();
  }

  private onFatal(bonjour: BonjourLike, error: Error): void {
    if (this.bonjour !== bonjour) return;
    this.socketProblem = describeMdnsError(error, this.interfaceAddress);
    this.log(`mDNS: ${this.socketProblem} (${error.message}); retrying every ${Math.round(this.requeryMs / 1000)} s`);
    void this.close();
    this.refresh();
  }

  private readonly onResponse = (packet: MdnsPacket): void => {
    const now = this.now();
    let relevant = false;
    for (const record of recordsOf(packet)) {
      if (!((record.ttl ?? 0) > 0)) continue;
      const name = record.name.toLowerCase();
      if ((record.type === 'SRV' || record.type === 'TXT') && name.endsWith(`.${SERVICE_DOMAIN}`)) {
        this.lastSeen.set(name, now);
        relevant = true;
      } else if (record.type === 'PTR' && name === SERVICE_DOMAIN && typeof record.data === 'string') {
        this.lastSeen.set(record.data.toLowerCase(), now);
        relevant = true;
      }
    }
    if (relevant) this.refresh();
  };

  private query(): void {
    const mdns = this.mdns;
    if (!mdns) return;
    mdns.query(SERVICE_DOMAIN, 'PTR', (error) => {
      if (this.mdns !== mdns) return;
      const problem = error ? `Could not send the mDNS query: ${describeMdnsError(error, this.interfaceAddress)}` : null;
      if (problem !== this.sendProblem) {
        this.sendProblem = problem;
        if (problem) this.log(`mDNS: ${problem}`);
        this.refresh();
      }
    });
  }

  private tick(): void {
    if (!this.running) return;
    if (!this.mdns) this.open(); // retry after a socket failure
    this.query();
    this.refresh(); // drops stale sessions, notices interface changes
  }

  private later(delay: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.running) fn();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  // ------------------------------------------------------------------ status

  private buildStatus(): DiscoveryStatus {
    let interfaces: DiscoveryStatus['interfaces'] = [];
    try {
      interfaces = ipv4Interfaces(this.networkInterfaces(), this.interfaceAddress);
    } catch {
      // os.networkInterfaces() can throw on some systems; report none.
    }
    const now = this.now();
    const sessions: DiscoveredSession[] = [];
    for (const service of this.browser?.services ?? []) {
      const seen = Math.max(this.lastSeen.get(service.fqdn.toLowerCase()) ?? 0, service.lastSeen ?? 0);
      if (now - seen > this.staleMs) continue;
      const session = sessionFromService(service);
      if (session) sessions.push(session);
    }
    const browsing = this.running && this.mdns !== null && this.socketProblem === null;
    let problem = this.running ? (this.socketProblem ?? this.sendProblem) : null;
    if (this.running && problem === null && interfaces.length === 0) {
      problem = this.interfaceAddress
        ? `The network address ${this.interfaceAddress} is not on this computer (any more), so no session can be found through it.`
        : 'This computer has no network connection besides itself (no IPv4 address), so no session on the local network can be found. Connect to the network, or join by typing the host’s address.';
    }
    return { browsing, problem, interfaces, sessions: sortSessions(sessions) };
  }

  private refresh(): void {
    const status = this.buildStatus();
    if (sameStatus(status, this.lastStatus)) return;
    this.lastStatus = status;
    this.emit('change', status);
  }
}
