// "Host a session" from the desktop app: runs a ChatHost in the main process,
// advertises it on the LAN (mDNS, `_parley._tcp`) and keeps the advertised
// `online` count current (ChatHost.onOnlineCountChange; SessionAdvertiser
// rate-limits the re-announcements). Plain module (no electron): the Electron glue passes
// the folders, the advertiser factory and the port in, and the tests run it on
// port 0 with a fake advertiser (mDNS tests never touch real interfaces).
//
// Each session name gets its own folder, USERDATA/sessions/<slug>: hosting
// "Office" again next week reopens the same history, accounts and channels.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_PORT } from '../../src-shared/limits.js';
import type { HandOverCandidate, HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import type { SessionTxtRecord } from '../../src-shared/protocol/session-txt-record.js';
import { txtForSession } from '../discovery/session-record.js';
import { ChatHost, type HandOverEvent } from '../host/chat-host.js';
import { lanAddresses as systemLanAddresses, urlFor } from '../http/lan-addresses.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';

/** What the host controller needs of src-main/discovery's SessionAdvertiser. */
export interface SessionAdvertiserLike {
  start(): void | Promise<void>;
  update(txt: SessionTxtRecord): void;
  stop(): Promise<void>;
}

export type AdvertiserFactory = (options: { port: number; txt: SessionTxtRecord; name: string }) => SessionAdvertiserLike;

export interface HostControllerOptions {
  /** Parent of every hosted session's folder (USERDATA/sessions). */
  sessionsDir: string;
  /** The built renderer, served to browsers at http://HOST:PORT/; null serves a placeholder. */
  webRoot: string | null;
  createAdvertiser: AdvertiserFactory;
  /** Default DEFAULT_PORT, or the next free one; 0 (tests) picks any free port. */
  port?: number;
  /** Default every interface; tests use 127.0.0.1. */
  bindAddress?: string;
  lanAddresses?: () => string[];
  /**
   * Hand-over candidates may be connected from this computer too. Off in the
   * app (the hosting window's own person, over loopback, cannot take the
   * session from their own computer); tests, where everything is on 127.0.0.1, turn it on.
   */
  candidatesOnThisComputer?: boolean;
  onStatusChange?: (status: HostStatus) => void;
  /** Every change of the number of people online while hosting (the tray shows it). */
  onOnlineCountChange?: (count: number) => void;
  log?: (line: string) => void;
}

const STOPPED: HostStatus = { running: false, sessionName: null, port: null, urls: [], localUrl: null, passcodeRequired: false, identity: null };

/**
 * Folder name for a session: readable (lower-case ASCII letters, digits and
 * dashes) plus a short hash of the exact name, so "Café" and "Cafe" — or two
 * names that are only punctuation — never share a database.
 */
export function sessionSlug(sessionName: string): string {
  const name = sessionName.normalize('NFC').trim();
  const readable = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(name.toLowerCase()).digest('hex').slice(0, 8);
  return `${readable || 'session'}-${hash}`;
}

interface Running {
  host: ChatHost;
  advertiser: SessionAdvertiserLike | null;
  unsubscribePresence: () => void;
  unsubscribeHandOver: () => void;
  passcode: string | undefined;
  /** Taken over from another computer (adopt): its folder is not the one "Host a session" would open by name. */
  takenOver: boolean;
  status: HostStatus;
}

export class HostController {
  private running: Running | null = null;
  /** Who the last hosted session was handed over to (the stopped status says so until hosting again). */
  private handedOverTo: string | null = null;
  private readonly stoppedWaiters = new Set<() => void>();
  /** start/stop run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: (line: string) => void;

  constructor(private readonly options: HostControllerOptions) {
    if (!options || typeof options.sessionsDir !== 'string' || typeof options.createAdvertiser !== 'function') {
      throw new TypeError('HostController needs sessionsDir and createAdvertiser');
    }
    this.log = options.log ?? (() => {});
  }

  status(): HostStatus {
    return this.running ? this.running.status : this.stoppedStatus();
  }

  /** People online in the hosted session (0 when not hosting). */
  onlineCount(): number {
    return this.running?.host.onlineCount() ?? 0;
  }

  /**
   * The hosted session's name and passcode, for main only ("host at login"
   * keeps the passcode in safeStorage): never sent to the renderer.
   */
  hostedSession(): { sessionName: string; passcode: string | undefined; takenOver: boolean } | null {
    const running = this.running;
    return running ? { sessionName: running.status.sessionName ?? '', passcode: running.passcode, takenOver: running.takenOver } : null;
  }

  /** The running ChatHost (tests and shutdown). */
  get host(): ChatHost | null {
    return this.running?.host ?? null;
  }

  start(request: { sessionName: string; passcode?: string | undefined }): Promise<HostStatus> {
    return this.serialised(() => this.doStart(request));
  }

  stop(): Promise<HostStatus> {
    return this.serialised(() => this.doStop());
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => {});
    return next;
  }

  private async doStart({ sessionName, passcode }: { sessionName: string; passcode?: string | undefined }): Promise<HostStatus> {
    const name = sessionName.trim();
    if (this.running) {
      const current = this.running;
      if (current.status.sessionName === name && current.passcode === passcode) return current.status;
      throw new IpcError(
        'host_already_running',
        `Already hosting “${current.status.sessionName}”. Stop hosting it first, then host “${name}”.`,
      );
    }

    const dataDir = path.join(this.options.sessionsDir, sessionSlug(name));
    this.handedOverTo = null;
    const host = new ChatHost({
      dataDir,
      port: this.options.port ?? DEFAULT_PORT,
      ...(this.options.bindAddress !== undefined && { bindAddress: this.options.bindAddress }),
      sessionName: name,
      ...(passcode !== undefined && { passcode }),
      webRoot: this.options.webRoot,
      // TLS (the default): this app's own window reaches it through main's
      // pinned connection like any other session (trust:check with the
      // identity below, expected by the person who clicked Host).
      log: (line) => this.log(`host: ${line}`),
    });
    let port: number;
    try {
      ({ port } = await host.start());
    } catch (error) {
      await host.stop().catch(() => {});
      const why = error instanceof Error ? error.message : String(error);
      this.log(`host: could not start “${name}” in ${dataDir}: ${why}`);
      throw new IpcError('host_start_failed', `Could not start hosting “${name}”: ${why}`);
    }

    const status = this.begin(host, port, passcode, false);
    this.log(`hosting “${status.sessionName}” on port ${port} (data in ${dataDir})`);
    this.options.onStatusChange?.(status);
    return status;
  }

  /**
   * Hosts a ChatHost someone else started — the session this app just took
   * over (session-take-over.ts): advertised, counted and handed over like one
   * started here. Refused while another session is hosted.
   */
  adopt(host: ChatHost): Promise<HostStatus> {
    return this.serialised(async () => {
      if (this.running) throw new IpcError('host_already_running', `Already hosting “${this.running.status.sessionName}”. Stop hosting it first.`);
      // The passcode stays inside the host (it came with the session): "host at login" cannot offer it again.
      const status = this.begin(host, host.port, undefined, true);
      this.log(`hosting “${status.sessionName}”, taken over, on port ${host.port}`);
      this.options.onStatusChange?.(status);
      return status;
    });
  }

  /** People the hosted session can be handed over to now (online in an app that can host), admins first. */
  handOverCandidates(): HandOverCandidate[] {
    const running = this.running;
    if (!running || running.status.handedOverTo) return [];
    return running.host.handOverCandidates({ elsewhere: this.options.candidatesOnThisComputer !== true }).map((user) => ({ id: user.id, name: user.name, isAdmin: user.isAdmin }));
  }

  /** Offers the hosted session to `userId`: their app asks them; onHandOver below follows. */
  offerHandOver(userId: number): void {
    const running = this.running;
    if (!running) throw new IpcError('not_hosting', 'This computer hosts no session right now; there is nothing to hand over.');
    const person = running.host.handOverCandidates().find((user) => user.id === userId);
    try {
      running.host.offerHandOver(userId);
    } catch (error) {
      throw new IpcError('handover_failed', error instanceof Error ? error.message : String(error));
    }
    running.status = { ...running.status, handOverOffer: { to: person?.name ?? 'them', state: 'offered' } };
    this.options.onStatusChange?.(running.status);
  }

  /**
   * Resolves 'moved' once the session moved to a successor, 'nobody' when
   * `timeoutMs` passed first (or hosting stopped). Quitting while hosting
   * waits on it after offering the session.
   */
  waitForHandOver(timeoutMs: number): Promise<'moved' | 'nobody'> {
    const running = this.running;
    if (!running) return Promise.resolve('nobody');
    if (running.status.handedOverTo) return Promise.resolve('moved');
    return new Promise((resolve) => {
      const timer = setTimeout(() => done('nobody'), timeoutMs);
      // A "no" is an answer: nobody is going to take it, there is no point waiting out the offer.
      const unsubscribe = running.host.onHandOver((event) => (event.kind === 'moved' ? done('moved') : event.kind === 'declined' && done('nobody')));
      function done(result: 'moved' | 'nobody') {
        clearTimeout(timer);
        unsubscribe();
        resolve(result);
      }
    });
  }

  /** Resolves when the hosted session has nothing left to pass on and hosting stopped (or `timeoutMs` passed). */
  waitForStopped(timeoutMs: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.stoppedWaiters.add(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private begin(host: ChatHost, port: number, passcode: string | undefined, takenOver: boolean): HostStatus {
    const info = host.sessionInfo;
    const advertiser = this.startAdvertiser(port, txtForSession(info, host.onlineCount()), info.name);
    const addresses = (this.options.lanAddresses ?? systemLanAddresses)();
    const status: HostStatus = {
      running: true,
      sessionName: info.name,
      port,
      urls: addresses.map((address) => urlFor(address, port, host.scheme)),
      localUrl: `${host.scheme === 'https' ? 'wss' : 'ws'}://127.0.0.1:${port}/ws`,
      passcodeRequired: info.passcodeRequired,
      identity: host.identity?.fingerprint ?? null,
    };
    const unsubscribePresence = host.onOnlineCountChange((count) => {
      this.options.onOnlineCountChange?.(count);
      if (!advertiser || running.status.handedOverTo) return;
      try {
        advertiser.update(txtForSession(host.sessionInfo, count));
      } catch (error) {
        this.log(`discovery: could not update the advertised online count: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    const unsubscribeHandOver = host.onHandOver((event) => this.handedOver(running, event));
    const running: Running = { host, advertiser, unsubscribePresence, unsubscribeHandOver, passcode, status, takenOver };
    this.running = running;
    return status;
  }

  /**
   * The session moved to a successor: withdraw the advertisement at once (the
   * successor announces it now; nobody new should come here), say who has it,
   * and keep passing on the shared files until the host says it is finished —
   * then stop hosting, as "Stop hosting" would.
   */
  private handedOver(running: Running, event: HandOverEvent): void {
    if (this.running !== running) return;
    if (event.kind === 'declined') {
      running.status = { ...running.status, handOverOffer: { to: event.by.name, state: 'declined' } };
      this.options.onStatusChange?.(running.status);
      return;
    }
    if (event.kind === 'moved') {
      running.status = { ...running.status, handedOverTo: event.successor.name, handOverOffer: null };
      this.handedOverTo = event.successor.name;
      this.log(`handed “${running.status.sessionName}” over to ${event.successor.name} (${event.to.join(', ')}); passing on the shared files`);
      const advertiser = running.advertiser;
      running.advertiser = null;
      void advertiser?.stop().catch((error: unknown) => this.log(`discovery: stopping the advertisement failed: ${error instanceof Error ? error.message : String(error)}`));
      this.options.onStatusChange?.(running.status);
      return;
    }
    this.stop().catch((error: unknown) => this.log(`could not stop hosting after the hand-over: ${error instanceof Error ? error.message : String(error)}`));
  }

  /**
   * Starts announcing the session without waiting for it: probing for a name
   * conflict and the first announcement take a second or more, and the person
   * who clicked "Host" should see the session at once. mDNS failing (no
   * multicast, a firewall, no interfaces) must not stop the session either:
   * people can still join by address or QR code. Log and go on.
   */
  private startAdvertiser(port: number, txt: SessionTxtRecord, name: string): SessionAdvertiserLike | null {
    const failed = (error: unknown) =>
      this.log(`discovery: could not advertise “${name}” on the LAN: ${error instanceof Error ? error.message : String(error)}`);
    let advertiser: SessionAdvertiserLike;
    try {
      advertiser = this.options.createAdvertiser({ port, txt, name });
    } catch (error) {
      failed(error);
      return null;
    }
    try {
      Promise.resolve(advertiser.start()).catch(failed);
    } catch (error) {
      failed(error);
    }
    return advertiser;
  }

  private async doStop(): Promise<HostStatus> {
    const running = this.running;
    if (!running) return this.stoppedStatus();
    this.running = null;
    running.unsubscribePresence();
    running.unsubscribeHandOver();
    // Withdraw the advertisement first so nobody is sent to a closing host.
    await running.advertiser?.stop().catch((error: unknown) => {
      this.log(`discovery: stopping the advertisement failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    await running.host.stop();
    this.log(`stopped hosting “${running.status.sessionName}”`);
    const stopped = this.stoppedStatus();
    this.options.onStatusChange?.(stopped);
    for (const waiter of [...this.stoppedWaiters]) waiter();
    this.stoppedWaiters.clear();
    return stopped;
  }

  private stoppedStatus(): HostStatus {
    return this.handedOverTo === null ? STOPPED : { ...STOPPED, handedOverTo: this.handedOverTo };
  }
}
