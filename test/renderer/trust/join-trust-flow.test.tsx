// The desktop's identity check when joining, as a person sees it: the whole
// App on a desktop platform whose trust feature behaves like main's.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src-renderer/app/App.js';
import { createFakePlatform, FP_IMPOSTOR, FP_OFFICE, NOTHING_FOUND } from '../helpers/fake-platform.js';
import { createServices, renderWithServices } from '../helpers/render-app.js';

const OFFICE_CODE = '3F2A 9C01 7B44 D0E8 1A6C';
const IMPOSTOR_CODE = 'E41D 77B2 A0C3 F95E 6D18';

async function desktop(options: Parameters<typeof createFakePlatform>[1] = {}) {
  const platform = createFakePlatform('desktop', options);
  const services = createServices({ platform });
  services.platform.tokens.set('session-1', 'token-alice');
  await services.session.start();
  const view = renderWithServices(<App />, services);
  const trust = platform.trust!;
  const joinByAddress = async (address: string, code?: string) => {
    await view.user.type(screen.getByRole('textbox', { name: 'Address' }), address);
    if (code) await view.user.type(screen.getByRole('textbox', { name: 'Session code (optional)' }), code);
    await view.user.click(screen.getByRole('button', { name: 'Join by address' }));
  };
  return { platform, store: services.store, clients: services.clients, user: view.user, trust, joinByAddress };
}

