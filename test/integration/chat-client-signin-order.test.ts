// ChatClient handles a sign-in reply the moment it arrives: the replayed
// events that follow it (often in the same network read) must find the client
// signed in — 'signedIn' first, then the events, with `me` set.
import { afterEach, expect, it } from 'vitest';
import { startHost, type Harness } from '../helpers/host-harness.js';

let host: Harness;
afterEach(() => host.stop());

it("emits 'signedIn' before the events replayed after it", async () => {
  host = await startHost();
  const alice = await host.signIn('alice');
  const bobLeft = new Promise((resolve) => alice.on('presence', (user, online) => user.name === 'bob' && !online && resolve(null)));
  (await host.signIn('bob')).close();
  await bobLeft;
  for (let i = 0; i < 5; i++) await alice.send('ch:1', `missed ${i}`).done;

  const bob = host.client();
  const seen: string[] = [];
  bob.on('signedIn', () => seen.push('signedIn'));
  bob.on('event', (_event, { replay }) => seen.push(`${replay ? 'replay' : 'live'}:${bob.me?.name ?? 'nobody'}:${bob.state}`));
  await bob.connect();
  const result = await bob.signIn({ name: 'bob', password: 'secret-pw' });
  await new Promise((resolve) => setTimeout(resolve, 100));

  expect(result.replayCount).toBe(5);
  expect(seen).toEqual(['signedIn', ...Array<string>(5).fill('replay:bob:online')]);
});
