// The desktop finds a vanished host again at a new address (session-rediscovery.ts):
// only the same session id with the same identity, confirmed by main, while reconnecting.
import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DiscoveredSession } from '../../../src-shared/ipc/ipc-contract.js';
import { createFakePlatform, FP_IMPOSTOR, FP_OFFICE, NOTHING_FOUND } from '../helpers/fake-platform.js';
import { snapshot } from '../helpers/fixtures.js';
import { createServices } from '../helpers/render-app.js';

const OLD_URL = 'wss://10.0.0.5:47800/ws';

function announced(address: string, overrides: Partial<DiscoveredSession> = {}): DiscoveredSession {
  return {
    id: 'session-1',
    name: 'Office LAN',
    hostName: 'office.local',
    addresses: [address],
    port: 47800,
    online: 1,
    protocol: 1,
    passcodeRequired: false,
    identity: FP_OFFICE,
    url: `wss://${address}:47800/ws`,
    ...overrides,
  };
}

/** Alice on the desktop, signed in to the session at OLD_URL, whose host just stopped answering. */
async function lostHost() {
  const platform = createFakePlatform('desktop');
  platform.lastSession = { url: OLD_URL, sessionId: 'session-1', sessionName: 'Office LAN', userName: 'Alice' };
  platform.trust!.known.set('10.0.0.5:47800', FP_OFFICE);
  platform.tokens.set('session-1', 'token-alice');
  const services = createServices({ platform });
  await services.session.start();
  expect(services.store.getState().phase).toBe('chat');
  services.client.setState('reconnecting');
  return services;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SessionRediscovery', () => {
  it('follows the same session (same id and identity) to its new address, and says so once it is back', async () => {
    const services = await lostHost();
    const { platform, client, store } = services;
    platform.emitDiscovery({ ...NOTHING_FOUND, sessions: [announced('10.0.0.9')] });
    await waitFor(() => expect(client.moves).toEqual([['wss://10.0.0.9:47800/ws']]));
    expect(platform.trust!.follow).toHaveBeenCalledWith({ from: OLD_URL, to: 'wss://10.0.0.9:47800/ws', sessionId: 'session-1', sessionName: 'Office LAN' });
    expect(store.getState().target?.url).toBe('wss://10.0.0.9:47800/ws');
    // No question asked: still in the chat, with no sign-in form or identity prompt.
    expect(store.getState().phase).toBe('chat');
    expect(store.getState().identityPrompt).toBeNull();

    client.setState('online');
    client.fire('signedIn', snapshot());
    expect(store.getState().banner?.text).toBe('Reconnected at the session’s new address 10.0.0.9:47800.');
    // The next start goes to the new address.
    await waitFor(() => expect(platform.lastSession?.url).toBe('wss://10.0.0.9:47800/ws'));
  });

  it('finds it in what discovery already saw when the connection drops', async () => {
    const platform = createFakePlatform('desktop', { discovery: { ...NOTHING_FOUND, sessions: [announced('10.0.0.9')] } });
    platform.lastSession = { url: OLD_URL, sessionId: 'session-1', sessionName: 'Office LAN', userName: 'Alice' };
    platform.trust!.known.set('10.0.0.5:47800', FP_OFFICE);
    platform.tokens.set('session-1', 'token-alice');
    const services = createServices({ platform });
    await services.session.start();
    services.client.setState('reconnecting');
    await waitFor(() => expect(services.client.moves).toEqual([['wss://10.0.0.9:47800/ws']]));
  });

  it('never follows the same session id announced with another identity (a spoof), and never asks main about it', async () => {
    const { platform, client, store } = await lostHost();
    platform.emitDiscovery({ ...NOTHING_FOUND, sessions: [announced('10.0.0.66', { identity: FP_IMPOSTOR })] });
    await flush();
    expect(platform.trust!.follow).not.toHaveBeenCalled();
    expect(client.moves).toEqual([]);
    expect(store.getState().target?.url).toBe(OLD_URL);
  });

  it('does not move when the host at the new address cannot prove the identity, and does not re-check it at every announcement', async () => {
    const { platform, client } = await lostHost();
    platform.trust!.presented.set('10.0.0.66:47800', FP_IMPOSTOR); // announces the real fingerprint, holds another key
    const spoof = { ...NOTHING_FOUND, sessions: [announced('10.0.0.66')] };
    platform.emitDiscovery(spoof);
    await waitFor(() => expect(platform.trust!.follow).toHaveBeenCalledTimes(1));
    await flush();
    platform.emitDiscovery({ ...spoof, sessions: [{ ...spoof.sessions[0]!, online: 2 }] });
    await flush();
    expect(platform.trust!.follow).toHaveBeenCalledTimes(1);
    expect(client.moves).toEqual([]);
    expect(platform.trust!.known.has('10.0.0.66:47800')).toBe(false);
  });

  it('ignores other sessions, and the same session at the address already being tried', async () => {
    const { platform, client } = await lostHost();
    platform.emitDiscovery({ ...NOTHING_FOUND, sessions: [announced('10.0.0.9', { id: 'session-2', name: 'Lab' }), announced('10.0.0.5')] });
    await flush();
    expect(platform.trust!.follow).not.toHaveBeenCalled();
    expect(client.moves).toEqual([]);
  });

  it('does nothing while the connection is up', async () => {
    const services = await lostHost();
    services.client.setState('online');
    services.platform.emitDiscovery({ ...NOTHING_FOUND, sessions: [announced('10.0.0.9')] });
    await flush();
    expect(services.platform.trust!.follow).not.toHaveBeenCalled();
    expect(services.client.moves).toEqual([]);
  });
});
