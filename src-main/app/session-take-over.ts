// "Accept" on a hand-over offer, and "Take over this session" (issue 11): this
// app becomes the session's host. The page is signed in to the old host over
// main's pinned chat socket; main does the work over a connection of its own
// (like a file transfer's, transfer/pinned-http.ts): pinned to the identity
// this device trusts at the page's address and resumed with the page's token,
// so the successor is the same person the page is signed in as — and nothing
// here ever trusts a certificate the person has not. takeOverSession
// (handover/take-over.ts) then fetches the session into a NEW folder and
// starts it; HostController adopts the running host (status, tray, mDNS).
// The page itself follows the `moved` frame like every other client.
//
// Decision: the folder is USERDATA/sessions/<session id>-<time>, never the
// session-name folder "Host a session" uses: a session taken over must not
// overwrite (or be mixed with) an older session of the same name on this
// computer. take-over.ts refuses a folder that is not empty anyway.
import path from 'node:path';
import type { WebSocketConstructor } from '../../src-shared/chat-client.js';
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { takeOverSession, type TakeOverOptions } from '../handover/take-over.js';
import type { ChatHost } from '../host/chat-host.js';
import { connectHostClient } from '../transfer/pinned-http.js';
import type { SessionPin } from '../trust/pinned-tls.js';

export interface SessionTakeOverOptions {
  /** The identity trusted at an address (TrustService.pinForUrl). */
  pinFor(url: string): SessionPin | null;
  /** Parent of the new session folder (USERDATA/sessions). */
  sessionsDir: string;
  /** How the taken-over session is hosted here (port, bind address, web root, log). */
  hostOptions: NonNullable<TakeOverOptions['hostOptions']>;
  /** Addresses clients reach this computer on (default: its LAN addresses). */
  addresses?: () => string[];
  /** The hosting in this app (host-controller.ts). */
  controller: {
    status(): HostStatus;
    adopt(host: ChatHost): Promise<HostStatus>;
  };
  WebSocket: WebSocketConstructor;
  log?: (line: string) => void;
  /** Now, ms (tests). */
  now?: () => number;
}

export interface TakeOverRequest {
  /** wss://HOST:PORT/ws of the session the page is signed in to. */
  url: string;
  /** The page's resume token there. */
  token: string;
  /** The host's offer being accepted; absent for an admin's take-over. */
  offer?: string | undefined;
}

/** Runs one take-over at a time; what host:take-over calls. */
export class SessionTakeOver {
  private running: Promise<HostStatus> | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly options: SessionTakeOverOptions) {
    this.log = options.log ?? (() => {});
  }

  takeOver(request: TakeOverRequest): Promise<HostStatus> {
    if (this.running) return Promise.reject(new IpcError('handover_failed', 'Already taking a session over; wait for it to finish.'));
    const running = this.run(request).finally(() => {
      this.running = null;
    });
    this.running = running;
    return running;
  }

  private async run({ url, token, offer }: TakeOverRequest): Promise<HostStatus> {
    const hosting = this.options.controller.status();
    if (hosting.running) {
      throw new IpcError('host_already_running', `This computer already hosts “${hosting.sessionName}”. Stop hosting it first, then take this session over.`);
    }
    const target = new URL(url);
    const secure = target.protocol === 'wss:';
    const pin = secure ? this.options.pinFor(url) : null;
    if (secure && !pin) throw new IpcError('not_allowed', `No session is trusted at ${target.host}; join it first, then take it over.`);
    const origin = `${secure ? 'https' : 'http'}://${target.host}`;

    let client;
    try {
      client = await connectHostClient(url, token, pin, this.options.WebSocket);
    } catch (error) {
      throw new IpcError('handover_failed', `Could not reach the session to take it over: ${error instanceof Error ? error.message : String(error)}`);
    }
    const sessionId = client.session?.id ?? 'session';
    const folder = `${sessionId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'session'}-${(this.options.now ?? Date.now)()}`;
    const dataDir = path.join(this.options.sessionsDir, folder);
    this.log(`take-over: ${offer === undefined ? 'taking' : 'accepting'} the session at ${target.host} into ${dataDir}`);
    try {
      const addresses = this.options.addresses?.();
      const taken = await takeOverSession({
        client,
        origin,
        pin,
        ...(offer !== undefined && { offer }),
        dataDir,
        hostOptions: this.options.hostOptions,
        ...(addresses !== undefined && { addresses }),
        log: (line) => this.log(`take-over: ${line}`),
      });
      // The old host passes the shared files on in the background; our connection to it is done once they are here.
      void taken.files.then(
        ({ moved, givenUp }) => this.log(`take-over: ${moved} shared files arrived${givenUp.length > 0 ? `, ${givenUp.length} could not be fetched` : ''}`),
        () => {},
      ).finally(() => client.close());
      try {
        return await this.options.controller.adopt(taken.host);
      } catch (error) {
        // Everyone already moved here: stopping would strand them. Keep serving; say what failed.
        this.log(`take-over: the session moved here but could not be shown as hosted: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    } catch (error) {
      client.close();
      if (error instanceof IpcError) throw error;
      throw new IpcError('handover_failed', `Could not take the session over: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
