import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FindOrHostScreen } from '../../../src-renderer/start/FindOrHostScreen.js';
import { createFakePlatform, FP_OFFICE, NOTHING_FOUND } from '../helpers/fake-platform.js';
import { createServices, renderWithServices } from '../helpers/render-app.js';

const OFFICE = { id: 's-office', name: 'Office LAN', hostName: 'alice-pc.local', addresses: ['192.168.1.20'], port: 47800, online: 3, protocol: 1, passcodeRequired: true, identity: FP_OFFICE, url: 'wss://192.168.1.20:47800/ws' };

async function setup(discovery = NOTHING_FOUND) {
  const platform = createFakePlatform('desktop', { discovery });
  const services = createServices({ platform });
  await services.session.start();
  const { user } = renderWithServices(<FindOrHostScreen />, services);
  return { user, platform, clients: services.clients, store: services.store };
}

describe('FindOrHostScreen', () => {
  it('says plainly when nothing is found, and what to try', async () => {
    await setup();
    expect(await screen.findByText('No sessions found on this network yet.')).toBeInTheDocument();
    for (const hint of [/same Wi-Fi/, /firewall/i, /VPN/, /Join by address/, /QR code/]) expect(screen.getAllByText(hint).length).toBeGreaterThan(0);
    expect(screen.getByText(/Looking on eth0 \(192\.168\.1\.20\)/)).toBeInTheDocument();
  });

  it('shows what discovery reports as its problem', async () => {
    await setup({ browsing: false, problem: 'mDNS port 5353 is in use by another program', interfaces: [], sessions: [] });
    expect(await screen.findByRole('alert')).toHaveTextContent('mDNS port 5353 is in use by another program');
  });

  it('lists sessions as they are found, and joins one', async () => {
    const { platform, user, clients } = await setup();
    await screen.findByText('No sessions found on this network yet.');
    act(() => platform.emitDiscovery({ ...NOTHING_FOUND, sessions: [OFFICE] }));
    const list = screen.getByRole('list', { name: 'Sessions on this network' });
    expect(within(list).getByText('Office LAN')).toBeInTheDocument();
    expect(within(list).getByText(/alice-pc\.local/)).toHaveTextContent('3 people online · needs a passcode');
    await user.click(screen.getByRole('button', { name: 'Join Office LAN' }));
    expect(clients.at(-1)!.url).toBe('wss://192.168.1.20:47800/ws');
  });

  it('joins by address', async () => {
    const { user, clients, store, platform } = await setup();
    platform.trust!.known.set('10.0.0.7:47801', FP_OFFICE);
    await user.type(screen.getByRole('textbox', { name: 'Address' }), '10.0.0.7:47801');
    await user.click(screen.getByRole('button', { name: 'Join by address' }));
    expect(clients.at(-1)!.url).toBe('wss://10.0.0.7:47801/ws');
    expect(store.getState().phase).toBe('signin');
  });

  it('explains a bad address next to the field', async () => {
    const { user, clients } = await setup();
    await user.click(screen.getByRole('button', { name: 'Join by address' }));
    expect(screen.getByRole('textbox', { name: 'Address' })).toHaveAccessibleDescription(/Type the host’s address/);
    expect(clients).toHaveLength(0);
  });

  it('hosts a session: asks its name and passcode, starts the host, joins it', async () => {
    const { user, platform, clients } = await setup();
    await user.click(screen.getByRole('button', { name: 'Host a session' }));
    const dialog = screen.getByRole('dialog', { name: 'Host a session' });
    await user.type(within(dialog).getByLabelText('Session name'), 'LAN party');
    await user.type(within(dialog).getByLabelText('Passcode (optional)'), 'secret');
    await user.click(within(dialog).getByRole('button', { name: 'Start hosting' }));
    expect(platform.hosting!.start).toHaveBeenCalledWith({ sessionName: 'LAN party', passcode: 'secret' });
    // Its own session over TLS, trusted by the identity host:start reported — no first-contact question.
    expect(clients.at(-1)!.url).toBe('wss://127.0.0.1:47800/ws');
    expect(platform.trust!.check).toHaveBeenLastCalledWith(expect.objectContaining({ url: 'wss://127.0.0.1:47800/ws', expected: FP_OFFICE, expectedFrom: 'person' }));
    expect(platform.trust!.accept).not.toHaveBeenCalled();
  });

  it('while hosting, shows the addresses and a QR code of the first', async () => {
    const platform = createFakePlatform('desktop', {
      host: { running: true, sessionName: 'LAN party', port: 47800, urls: ['http://192.168.1.20:47800/', 'http://10.0.0.2:47800/'], localUrl: 'ws://127.0.0.1:47800/ws', passcodeRequired: false, identity: null },
    });
    const services = createServices({ platform });
    await services.session.start();
    renderWithServices(<FindOrHostScreen />, services);
    expect(await screen.findByRole('heading', { name: 'You are hosting “LAN party”' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'QR code for http://192.168.1.20:47800/' })).toBeInTheDocument();
    expect(screen.getByDisplayValue('http://10.0.0.2:47800/')).toBeInTheDocument();
  });

  it('while hosting with an identity, shares links that carry it, and shows the session code', async () => {
    const platform = createFakePlatform('desktop', {
      host: { running: true, sessionName: 'LAN party', port: 47800, urls: ['https://192.168.1.20:47800/'], localUrl: 'wss://127.0.0.1:47800/ws', passcodeRequired: false, identity: FP_OFFICE },
    });
    const services = createServices({ platform });
    await services.session.start();
    renderWithServices(<FindOrHostScreen />, services);
    const link = `https://192.168.1.20:47800/#fp=${FP_OFFICE}`;
    expect(await screen.findByRole('img', { name: `QR code for ${link}` })).toBeInTheDocument();
    expect(screen.getByDisplayValue(link)).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Session code' })).toHaveTextContent('3F2A 9C01 7B44 D0E8 1A6C');
    expect(screen.getByText(/Parley checks it on every connection/)).toBeInTheDocument();
  });
});
