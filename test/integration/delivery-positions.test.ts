// Durable delivery positions (delivery-positions.ts): a host process killed
// with SIGKILL, as a power cut would, then started again on the same data
// folder. Someone who signs in again without `after` (the terminal client
// does, every time it starts) is not shown again what they had received, and
// is shown what they had not.
import { afterEach, describe, expect, it } from 'vitest';
import { dmKey } from '../../src-shared/protocol/conversations.js';
import { ChatClient } from '../../src-shared/chat-client.js';
import { pinnedWebSocket } from '../../src-main/trust/pinned-websocket.js';
import { collect, tempDir } from '../helpers/host-harness.js';
import { killStartedProcesses, runCli } from '../helpers/cli-process.js';
import { pinFromDataDir } from '../helpers/session-pin.js';

afterEach(async () => {
  await killStartedProcesses();
});

async function hostProcess(dataDir: string) {
  const host = runCli('host', ['--port', '0', '--data-dir', dataDir, '--bind', '127.0.0.1']);
  const [, port] = await host.waitForOutput(/Listening on port (\d+)[\s\S]*Press Ctrl\+C to stop\./, 15_000);
  return { host, url: `wss://127.0.0.1:${port}/ws`, WebSocket: pinnedWebSocket(pinFromDataDir(dataDir)) };
}

async function signIn(host: { url: string; WebSocket: ReturnType<typeof pinnedWebSocket> }, name: string) {
  const client = new ChatClient({ url: host.url, WebSocket: host.WebSocket, minDelayMs: 20, maxDelayMs: 200 });
  const seen = collect(client);
  await client.connect();
  const signedIn = await client.signIn({ name, password: 'secret-pw' });
  return { client, seen, signedIn };
}

describe('delivery positions', () => {
  it('after kill -9, replays to a returning person only what they had not received', async () => {
    const dataDir = tempDir('parley-crash-');
    const first = await hostProcess(dataDir);
    const alice = await signIn(first, 'alice');
    const bob = await signIn(first, 'bob');
    const carol = await signIn(first, 'carol');
    const carolLeft = new Promise<void>((resolve) =>
      alice.client.on('presence', (user, online) => {
        if (user.name === 'carol' && !online) resolve();
      }),
    );
    carol.client.close(); // carol is away from here on
    await carolLeft;

    await alice.client.send('ch:1', 'seen by bob once').done;
    await alice.client.send('ch:1', 'also seen by bob').done;
    await alice.client.send(dmKey(alice.signedIn.user.id, carol.signedIn.user.id), 'for carol, who is away').done;
    await bob.seen.waitFor(() => bob.seen.texts('ch:1').includes('also seen by bob'));

    first.host.child.kill('SIGKILL');
    await first.host.exit;
    for (const { client } of [alice, bob]) client.close();

    const second = await hostProcess(dataDir);
    const bobAgain = await signIn(second, 'bob');
    const carolAgain = await signIn(second, 'carol');
    await carolAgain.seen.waitFor(() => carolAgain.seen.texts().includes('for carol, who is away'));

    // bob received everything before the crash: nothing is replayed to him.
    expect(bobAgain.signedIn.replayCount).toBe(0);
    expect(bobAgain.seen.texts()).toEqual([]);
    // carol had left before those messages: she gets them, once.
    expect(carolAgain.seen.texts().filter((text) => text === 'for carol, who is away')).toHaveLength(1);
    expect(carolAgain.seen.texts('ch:1')).toEqual(['seen by bob once', 'also seen by bob']);

    // And what is sent after the restart reaches bob live, not lost to the settled position.
    await carolAgain.client.send('ch:1', 'after the restart').done;
    await bobAgain.seen.waitFor(() => bobAgain.seen.texts().includes('after the restart'));
    for (const { client } of [bobAgain, carolAgain]) client.close();
  }, 60_000);
});
