// Announces one hosted session on the LAN as `_parley._tcp` (DNS-SD over mDNS)
// with bonjour-service, so joiners' SessionBrowsers find it.
//
// Decisions:
// - Instance name = the session name (a valid DNS label). Before publishing we
//   probe for it ourselves (RFC 6762 §8.1: three queries 250 ms apart) and on
//   a conflict take "Name (2)", "Name (3)"…; bonjour-service's own probe only
//   console.logs and silently gives up on a conflict.
// - TXT = the sessionTxtRecord schema (src-shared/protocol/session-txt-record.ts,
//   PROTOCOL.md "Discovery": version, id, name, online, passcode 0/1): what a
//   joiner needs before connecting, never a secret.
// - update(txt): bonjour-service 1.4.x has no updateTxt, and its re-announce
//   timer keeps sending the record objects it registered. We replace the data
//   of that registered TXT record in place (so later answers and re-announces
//   carry it) and multicast the full record set once more with the TXT's
//   cache-flush bit set, at most once per second (RFC 6762 §6.2).
// - stop(): goodbye (every record again with TTL 0) so browsers drop the
//   session at once, then the socket is closed; bounded to ~2 s in all.
// - Errors (port 5353 held exclusively, no network, interface gone…) are
//   reported in status().problem, a 'change' event and `log`; never thrown.
import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { Service } from 'bonjour-service';
import { MDNS_SERVICE_TYPE, type SessionTxtRecord } from '../../src-shared/protocol/session-txt-record.js';
import {
  closeBonjour,
  defaultBonjourFactory,
  describeMdnsError,
  mdnsOptions,
  openBonjour,
  type BonjourFactory,
  type BonjourLike,
  type MdnsPacket,
  type MdnsRecord,
  type MdnsSocket,
} from './bonjour-socket.js';
import { checkTxt, instanceNameFor, mdnsHostName } from './session-record.js';

export type AdvertiserState = 'stopped' | 'starting' | 'advertising' | 'failed';

export interface AdvertiserStatus {
  state: AdvertiserState;
  /** The DNS-SD instance name in use ("Design team", or "Design team (2)" after a conflict). */
  instanceName: string | null;
  /** Why it is not advertising (or what went wrong), as a sentence; null when all is well. */
  problem: string | null;
}

export interface SessionAdvertiserOptions {
  /** The host's TCP port (what joiners connect to). */
  port: number;
  /** Session name, used as the DNS-SD instance name. */
  name: string;
  txt: SessionTxtRecord;
  /** IPv4 address of the one interface to advertise on (default: all). Tests pass a namespace's address. */
  interface?: string;
  /** SRV target; default "<this computer's host name>.local". */
  hostName?: string;
  /** Probe for a name conflict before announcing (default true). */
  probe?: boolean;
  /** Minimum time between TXT update announcements (default 1000 ms). */
  minUpdateIntervalMs?: number;
  bonjourFactory?: BonjourFactory;
  /** Human-readable progress and problems. */
  log?: (line: string) => void;
}

const SERVICE_PROTOCOL = 'tcp';
const PROBE_QUERIES = 3;
const PROBE_INTERVAL_MS = 250;
const MAX_NAME_ATTEMPTS = 10;
const GOODBYE_TIMEOUT_MS = 1000;

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const recordsOf = (packet: MdnsPacket): MdnsRecord[] => [...(packet.answers ?? []), ...(packet.additionals ?? [])];

export class SessionAdvertiser extends EventEmitter<{ change: [AdvertiserStatus] }> {
  private readonly options: Required<Pick<SessionAdvertiserOptions, 'port' | 'name' | 'probe' | 'minUpdateIntervalMs'>> &
    Pick<SessionAdvertiserOptions, 'interface'> & { hostName: string; bonjourFactory: BonjourFactory; log: (line: string) => void };
  private txt: SessionTxtRecord;
  private state: AdvertiserState = 'stopped';
  private instanceName: string | null = null;
  private problem: string | null = null;
  private bonjour: BonjourLike | null = null;
  private mdns: MdnsSocket | null = null;
  private service: Service | null = null;
  /** Bumped by stop(): work started for an older run gives up. */
  private generation = 0;
  private starting: Promise<void> | null = null;
  private lastAnnounceAt = 0;
  private announceTimer: NodeJS.Timeout | null = null;