describe('joining on the desktop: the session identity', () => {
  it('connects at once to a session trusted before, asking nothing', async () => {
    const { trust, joinByAddress, clients, store } = await desktop();
    trust.known.set('192.168.1.20:47800', FP_OFFICE);
    await joinByAddress('192.168.1.20:47800');
    expect(trust.check).toHaveBeenCalledWith(expect.objectContaining({ url: 'wss://192.168.1.20:47800/ws' }));
    expect(clients.at(-1)!.url).toBe('wss://192.168.1.20:47800/ws');
    expect(store.getState().phase).toBe('chat');
    expect(trust.accept).not.toHaveBeenCalled();
  });

  it('on first contact shows the code and connects only after Connect, remembering it', async () => {
    const { trust, joinByAddress, clients, user, store } = await desktop();
    await joinByAddress('192.168.1.20:47800');
    expect(await screen.findByRole('heading', { name: 'First time connecting to 192.168.1.20:47800' })).toBeInTheDocument();
    expect(screen.getByText('Check that the host’s screen shows the same code.')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Session code' })).toHaveTextContent(OFFICE_CODE);
    expect(screen.getByRole('heading', { name: 'First time connecting to 192.168.1.20:47800' })).toHaveFocus();
    // Nothing connects, nothing is remembered, until the person clicks.
    expect(clients).toHaveLength(0);
    expect(trust.accept).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(trust.accept).toHaveBeenCalledWith('wss://192.168.1.20:47800/ws', FP_OFFICE);
    expect(clients.at(-1)!.url).toBe('wss://192.168.1.20:47800/ws');
    expect(store.getState().phase).toBe('chat');
  });

  it('Cancel on a first contact goes back to Find or host, trusting nothing', async () => {
    const { trust, joinByAddress, clients, user } = await desktop();
    await joinByAddress('192.168.1.20:47800');
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('heading', { name: 'Sessions on this network' })).toBeInTheDocument();
    expect(trust.accept).not.toHaveBeenCalled();
    expect(trust.known.size).toBe(0);
    expect(clients).toHaveLength(0);
  });

  it('a changed identity stops everything; forgetting needs the checkbox, then asks as a first contact', async () => {
    const { trust, joinByAddress, clients, user } = await desktop();
    trust.known.set('192.168.1.20:47800', FP_OFFICE);
    trust.presented.set('192.168.1.20:47800', FP_IMPOSTOR);
    await joinByAddress('192.168.1.20:47800');
    expect(await screen.findByRole('heading', { name: 'This session’s identity has changed' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(/no longer presents the code you trusted.*Nothing was sent/);
    const codes = screen.getAllByRole('definition');
    expect(codes.map((c) => c.textContent)).toEqual([IMPOSTOR_CODE, OFFICE_CODE]);
    expect(screen.getByText(/Ask whoever hosts it for the session code on their screen/)).toBeInTheDocument();

    const forget = screen.getByRole('button', { name: 'Forget the old session and connect' });
    expect(forget).toBeDisabled();
    await user.click(forget);
    expect(trust.forget).not.toHaveBeenCalled();

    await user.click(screen.getByRole('checkbox', { name: 'I compared the code with the host’s screen and it matches' }));
    expect(forget).toBeEnabled();
    await user.click(forget);
    expect(trust.forget).toHaveBeenCalledWith('wss://192.168.1.20:47800/ws');
    // Checked again: now a first contact, which the person confirms in turn.
    expect(await screen.findByRole('heading', { name: 'First time connecting to 192.168.1.20:47800' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Session code' })).toHaveTextContent(IMPOSTOR_CODE);
    expect(trust.accept).not.toHaveBeenCalled();
    expect(clients).toHaveLength(0);
  });

  it('"Choose another session" on a changed identity forgets nothing', async () => {
    const { trust, joinByAddress, user } = await desktop();
    trust.known.set('192.168.1.20:47800', FP_OFFICE);
    trust.presented.set('192.168.1.20:47800', FP_IMPOSTOR);
    await joinByAddress('192.168.1.20:47800');
    await user.click(await screen.findByRole('button', { name: 'Choose another session' }));
    expect(screen.getByRole('heading', { name: 'Sessions on this network' })).toBeInTheDocument();
    expect(trust.forget).not.toHaveBeenCalled();
    expect(trust.known.get('192.168.1.20:47800')).toBe(FP_OFFICE);
  });

  it('a code the person typed that the host does not present: not the session asked for, and no way to forget it away', async () => {
    const { trust, joinByAddress, clients } = await desktop();
    trust.presented.set('192.168.1.20:47800', FP_IMPOSTOR);
    await joinByAddress('192.168.1.20:47800', OFFICE_CODE);
    expect(trust.check).toHaveBeenCalledWith(expect.objectContaining({ expected: OFFICE_CODE, expectedFrom: 'person' }));
    expect(await screen.findByRole('heading', { name: 'This is not the session you asked for' })).toBeInTheDocument();
    expect(screen.getByText('Code you asked for')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Forget the old session and connect' })).toBeNull();
    expect(clients).toHaveLength(0);
  });

  it('a share link pasted as the address is required of the host', async () => {
    const { trust, joinByAddress, clients } = await desktop();
    await joinByAddress(`https://192.168.1.20:47800/#fp=${FP_OFFICE}`);
    expect(trust.check).toHaveBeenCalledWith(expect.objectContaining({ url: 'wss://192.168.1.20:47800/ws', expected: FP_OFFICE, expectedFrom: 'person' }));
    expect(clients.at(-1)!.url).toBe('wss://192.168.1.20:47800/ws');
  });

  it('explains a mistyped session code next to its field, and checks nothing', async () => {
    const { trust, joinByAddress } = await desktop();
    await joinByAddress('192.168.1.20:47800', '3F2A 9C01');
    expect(screen.getByRole('textbox', { name: 'Session code (optional)' })).toHaveAccessibleDescription(/not a session code.*20 letters and digits/);
    expect(trust.check).not.toHaveBeenCalled();
  });

  it('warns before joining a host without encryption', async () => {
    const { joinByAddress, clients, user, store } = await desktop();
    await joinByAddress('http://192.168.1.20:47800/');
    expect(await screen.findByRole('heading', { name: '192.168.1.20:47800 is not encrypted' })).toBeInTheDocument();
    expect(screen.getByText(/Anyone on the network can read what you send/)).toBeInTheDocument();
    expect(clients).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Connect without encryption' }));
    expect(clients.at(-1)!.url).toBe('ws://192.168.1.20:47800/ws');
    expect(store.getState().phase).toBe('chat');
  });

  it('says why when the host cannot be reached', async () => {
    const { trust, joinByAddress, clients } = await desktop();
    trust.unreachable.add('192.168.1.20:47800');
    await joinByAddress('192.168.1.20:47800');
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reach 192.168.1.20:47800: connection refused. Is the host running?');
    expect(screen.getByRole('heading', { name: 'Sessions on this network' })).toBeInTheDocument();
    expect(clients).toHaveLength(0);
  });

  it('shows the code of each discovered session and requires it of the host, with its session id', async () => {
    const OFFICE = { id: 's-office', name: 'Office LAN', hostName: 'alice-pc.local', addresses: ['192.168.1.20'], port: 47800, online: 3, protocol: 1, passcodeRequired: false, identity: FP_OFFICE, url: 'wss://192.168.1.20:47800/ws' };
    const { trust, user, clients } = await desktop({ discovery: { ...NOTHING_FOUND, sessions: [OFFICE] } });
    const list = await screen.findByRole('list', { name: 'Sessions on this network' });
    expect(within(list).getByText(/Session code/)).toHaveTextContent(`Session code ${OFFICE_CODE}`);
    await user.click(within(list).getByRole('button', { name: 'Join Office LAN' }));
    expect(trust.check).toHaveBeenCalledWith(expect.objectContaining({ url: OFFICE.url, expected: FP_OFFICE, expectedFrom: 'discovery', sessionId: 's-office' }));
    expect(clients.at(-1)!.url).toBe(OFFICE.url);
  });

  it('joins its own hosted session by the identity it knows first-hand', async () => {
    const host = { running: true, sessionName: 'LAN party', port: 47800, urls: ['https://192.168.1.20:47800/'], localUrl: 'wss://127.0.0.1:47800/ws', passcodeRequired: false, identity: FP_OFFICE };
    const { trust, user, clients } = await desktop({ host });
    await user.click(await screen.findByRole('button', { name: 'Open my session' }));
    expect(trust.check).toHaveBeenCalledWith(expect.objectContaining({ url: 'wss://127.0.0.1:47800/ws', expected: FP_OFFICE, expectedFrom: 'person' }));
    expect(clients.at(-1)!.url).toBe('wss://127.0.0.1:47800/ws');
  });

  it('when a reconnect reaches another host, closes the session and shows the identity changed', async () => {
    const { trust, joinByAddress, clients, store } = await desktop();
    trust.known.set('192.168.1.20:47800', FP_OFFICE);
    await joinByAddress('192.168.1.20:47800');
    expect(store.getState().phase).toBe('chat');
    act(() => trust.refuse({ address: '192.168.1.20:47800', code: IMPOSTOR_CODE, trustedCode: OFFICE_CODE, message: 'The session at 192.168.1.20:47800 has changed.' }));
    expect(clients.at(-1)!.state).toBe('closed');
    expect(store.getState().me).toBeNull();
    expect(screen.getByRole('heading', { name: 'This session’s identity has changed' })).toBeInTheDocument();
    expect(screen.getAllByRole('definition').map((c) => c.textContent)).toEqual([IMPOSTOR_CODE, OFFICE_CODE]);
    expect(trust.forget).not.toHaveBeenCalled();
  });

  it('an answer that comes after the person chose another session shows nothing', async () => {
    const { trust, joinByAddress, user, store } = await desktop();
    let answer!: () => void;
    const check = trust.check.getMockImplementation()!;
    trust.check.mockImplementationOnce((request) => new Promise((resolve) => (answer = () => resolve(check(request)))));
    await joinByAddress('192.168.1.20:47800');
    await user.click(await screen.findByRole('button', { name: 'Choose another session' }));
    await act(async () => answer());
    expect(store.getState().phase).toBe('choose');
    expect(screen.queryByRole('heading', { name: /First time connecting/ })).toBeNull();
  });
});
