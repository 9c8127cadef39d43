// Hand-over in the window (issue 11): following a session that moved (banner,
// the new address remembered), the prompt when the host offers the session,
// "Hand over to…" in the hosting card, and an admin's "Take over this session".
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HostStatus } from '../../../src-shared/ipc/ipc-contract.js';
import { ConnectionBanner } from '../../../src-renderer/common/ConnectionBanner.js';
import { HandOverOfferDialog } from '../../../src-renderer/handover/HandOverOfferDialog.js';
import { SessionDetailsDialog } from '../../../src-renderer/sidebar/SessionDetailsDialog.js';
import { FindOrHostScreen } from '../../../src-renderer/start/FindOrHostScreen.js';
import { createFakePlatform, FP_OFFICE } from '../helpers/fake-platform.js';
import { snapshot } from '../helpers/fixtures.js';
import { createServices, renderWithServices } from '../helpers/render-app.js';

const OLD = 'wss://10.0.0.5:47800/ws';

/** The desktop app, signed in as Alice (an admin) at OLD over main's trusted socket. */
async function desktopSignedIn(user = snapshot(), host?: HostStatus) {
  const platform = createFakePlatform('desktop', host ? { host } : {});
  platform.lastSession = { url: OLD, sessionId: 'session-1', sessionName: 'Office LAN', userName: 'Alice' };
  platform.trust!.known.set('10.0.0.5:47800', FP_OFFICE);
  platform.tokens.set('session-1', 'token-alice');
  const services = createServices({ platform, configure: (client) => (client.resumeResult = user) });
  await services.session.start();
  expect(services.store.getState().phase).toBe('chat');
  return services;
}

describe('following a session that moved', () => {
  it('goes to the new address at once, says so, and remembers it for the next start', async () => {
    const services = await desktopSignedIn();
    const { client, store, platform } = services;
    renderWithServices(<ConnectionBanner />, services);

    act(() => {
      client.fire('moved', { session: 'session-1', to: ['https://192.168.1.30:47801', 'https://10.0.0.9:47801'] });
      client.setState('reconnecting');
    });
    expect(client.moves).toEqual([['wss://192.168.1.30:47801/ws', 'wss://10.0.0.9:47801/ws']]);
    expect(screen.getByRole('status')).toHaveTextContent('The session moved to 192.168.1.30:47801 — reconnecting…');

    // The client resumes there by itself (with its token): the window is back, at the new address.
    await act(async () => {
      await client.resume('token-alice');
    });
    expect(screen.getByRole('status')).toHaveTextContent('The session moved to 192.168.1.30:47801 — reconnected.');
    expect(store.getState().target).toMatchObject({ url: 'wss://192.168.1.30:47801/ws', label: '192.168.1.30:47801' });
    await waitFor(() => expect(platform.lastSession?.url).toBe('wss://192.168.1.30:47801/ws'));
  });
});

