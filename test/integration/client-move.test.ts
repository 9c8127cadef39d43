// ChatClient.moveTo: the same session at another address (a host restarted
// elsewhere, or handed over). The client resumes there with its token —
// nobody types a password — and gets exactly what it missed.
import fs from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatHost } from '../../src-main/host/chat-host.js';
import { collect, startHost, tempDir, type Harness } from '../helpers/host-harness.js';

describe('ChatClient.moveTo', () => {
  let harness: Harness;
  let moved: ChatHost | null = null;
  afterEach(async () => {
    await harness?.stop();
    await moved?.stop();
    moved = null;
  });

  it('resumes at the new address while reconnecting, without a password, missing nothing and repeating nothing', async () => {
    harness = await startHost();
    const ann = await harness.signIn('ann');
    const bob = await harness.signIn('bob');
    const seen = collect(bob);
    await ann.send('ch:1', 'before the move').done;
    await seen.waitFor(() => seen.texts().includes('before the move'));

    // The host goes away; the same session (same data, same identity) comes up on another port.
    await harness.host.stop();
    const dataDir = tempDir();
    fs.cpSync(harness.dataDir, dataDir, { recursive: true });
    moved = new ChatHost({ dataDir, port: 0, bindAddress: '127.0.0.1' });
    await moved.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bob.state).toBe('reconnecting');

    const newUrl = `wss://127.0.0.1:${moved.port}/ws`;
    const bobBack = new Promise<void>((resolve) => {
      const off = bob.on('signedIn', () => {
        off();
        resolve();
      });
    });
    ann.moveTo(newUrl);
    bob.moveTo(newUrl);
    expect(bob.url).toBe(newUrl);
    await bobBack;
    await ann.send('ch:1', 'after the move').done;
    await seen.waitFor(() => seen.texts().includes('after the move'));
    expect(seen.texts()).toEqual(['before the move', 'after the move']);
  });

  it('gives up an attempt that hangs at the old address and goes to the new one at once', async () => {
    harness = await startHost();
    const bob = await harness.signIn('bob');
    // An address that accepts connections and never answers (a host frozen mid-crash).
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentPort = (silent.address() as net.AddressInfo).port;
    try {
      bob.moveTo(`wss://127.0.0.1:${silentPort}/ws`);
      bob.dropConnection();
      await new Promise((resolve) => setTimeout(resolve, 300)); // the attempt at the silent address hangs (15 s timeout)
      expect(bob.state).toBe('reconnecting');
      const back = new Promise<void>((resolve) => {
        const off = bob.on('signedIn', () => {
          off();
          resolve();
        });
      });
      const started = Date.now();
      bob.moveTo(harness.url);
      await back;
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });
});

