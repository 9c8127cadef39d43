// A peer that stops reading must not make the host buffer without bound.
import { afterEach, describe, expect, it } from 'vitest';
import { channelKey, GENERAL_CHANNEL_ID } from '../../src-shared/protocol/conversations.js';
import { collect, startHost, type Harness } from '../helpers/host-harness.js';
import { RawSocket } from '../helpers/raw-socket.js';

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('ChatHost', () => {
  describe('slow consumers', () => {
    it('drops a connection that stopped reading, keeps serving others, and the client catches up when back', async () => {
      h = await startHost({ limits: { maxBufferedBytes: 256 * 1024, ratePerSecond: 10_000, burst: 10_000, maxQueuedFrames: 10_000 } });
      const stuck = await RawSocket.open(h.url);
      const { lastSeq } = await stuck.signIn('Stuck');
      const sender = await h.signIn('Sender');
      const watcher = await h.signIn('Watcher');
      const watched = collect(watcher);
      const offline: string[] = [];
      watcher.on('presence', (user, online) => !online && offline.push(user.name));

      const N = 3000; // ~12 MB: more than loopback's socket buffers absorb
      stuck.ws.pause(); // stop reading: the host's send buffer for it grows
      const text = 'x'.repeat(3900);
      for (let start = 0; start < N; start += 400) {
        const chunk = Array.from({ length: Math.min(400, N - start) }, (_, i) => sender.send(channelKey(GENERAL_CHANNEL_ID), `${start + i} ${text}`).done);
        await Promise.all(chunk);
      }
      await watched.waitFor(() => watched.texts().length === N);
      await expect.poll(() => offline, { timeout: 5000 }).toEqual(['Stuck']);
      stuck.terminate();

      // Back with the last seq it saw. ~12 MB is more than a replay may write at
      // once (REPLAY_MAX_BYTES: it would sit in the socket's buffer and trip this
      // very guard), so the host says resync and the client pages through
      // history: every message is there, once, in order.
      const back = h.client();
      await back.connect();
      back.lastSeq = lastSeq;
      const signedIn = await back.signIn({ name: 'Stuck', password: 'secret-pw' });
      expect(signedIn).toMatchObject({ resync: true, replayCount: 0 });
      const conv = channelKey(GENERAL_CHANNEL_ID);
      const texts: string[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await back.request('history', { conv, limit: 200, ...(before !== undefined && { before }) });
        texts.unshift(...page.messages.filter((m) => m.kind === 'text').map((m) => m.text));
        if (!page.hasMore || page.messages.length === 0) break;
        before = page.messages[0]!.seq;
      }
      expect(texts.map((t) => Number(t.split(' ')[0]))).toEqual(Array.from({ length: N }, (_, i) => i));
    }, 20_000);
  });
});