describe('the hand-over offer', () => {
  const offer = { offer: 'offer-1', from: { id: 2, name: 'Ann' }, makesAdmin: true };

  it('says what accepting means; focus starts on Decline; Accept has main take the session over', async () => {
    const services = await desktopSignedIn();
    const { user } = renderWithServices(<HandOverOfferDialog />, services);
    act(() => services.client.fire('handoverOffer', offer));

    const dialog = await screen.findByRole('dialog', { name: 'Host “Office LAN”?' });
    expect(dialog).toHaveAccessibleDescription(/^Ann wants to hand the session over to you\. Your computer will host it for everyone \(and you become admin\)/);
    expect(within(dialog).getByRole('button', { name: 'Decline' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(services.platform.hosting!.takeOver).toHaveBeenCalledWith({ url: OLD, token: 'token-alice', offer: 'offer-1' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('Decline tells the host; a failed take-over says why and keeps the offer open', async () => {
    const services = await desktopSignedIn();
    services.client.handlers['handover.decline'] = () => ({});
    const { user } = renderWithServices(<HandOverOfferDialog />, services);

    act(() => services.client.fire('handoverOffer', offer));
    services.platform.takeOverProblem = 'Could not take the session over: the database arrived damaged; try the hand-over again.';
    await user.click(await screen.findByRole('button', { name: 'Accept' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('the database arrived damaged');
    expect(screen.getByRole('dialog')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Decline' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(services.client.requests).toContainEqual({ type: 'handover.decline', params: { offer: 'offer-1' } });
  });
});

describe('“Hand over to…” in the hosting card', () => {
  const HOSTING = { running: true, sessionName: 'LAN party', port: 47800, urls: ['https://192.168.1.20:47800/'], localUrl: 'wss://127.0.0.1:47800/ws', passcodeRequired: false, identity: FP_OFFICE };

  it('lists who can host (admins first, others marked “becomes admin”), offers it, and shows who has it', async () => {
    const platform = createFakePlatform('desktop', { host: HOSTING });
    platform.handOverCandidates = [
      { id: 2, name: 'Ann', isAdmin: true },
      { id: 3, name: 'Bob', isAdmin: false },
    ];
    const services = createServices({ platform });
    await services.session.start();
    const { user } = renderWithServices(<FindOrHostScreen />, services);

    await user.click(await screen.findByRole('button', { name: 'Hand over to…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Hand over “LAN party”' });
    const people = within(dialog).getByRole('list', { name: 'People who can host' });
    const buttons = await within(people).findAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Hand over to Ann', 'Hand over to Bob (becomes admin)']);
    await waitFor(() => expect(buttons[0]).toHaveFocus());

    await user.click(within(dialog).getByRole('button', { name: 'Hand over to Bob (becomes admin)' }));
    expect(platform.hosting!.offerHandOver).toHaveBeenCalledWith(3);
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Offered to Bob — waiting for them to accept.');
    expect(within(dialog).getByRole('button', { name: 'Hand over to Ann' })).toBeDisabled();
    // Bob says no: main's status says so, and someone else may be asked.
    act(() => platform.emitHost({ ...HOSTING, handOverOffer: { to: 'Bob', state: 'declined' } }));
    expect(within(dialog).getByRole('status')).toHaveTextContent('Bob declined. Pick someone else, or keep hosting.');
    expect(within(dialog).getByRole('button', { name: 'Hand over to Ann' })).toBeEnabled();
    await user.click(within(dialog).getAllByRole('button', { name: 'Close' }).at(-1)!);
    expect(screen.queryByRole('dialog')).toBeNull();
    // The card says it too (what quitting with "Hand over to …" waits on).
    expect(screen.getByText('Bob declined to take the session over.')).toBeInTheDocument();

    act(() => platform.emitHost({ ...HOSTING, handedOverTo: 'Bob' }));
    expect(await screen.findByText(/Handed over to Bob: everyone moved to their computer/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Hand over to…' })).toBeNull();
  });

  it('says who could take it when nobody can', async () => {
    const platform = createFakePlatform('desktop', { host: HOSTING });
    const services = createServices({ platform });
    await services.session.start();
    const { user } = renderWithServices(<FindOrHostScreen />, services);
    await user.click(await screen.findByRole('button', { name: 'Hand over to…' }));
    expect(await screen.findByText(/Nobody can take it right now: the person must be signed in with the Parley app/)).toBeInTheDocument();
  });
});

describe('“Take over this session”', () => {
  it('admins on the desktop: confirm says what happens, then main takes it over', async () => {
    const services = await desktopSignedIn();
    const { user } = renderWithServices(<SessionDetailsDialog onClose={() => {}} />, services);
    await user.click(await screen.findByRole('button', { name: 'Take over this session…' }));
    const heading = screen.getByRole('heading', { name: 'Take over “Office LAN”?' });
    expect(heading).toHaveFocus();
    expect(screen.getByText(/Your computer will host the session for everyone/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Take over' }));
    expect(services.platform.hosting!.takeOver).toHaveBeenCalledWith({ url: OLD, token: 'token-alice' });
    expect(await screen.findByText('This computer hosts “Office LAN” now.')).toBeInTheDocument();
  });

  it('on the computer that hosts the session shown, Session details offers “Hand over” instead', async () => {
    const host = { running: true, sessionName: 'Office LAN', port: 47800, urls: [], localUrl: 'wss://127.0.0.1:47800/ws', passcodeRequired: false, identity: FP_OFFICE };
    const services = await desktopSignedIn(snapshot({ session: { id: 'session-1', name: 'Office LAN', passcodeRequired: false, protocol: 1, identity: FP_OFFICE } }), host);
    services.platform.handOverCandidates = [{ id: 2, name: 'Bob', isAdmin: false }];
    const { user } = renderWithServices(<SessionDetailsDialog onClose={() => {}} />, services);
    const section = await screen.findByRole('region', { name: 'Hand over this session' });
    await user.click(await within(section).findByRole('button', { name: 'Hand over to Bob (becomes admin)' }));
    expect(services.platform.hosting!.offerHandOver).toHaveBeenCalledWith(2);
    expect(screen.queryByRole('button', { name: 'Take over this session…' })).toBeNull();
  });

  it('is not offered to someone who is not an admin', async () => {
    const services = await desktopSignedIn(snapshot({ user: { id: 2, name: 'Bob', isAdmin: false } }));
    renderWithServices(<SessionDetailsDialog onClose={() => {}} />, services);
    await screen.findByRole('dialog');
    expect(screen.queryByRole('button', { name: 'Take over this session…' })).toBeNull();
  });
});
