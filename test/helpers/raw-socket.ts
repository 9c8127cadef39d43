// A bare `ws` client for tests that must send arbitrary bytes to the host and
// see every frame it answers with (ChatClient validates and hides too much).
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../src-shared/limits.js';

/** A frame from the host, parsed but not validated. */
export interface RawFrame {
  v?: unknown;
  type?: unknown;
  re?: unknown;
  code?: unknown;
  [key: string]: unknown;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export class RawSocket {
  /** Every frame received, in order. */
  readonly frames: RawFrame[] = [];
  /** Frames that were not JSON objects, or came as binary (the host never sends those). */
  readonly garbage: Array<string | Buffer> = [];
  closeInfo: CloseInfo | null = null;
  readonly closed: Promise<CloseInfo>;
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  private tcp: Socket | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.once('upgrade', (response) => {
      this.tcp = response.socket;
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        this.notify();
      });
    });
    ws.on('error', () => {
      // 'close' follows
    });
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        this.garbage.push(data);
      } else {
        const text = data.toString('utf8');
        try {
          const value: unknown = JSON.parse(text);
          if (typeof value === 'object' && value !== null && !Array.isArray(value)) this.frames.push(value as RawFrame);
          else this.garbage.push(text);
        } catch {
          this.garbage.push(text);
        }
      }
      this.notify();
    });
  }

  /** Connects and waits for the host's welcome frame. */
  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
    // A raw test client sends anything and checks nothing, the host's identity included (pinning has its own tests).
    const tls = url.startsWith('wss:') ? { rejectUnauthorized: false } : {};
    const socket = new RawSocket(new WebSocket(url, { perMessageDeflate: false, ...tls, ...options }));
    await socket.waitFor((f) => f.type === 'welcome');
    return socket;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves when the socket closes; fails if it is still open after `timeoutMs`. */
  closedWithin(timeoutMs: number): Promise<CloseInfo> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
      void this.closed.then((info) => {
        clearTimeout(timer);
        resolve(info);
      });
    });
  }

  /** Sends a text frame as is. */
  sendText(text: string): void {
    this.ws.send(text, { binary: false });
  }

  sendBinary(data: Buffer | Uint8Array): void {
    this.ws.send(data, { binary: true });
  }

  sendJson(value: unknown): void {
    this.sendText(JSON.stringify(value));
  }

  /**
   * Sends the frames in one TCP write, so the host reads them all at once (a
   * paused socket only stops the reads after the current one).
   */
  sendBatch(texts: string[]): void {
    const tcp = this.tcp;
    if (!tcp) throw new Error('not connected');
    tcp.cork();
    for (const text of texts) this.sendText(text);
    tcp.uncork();
  }

  newId(): string {
    return `r${this.nextId++}`;
  }

  /** Sends `{v, type, id, ...params}`; returns the id. */
  sendRequest(type: string, params: Record<string, unknown> = {}, id = this.newId()): string {
    this.sendJson({ v: PROTOCOL_VERSION, type, id, ...params });
    return id;
  }

  /** Resolves with the first frame (from index `from`) matching `predicate`. */
  waitFor(predicate: (frame: RawFrame) => boolean, { timeoutMs = 5000, from = 0 } = {}): Promise<RawFrame> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let i = from; i < this.frames.length; i++) {
          const frame = this.frames[i]!;
          if (predicate(frame)) {
            resolve(frame);
            return true;
          }
        }
        return false;
      };
      if (check()) return;
      const waiter = () => {
        if (check()) done();
        else if (this.closeInfo) {
          done();
          reject(new Error(`socket closed (${this.closeInfo.code} ${this.closeInfo.reason}) before the frame came; got ${JSON.stringify(this.frames.slice(from))}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(from)).slice(0, 2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      if (this.closeInfo) waiter();
    });
  }

  /** The reply or error frame answering request `id`. */
  answer(id: string, timeoutMs = 5000): Promise<RawFrame> {
    return this.waitFor((f) => (f.type === 'reply' || f.type === 'error') && f.re === id, { timeoutMs });
  }

  /** Sends a request and waits for its answer (reply or error). */
  request(type: string, params: Record<string, unknown> = {}, timeoutMs = 5000): Promise<RawFrame> {
    return this.answer(this.sendRequest(type, params), timeoutMs);
  }

  /** Signs in (claiming the name if free); throws unless the host replies. */
  async signIn(name: string, password = 'secret-pw'): Promise<{ user: { id: number; name: string }; lastSeq: number }> {
    const answer = await this.request('signin', { name, password });
    if (answer.type !== 'reply') throw new Error(`sign-in of ${name} failed: ${JSON.stringify(answer)}`);
    return answer.data as { user: { id: number; name: string }; lastSeq: number };
  }

  /** Errors not tied to a request (rate limiting, auth timeout…). */
  notices(): RawFrame[] {
    return this.frames.filter((f) => f.type === 'error' && f.re === undefined);
  }

  close(): void {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
  }

  terminate(): void {
    this.ws.terminate();
  }
}

/** Texts of the `message` events this socket received, for conversation `conv`. */
export function messageTexts(socket: RawSocket, conv?: string): string[] {
  const texts: string[] = [];
  for (const frame of socket.frames) {
    if (frame.type !== 'events' || !Array.isArray(frame.events)) continue;
    for (const event of frame.events as Array<{ type: string; message?: { conv: string; kind: string; text: string } }>) {
      if (event.type === 'message' && event.message?.kind === 'text' && (conv === undefined || event.message.conv === conv)) {
        texts.push(event.message.text);
      }
    }
  }
  return texts;
}
