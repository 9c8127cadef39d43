// The heartbeat over real sockets: a peer that stops answering is cut and the
// others see it go offline; a peer that answers is never cut, not even when the
// host itself was held up past a beat (heartbeat.ts).
import { describe, expect, it } from 'vitest';
import { startHost } from '../helpers/host-harness.js';
import { RawSocket } from '../helpers/raw-socket.js';

/** Holds this whole process (host and clients alike) for `ms`, as a long synchronous step or a starved machine would. */
const holdUp = (ms: number): void => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Signs in a peer that answers pings until it has signed in (a busy machine
 * may take more than two beats for that), then goes silent and counts them.
 */
async function silentPeer(url: string, name: string): Promise<{ socket: RawSocket; userId: number; pings: () => number }> {
  const socket = await RawSocket.open(url, { autoPong: false });
  let quiet = false;
  let pings = 0;
  socket.ws.on('ping', (data) => (quiet ? pings++ : socket.ws.pong(data)));
  const { user } = await socket.signIn(name);
  quiet = true;
  return { socket, userId: user.id, pings: () => pings };
}

/** The peer is still connected, and the host still answers it. */
async function expectStillThere(peer: RawSocket): Promise<void> {
  expect(peer.isOpen).toBe(true);
  expect(await peer.request('ping')).toMatchObject({ type: 'reply' });
  peer.close();
}

describe('ChatHost heartbeat', () => {
  it('terminates a peer that does not answer pings, and others see it go offline', async () => {
    // Not shorter: under CI load (two cores, test files in parallel) a
    // 250 ms beat once ended the answering watcher too, its pong a beat late.
    const heartbeatMs = 500;
    const h = await startHost({ limits: { heartbeatMs } });
    try {
      const watcher = await RawSocket.open(h.url);
      await watcher.signIn('watcher');
      const silent = await silentPeer(h.url, 'silent');
      await watcher.waitFor((f) => f.type === 'presence' && f.online === true && (f.user as { id: number }).id === silent.userId);
      const started = Date.now();
      const closed = await silent.socket.closedWithin(4000);
      const elapsed = Date.now() - started;
      // Pinged once (then the next beat finds it dead): gone within ~2 intervals.
      expect(silent.pings()).toBeGreaterThanOrEqual(1);
      expect(elapsed).toBeLessThan(heartbeatMs * 2 + 750); // slack for a busy machine, still well under closedWithin
      expect(closed.code).toBe(1006); // terminated: no close frame
      const offline = await watcher.waitFor((f) => f.type === 'presence' && f.online === false);
      expect(offline).toMatchObject({ user: { id: silent.userId, name: 'silent', online: false } });
      // A peer that does answer pings (ws does so by default) stays, across many beats.
      await sleep(heartbeatMs * 4);
      await expectStillThere(watcher);
    } finally {
      await h.stop();
    }
  });

  it('does not cut a peer whose answer was waiting while the host was held up past a beat', async () => {
    const heartbeatMs = 300;
    const h = await startHost({ limits: { heartbeatMs } });
    try {
      const peer = await RawSocket.open(h.url);
      await peer.signIn('patient');
      // The peer answers the ping at once (ws's auto-pong goes out before the
      // 'ping' event), then the whole process stalls past the next beat (not
      // by so much that the beat counts as late): when it runs again, the beat
      // is due and the pong is in the host's socket buffer, not yet read.
      let stalls = 0;
      peer.ws.on('ping', () => {
        if (stalls++ < 2) holdUp(heartbeatMs * 1.2);
      });
      await sleep(heartbeatMs * 8);
      expect(stalls).toBeGreaterThanOrEqual(2);
      await expectStillThere(peer);
    } finally {
      await h.stop();
    }
  });

  it('does not cut a peer that answers just after a hold-up, and still cuts one that never does', async () => {
    const heartbeatMs = 300;
    const h = await startHost({ limits: { heartbeatMs } });
    try {
      // This one answers its first pings only after the process has stalled
      // through the next beat, and then a moment later still: the pong reaches
      // the host after that late beat's verdict, so only the host's "that beat
      // was late, judge no one" keeps it.
      const slow = await RawSocket.open(h.url, { autoPong: false });
      let stalls = 0;
      slow.ws.on('ping', (data) => {
        if (stalls++ >= 2) {
          slow.ws.pong(data);
          return;
        }
        holdUp(heartbeatMs * 3);
        setTimeout(() => slow.ws.pong(data), 50);
      });
      await slow.signIn('slow');
      const silent = await silentPeer(h.url, 'silent');
      const closed = await silent.socket.closedWithin(heartbeatMs * 12);
      expect(closed.code).toBe(1006);
      await sleep(heartbeatMs * 4);
      expect(stalls).toBeGreaterThanOrEqual(2);
      await expectStillThere(slow);
    } finally {
      await h.stop();
    }
  });
});
