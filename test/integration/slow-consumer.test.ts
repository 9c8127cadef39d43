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
    it('drops a connection that stopped reading, keeps serving others, and the replay catches it up', async () => {
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

      // Back with the last seq it saw: every message arrives, once.
      const back = h.client();
      const backEvents = collect(back);
      await back.connect();
      back.lastSeq = lastSeq;
      await back.signIn({ name: 'Stuck', password: 'secret-pw' });
      await backEvents.waitFor(() => backEvents.texts().length === N);
      expect(backEvents.texts().map((t) => Number(t.split(' ')[0]))).toEqual(Array.from({ length: N }, (_, i) => i));
    }, 20_000);
  });
});
