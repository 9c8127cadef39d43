// The per-connection token bucket over a real socket: a flood is throttled,
// not dropped; others are not slowed down; holding too much is fatal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src-shared/limits.js';
import { CLOSE_CODES } from '../../src-shared/protocol/error-codes.js';
import { sleep, startHost, type Harness } from '../helpers/host-harness.js';
import { messageTexts, RawSocket, type RawFrame } from '../helpers/raw-socket.js';

const limits = { ratePerSecond: 10, burst: 5, maxQueuedFrames: 50 };

interface SentMessage {
  seq: number;
  clientMsgId: string;
  text: string;
}

describe('ChatHost', () => {
  describe('rate limiting', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHost({ limits });
    });
    afterAll(async () => {
      await h.stop();
    });

    /** Signs in, then waits until the bucket is full again (sign-in took a token). */
    const signedIn = async (name: string): Promise<RawSocket> => {
      const socket = await RawSocket.open(h.url);
      await socket.signIn(name);
      await sleep(1000 / limits.ratePerSecond + 50);
      return socket;
    };

    it('throttles a flood without dropping anything, tells the sender once, and does not slow others down', async () => {
      const flooder = await signedIn('flooder');
      const polite = await signedIn('polite');
      const observer = await signedIn('observer');
      const count = 30;

      const started = Date.now();
      const ackedAt = new Map<string, number>();
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        ids.push(flooder.sendRequest('send', { conv: 'ch:1', clientMsgId: `flood-${i}`, text: `flood ${i}` }));
      }
      const floodAcks = Promise.all(
        ids.map(async (id) => {
          const answer = await flooder.answer(id, 10_000);
          ackedAt.set(id, Date.now());
          return answer;
        }),
      );

      // Meanwhile the polite client sends well within its own rate; each is
      // acknowledged promptly.
      const politeLatencies: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = Date.now();
        const answer = await polite.request('send', { conv: 'ch:1', clientMsgId: `polite-${i}`, text: `polite ${i}` });
        expect(answer.type).toBe('reply');
        politeLatencies.push(Date.now() - t0);
        await sleep(150);
      }
      expect(Math.max(...politeLatencies)).toBeLessThan(200);

      const answers = await floodAcks;
      const elapsed = Math.max(...ackedAt.values()) - started;

      // Every one of them acknowledged, in the order sent, none a duplicate.
      expect(answers.map((a) => a.type)).toEqual(Array(count).fill('reply'));
      const messages = answers.map((a) => (a.data as { message: SentMessage; duplicate: boolean }).message);
      expect(answers.every((a) => (a.data as { duplicate: boolean }).duplicate === false)).toBe(true);
      expect(messages.map((m) => m.clientMsgId)).toEqual(ids.map((_, i) => `flood-${i}`));
      const seqs = messages.map((m) => m.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(count);

      // Spread out at the sustained rate: (30 - burst) / rate seconds.
      const expectedMs = ((count - limits.burst) / limits.ratePerSecond) * 1000;
      expect(elapsed).toBeGreaterThan(expectedMs * 0.8);
      expect(elapsed).toBeLessThan(expectedMs * 1.5 + 300);

      // Told exactly once, with a hint when to go on.
      const notices = flooder.notices();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ type: 'error', code: 'rate_limited', retryAfterMs: expect.any(Number) });
      expect(notices[0]!.retryAfterMs as number).toBeGreaterThan(0);
      expect(notices[0]!.re).toBeUndefined();
      expect(polite.notices()).toEqual([]);

      // Stored once each: history holds each flood message exactly once, and
      // everyone got each one once.
      const history = await observer.request('history', { conv: 'ch:1', limit: 200 });
      expect(history.type).toBe('reply');
      const stored = (history.data as { messages: SentMessage[] }).messages.filter((m) => m.clientMsgId?.startsWith('flood-'));
      expect(stored.map((m) => m.clientMsgId).sort()).toEqual(ids.map((_, i) => `flood-${i}`).sort());
      await observer.waitFor(() => messageTexts(observer).filter((t) => t.startsWith('flood ')).length >= count);
      expect(messageTexts(observer).filter((t) => t.startsWith('flood '))).toEqual(ids.map((_, i) => `flood ${i}`));

      // After the episode the flooder is back to normal: no new notice for a polite request.
      await sleep(1000 / limits.ratePerSecond + 50);
      expect(await flooder.request('ping')).toMatchObject({ type: 'reply' });
      expect(flooder.notices()).toHaveLength(1);

      // Flooding again before a whole burst is back is the same episode: no second notice
      // (frames held in TCP arrive in such spurts once the host reads again).
      const spurt = Array.from({ length: 10 }, () => flooder.sendRequest('ping', {}));
      await Promise.all(spurt.map((id) => flooder.answer(id, 10_000)));
      expect(flooder.notices()).toHaveLength(1);

      // Quiet until a whole burst is back: the next flood is a new episode, told again.
      await sleep((limits.burst / limits.ratePerSecond) * 1000 + 100);
      const again = Array.from({ length: limits.burst + 5 }, () => flooder.sendRequest('ping', {}));
      await Promise.all(again.map((id) => flooder.answer(id, 10_000)));
      expect(flooder.notices()).toHaveLength(2);

      for (const socket of [flooder, polite, observer]) socket.close();
    });

    it('closes with 1008 (flood) a connection that has more than maxQueuedFrames held back, and keeps serving others', async () => {
      const flooder = await signedIn('flood-bot');
      const bystander = await signedIn('bystander');
      // Sent in one TCP write: the host reads them in one go before pausing the
      // socket (frames still in TCP buffers are not held, just not read yet).
      const count = limits.burst + limits.maxQueuedFrames + 20;
      const started = Date.now();
      flooder.sendBatch(Array.from({ length: count }, (_, i) => JSON.stringify({ v: PROTOCOL_VERSION, type: 'ping', id: `p${i}` })));

      const closed = await flooder.closedWithin(3000);
      expect(closed.code).toBe(CLOSE_CODES.policy);
      // Promptly: the paused socket is read again so the close handshake completes.
      expect(Date.now() - started).toBeLessThan(1000);
      const offline = await bystander.waitFor((f) => f.type === 'presence' && f.online === false, { timeoutMs: 1000 });
      expect(offline).toMatchObject({ user: { name: 'flood-bot' } });
      const errors = flooder.frames.filter((f): f is RawFrame => f.type === 'error');
      expect(errors.map((f) => f.code)).toEqual(['rate_limited', 'flood']);
      // What was within the burst was answered; nothing after the flood was.
      const replies = flooder.frames.filter((f) => f.type === 'reply');
      expect(replies.length).toBeGreaterThanOrEqual(limits.burst);
      expect(replies.length).toBeLessThan(count);

      // Others are unaffected.
      const t0 = Date.now();
      const answer = await bystander.request('send', { conv: 'ch:1', clientMsgId: 'after-flood', text: 'still fine' });
      expect(answer).toMatchObject({ type: 'reply', data: { message: { text: 'still fine' } } });
      expect(Date.now() - t0).toBeLessThan(200);
      const fresh = await RawSocket.open(h.url);
      expect(await fresh.request('ping')).toMatchObject({ type: 'reply' });
      expect(fresh.frames.at(-1)?.v).toBe(PROTOCOL_VERSION);

      for (const socket of [bystander, fresh]) socket.close();
    });

    it('closes promptly a throttled connection whose held frame is fatal', async () => {
      const socket = await signedIn('old-client');
      const extra = 5;
      const frames = Array.from({ length: limits.burst + extra }, (_, i) => JSON.stringify({ v: PROTOCOL_VERSION, type: 'ping', id: `p${i}` }));
      frames.push(JSON.stringify({ v: 2, type: 'ping', id: 'v2' }));
      const started = Date.now();
      socket.sendBatch(frames);
      const closed = await socket.closedWithin(3000);
      expect(closed.code).toBe(CLOSE_CODES.unsupportedVersion);
      // The v2 frame waits its turn ((extra + 1) / rate s), then the close is immediate.
      expect(Date.now() - started).toBeLessThan(((extra + 1) / limits.ratePerSecond) * 1000 + 500);
      expect(socket.frames.filter((f) => f.type === 'reply' && String(f.re).startsWith('p'))).toHaveLength(limits.burst + extra);
      expect(socket.frames.at(-1)).toMatchObject({ type: 'error', code: 'unsupported_version', re: 'v2' });
    });
  });
});
