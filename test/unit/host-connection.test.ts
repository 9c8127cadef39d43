// HostConnection with a fake ws: throttling (held, not dropped; one notice per
// episode; a flood closes), events queued per turn and sent as one frame, a
// peer that stops reading is cut off, fatal errors close with their code, and
// signing in lifts the pre-sign-in frame limit.
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HARD_MAX_FRAME_BYTES, PRE_SIGNIN_MAX_FRAME_BYTES } from '../../src-shared/limits.js';
import { HostConnection, type ConnectionLimits } from '../../src-main/host/host-connection.js';

class FakeWs extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  paused = false;
  readonly sent: Array<Record<string, unknown>> = [];
  closedWith: { code: number; reason: string } | null = null;
  terminated = false;
  readonly _receiver = { _maxPayload: PRE_SIGNIN_MAX_FRAME_BYTES };
  /** The raw data of each send and whether it went as binary. */
  readonly raw: Array<{ data: string | Buffer; binary: boolean | undefined }> = [];
  send(data: string | Buffer, options?: { binary?: boolean }): void {
    this.raw.push({ data, binary: options?.binary });
    this.sent.push(JSON.parse(data.toString()) as Record<string, unknown>);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  terminate(): void {
    this.terminated = true;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
}

const limits: ConnectionLimits = { ratePerSecond: 10, burst: 3, maxQueuedFrames: 5, maxBufferedBytes: 1000 };

function connection(overrides: Partial<ConnectionLimits> = {}) {
  const ws = new FakeWs();
  const processed: string[] = [];
  const dirty: HostConnection[] = [];
  const conn = new HostConnection(
    ws as unknown as WebSocket,
    '127.0.0.1:1',
    { ...limits, ...overrides },
    (_c, data) => processed.push(data.toString()),
    (c) => dirty.push(c),
  );
  return { ws, conn, processed, dirty };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('HostConnection', () => {
  describe('#receive', () => {
    it('processes a burst at once, then holds frames back (in order, none dropped) with one rate_limited notice', async () => {
      vi.useFakeTimers();
      const { ws, conn, processed } = connection();
      for (let i = 1; i <= 5; i++) conn.receive(Buffer.from(`f${i}`), false);
      expect(processed).toEqual(['f1', 'f2', 'f3']);
      expect(ws.paused).toBe(true); // TCP pushes back on the sender meanwhile
      const notices = ws.sent.filter((f) => f.code === 'rate_limited');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.retryAfterMs).toBeGreaterThan(0);
      await vi.advanceTimersByTimeAsync(1000);
      expect(processed).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
      expect(ws.paused).toBe(false);
      expect(ws.sent.filter((f) => f.code === 'rate_limited')).toHaveLength(1);
    });

    it('closes with flood (1008) when more than maxQueuedFrames are held', () => {
      vi.useFakeTimers();
      const { ws, conn, processed } = connection();
      for (let i = 1; i <= 3 + 6; i++) conn.receive(Buffer.from(`f${i}`), false);
      expect(ws.sent.at(-1)).toMatchObject({ type: 'error', code: 'flood' });
      expect(ws.closedWith?.code).toBe(1008);
      conn.receive(Buffer.from('after'), false);
      expect(processed).not.toContain('after');
    });
  });

  describe('#queueEvent / #flushEvents', () => {
    it('sends every event queued in a turn as one events frame, and marks itself dirty once', () => {
      const { ws, conn, dirty } = connection();
      conn.queueEvent(JSON.stringify({ seq: 7, type: 'message' }), 7);
      conn.queueEvent(JSON.stringify({ seq: 8, type: 'message' }), 8);
      expect(dirty).toEqual([conn]);
      expect(conn.lastSeq).toBe(8);
      conn.flushEvents();
      expect(ws.sent).toHaveLength(1);
      expect(ws.sent[0]).toMatchObject({ type: 'events', events: [{ seq: 7 }, { seq: 8 }] });
      conn.flushEvents();
      expect(ws.sent).toHaveLength(1); // nothing queued, nothing sent
    });

    it('encodes a frame once per flush for every connection queued the same events, and sends it as text', () => {
      const a = connection();
      const b = connection();
      const c = connection();
      const seven = JSON.stringify({ seq: 7, type: 'message', message: { text: 'héllo' } });
      const eight = JSON.stringify({ seq: 8, type: 'message' });
      for (const { conn } of [a, b, c]) conn.queueEvent(seven, 7);
      for (const { conn } of [a, b]) conn.queueEvent(eight, 8);
      const shared = new Map<string, Buffer>();
      for (const { conn } of [a, b, c]) conn.flushEvents(shared);
      expect(Buffer.isBuffer(a.ws.raw[0]!.data)).toBe(true);
      expect(a.ws.raw[0]!.data).toBe(b.ws.raw[0]!.data); // the same Buffer, not an equal copy
      expect(c.ws.raw[0]!.data).not.toBe(a.ws.raw[0]!.data);
      expect(c.ws.sent[0]).toMatchObject({ type: 'events', events: [{ seq: 7, message: { text: 'héllo' } }] });
      expect(a.ws.sent[0]).toMatchObject({ type: 'events', events: [{ seq: 7 }, { seq: 8 }] });
      expect(a.ws.raw.every((r) => r.binary === false)).toBe(true);
      expect(shared.size).toBe(2);
    });

    it('cuts off a peer that stopped reading (too_slow) instead of buffering without bound', () => {
      const { ws, conn } = connection();
      ws.bufferedAmount = limits.maxBufferedBytes + 1;
      conn.queueEvent(JSON.stringify({ seq: 1, type: 'message' }), 1);
      conn.flushEvents();
      expect(ws.sent.map((f) => f.code)).toEqual(['too_slow']);
      expect(ws.terminated).toBe(true);
      expect(conn.closed).toBe(true);
    });
  });

  describe('one write per tick', () => {
    it('an acknowledgement and the events frame sent in one tick leave the socket in one write, in order, when the tick ends', async () => {
      const writes: string[][] = [];
      let corked = 0;
      let pending: string[] = [];
      const wire = {
        cork: () => void corked++,
        uncork: () => {
          if (--corked === 0 && pending.length > 0) writes.push(pending.splice(0));
        },
      };
      const ws = new FakeWs();
      ws.send = (data: string) => {
        if (corked > 0) pending.push(JSON.parse(data).type as string);
        else writes.push([JSON.parse(data).type as string]);
      };
      const conn = new HostConnection(ws as unknown as WebSocket, '127.0.0.1:1', limits, () => {}, () => {}, wire);
      conn.reply('m1', { seq: 1 });
      conn.queueEvent('{"seq":1,"type":"message"}', 1);
      conn.flushEvents();
      expect(writes).toEqual([]); // held until the tick ends
      await new Promise((resolve) => process.nextTick(resolve));
      expect(writes).toEqual([['reply', 'events']]);
      conn.reply('m2', { seq: 2 }); // the next tick is a write of its own
      await new Promise((resolve) => process.nextTick(resolve));
      expect(writes).toEqual([['reply', 'events'], ['reply']]);
    });
  });

  describe('#fail', () => {
    it('sends the error, then closes with the code PROTOCOL.md gives it', () => {
      const { ws, conn } = connection();
      conn.fail('auth_timeout', 'Sign in within 10 s.');
      expect(ws.sent).toEqual([expect.objectContaining({ type: 'error', code: 'auth_timeout', message: 'Sign in within 10 s.' })]);
      expect(ws.closedWith).toEqual({ code: 4001, reason: 'auth_timeout' });
      conn.sendFrame({ type: 'late' });
      expect(ws.sent).toHaveLength(1);
    });
  });

  describe('#signedIn', () => {
    it('stops the sign-in deadline and lets frames grow to HARD_MAX_FRAME_BYTES', () => {
      vi.useFakeTimers();
      const { ws, conn } = connection();
      const deadline = vi.fn();
      conn.authTimer = setTimeout(deadline, 1000);
      conn.signInFailures = 2;
      conn.signedIn({ id: 3, name: 'alice' }, 'token-hash');
      vi.advanceTimersByTime(5000);
      expect(deadline).not.toHaveBeenCalled();
      expect(conn.user).toEqual({ id: 3, name: 'alice' });
      expect(conn.signInFailures).toBe(0);
      expect(ws._receiver._maxPayload).toBe(HARD_MAX_FRAME_BYTES);
    });
  });
});