  constructor(options: SessionAdvertiserOptions) {
    super();
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
      throw new TypeError(`port must be 1–65535, got ${options.port}`);
    }
    this.txt = checkTxt(options.txt);
    this.options = {
      port: options.port,
      name: options.name,
      probe: options.probe ?? true,
      minUpdateIntervalMs: options.minUpdateIntervalMs ?? 1000,
      interface: options.interface,
      hostName: options.hostName ?? mdnsHostName(os.hostname()),
      bonjourFactory: options.bonjourFactory ?? defaultBonjourFactory,
      log: options.log ?? (() => {}),
    };
  }

  status(): AdvertiserStatus {
    return { state: this.state, instanceName: this.instanceName, problem: this.problem };
  }

  /** The TXT record currently advertised (or to be advertised). */
  get currentTxt(): SessionTxtRecord {
    return { ...this.txt };
  }

  /**
   * Starts advertising. Resolves once the first announcement is out, or once it
   * failed (see status().problem) — it never rejects. Calling it again while
   * running returns the same promise.
   */
  start(): Promise<void> {
    if (this.starting && this.state !== 'failed') return this.starting;
    // After a failure, start() tries again from scratch.
    const cleanedUp = this.state === 'failed' ? this.stop() : Promise.resolve();
    const generation = ++this.generation;
    this.problem = null;
    this.instanceName = null;
    this.setState('starting');
    const starting = cleanedUp.then(() => {
      if (generation !== this.generation) return; // stop() came first
      return this.run(generation).catch((error: unknown) => this.fail(generation, error));
    });
    this.starting = starting;
    return starting;
  }

  private async run(generation: number): Promise<void> {
    const { bonjour, mdns } = openBonjour(this.options.bonjourFactory, mdnsOptions(this.options.interface), {
      onFatal: (error) => this.fail(generation, error),
      onWarning: (error) => this.options.log(`mDNS warning: ${error.message}`),
    });
    this.bonjour = bonjour;
    this.mdns = mdns;

    let instance: string | null = null;
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const candidate = instanceNameFor(this.options.name, attempt);
      if (!this.options.probe) {
        instance = candidate;
        break;
      }
      const taken = await this.probe(mdns, `${candidate}._${MDNS_SERVICE_TYPE}._${SERVICE_PROTOCOL}.local`, generation);
      if (generation !== this.generation || this.state === 'failed') return;
      if (!taken) {
        instance = candidate;
        break;
      }
      this.options.log(`mDNS: the name “${candidate}” is taken on the network; trying another.`);
    }
    if (instance === null) {
      this.fail(generation, new Error(`every name from “${instanceNameFor(this.options.name)}” to “${instanceNameFor(this.options.name, MAX_NAME_ATTEMPTS)}” is taken on the network`));
      return;
    }

    this.instanceName = instance;
    const service = bonjour.publish({
      name: instance,
      type: MDNS_SERVICE_TYPE,
      protocol: SERVICE_PROTOCOL,
      port: this.options.port,
      host: this.options.hostName,
      txt: { ...this.txt },
      probe: false,
    });
    this.service = service;
    this.lastAnnounceAt = Date.now();
    await new Promise<void>((resolve) => {
      if (service.published) return resolve();
      service.once('up', () => resolve());
      // A socket that failed never calls back: fail() has reported it; stop waiting.
      const timer = setTimeout(resolve, 3000);
      timer.unref();
    });
    if (generation !== this.generation || this.state === 'failed') return;
    this.options.log(`mDNS: advertising “${instance}” (_${MDNS_SERVICE_TYPE}._${SERVICE_PROTOCOL}, port ${this.options.port}).`);
    this.setState('advertising');
  }

  /** Asks three times whether anybody answers for `fqdn`; true = the name is taken. */
  private probe(mdns: MdnsSocket, fqdn: string, generation: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      let done = false;
      let timer: NodeJS.Timeout | null = null;
      const finish = (result: boolean | Error) => {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        mdns.removeListener('response', onResponse);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const onResponse = (packet: MdnsPacket) => {
        if (recordsOf(packet).some((record) => sameName(record.name, fqdn) && (record.ttl ?? 1) > 0)) finish(true);
      };
      const send = () => {
        if (generation !== this.generation) return finish(false);
        mdns.query(fqdn, 'ANY', (error) => {
          if (error) return finish(error);
          sent++;
          timer = setTimeout(sent < PROBE_QUERIES ? send : () => finish(false), PROBE_INTERVAL_MS);
          timer.unref();
        });
      };
      mdns.on('response', onResponse);
      // RFC 6762 §8.1: wait a random 0–250 ms before the first probe.
      timer = setTimeout(send, Math.random() * PROBE_INTERVAL_MS);
      timer.unref();
    });
  }

  /**
   * Changes the TXT record (e.g. the online count). Answers to queries carry it
   * at once; browsers are told by an announcement at most once per
   * minUpdateIntervalMs (the latest record wins).
   */
  update(txt: SessionTxtRecord): void {
    const checked = checkTxt(txt);
    if (JSON.stringify(checked) === JSON.stringify(this.txt)) return;
    this.txt = checked;
    if (!this.service || !this.bonjour) return; // published later with the new record
    this.applyTxtToRegistry(this.service, this.bonjour);
    const wait = this.lastAnnounceAt + this.options.minUpdateIntervalMs - Date.now();
    if (wait <= 0) this.announce();
    else if (!this.announceTimer) {
      this.announceTimer = setTimeout(() => {
        this.announceTimer = null;
        this.announce();
      }, wait);
      this.announceTimer.unref();
    }
  }

  private applyTxtToRegistry(service: Service, bonjour: BonjourLike): void {
    service.txt = { ...this.txt };
    const fresh = service.records().find((record) => record.type === 'TXT');
    const registered = bonjour.server.registry?.['TXT']?.filter((record) => sameName(record.name, service.fqdn)) ?? [];
    if (!fresh || registered.length === 0) {
      this.options.log('mDNS: could not update the registered TXT record (bonjour-service internals changed?); browsers see the change only from the announcement.');
      return;
    }
    for (const record of registered) record.data = fresh.data;
  }

  private announce(): void {
    const service = this.service;
    const mdns = this.mdns;
    if (!service || !mdns || this.state === 'failed') return;
    this.lastAnnounceAt = Date.now();
    const records = service.records().map((record) => (record.type === 'TXT' ? { ...record, flush: true } : record));
    mdns.respond({ answers: records as MdnsRecord[] }, (error) => {
      if (error) this.options.log(`mDNS: could not announce the updated TXT record: ${error.message}`);
    });
  }

  /** Says goodbye (browsers drop the session at once) and closes the socket. Never throws. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' && !this.bonjour) return;
    const generation = ++this.generation;
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = null;
    const { bonjour, service } = this;
    // Published (even if the first announcement is still on its way) and the socket works: say goodbye.
    const sayGoodbye = service !== null && this.state !== 'failed';
    this.bonjour = null;
    this.mdns = null;
    this.service = null;
    this.starting = null;
    if (bonjour) {
      if (service && sayGoodbye) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, GOODBYE_TIMEOUT_MS);
          timer.unref();
          try {
            service.stop(() => {
              clearTimeout(timer);
              resolve();
            });
          } catch {
            resolve();
          }
        });
      }
      // bonjour-service may still have a re-announce timer for this service: make it a no-op.
      if (service) service.destroyed = true;
      await closeBonjour(bonjour);
    }
    if (generation !== this.generation) return; // start() was called again meanwhile
    this.problem = null;
    this.instanceName = null;
    this.setState('stopped');
  }

  private fail(generation: number, error: unknown): void {
    if (generation !== this.generation || this.state === 'failed') return;
    this.problem = `Could not announce the session on the local network: ${describeMdnsError(error, this.options.interface)}`;
    this.options.log(`mDNS: ${this.problem}`);
    this.setState('failed');
  }

  private setState(state: AdvertiserState): void {
    this.state = state;
    this.emit('change', this.status());
  }
}
