import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConnectionBanner } from '../../../src-renderer/common/ConnectionBanner.js';
import { createFakePlatform, FP_OFFICE } from '../helpers/fake-platform.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

describe('ConnectionBanner', () => {
  it('shows while reconnecting and goes away when online again', async () => {
    const services = await signedInServices();
    renderWithServices(<ConnectionBanner />, services);
    expect(screen.queryByRole('status')).toBeNull();
    act(() => services.client.setState('reconnecting'));
    // A browser cannot look for the session elsewhere: it names the address and keeps trying.
    expect(screen.getByRole('status')).toHaveTextContent('Can’t reach the host at 192.168.1.20:47800. Still trying…');
    act(() => services.client.setState('online'));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('on the desktop, says the session will also be found at another address', async () => {
    const platform = createFakePlatform('desktop');
    platform.lastSession = { url: 'wss://10.0.0.5:47800/ws', sessionId: 'session-1', sessionName: 'Office LAN', userName: 'Alice' };
    platform.trust!.known.set('10.0.0.5:47800', FP_OFFICE);
    const services = await signedInServices({ platform });
    renderWithServices(<ConnectionBanner />, services);
    act(() => services.client.setState('reconnecting'));
    expect(screen.getByRole('status')).toHaveTextContent(
      'Can’t reach the host at 10.0.0.5:47800. Still trying; Parley will also find the session if it comes back at another address.',
    );
  });

  it('says that messages written meanwhile go out later', async () => {
    const services = await signedInServices();
    renderWithServices(<ConnectionBanner />, services);
    act(() => {
      services.client.setState('reconnecting');
      services.session.messages.send('ch:1', 'one');
      services.session.messages.send('ch:1', 'two');
    });
    expect(screen.getByRole('status')).toHaveTextContent('Your 2 messages go out when it is back.');
  });

  it('offers to reconnect after the client gave up', async () => {
    const services = await signedInServices();
    const { user } = renderWithServices(<ConnectionBanner />, services);
    act(() => services.client.setState('closed'));
    expect(screen.getByRole('status')).toHaveTextContent('Disconnected from the host.');
    await user.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(services.clients).toHaveLength(2);
    expect(services.store.getState().connection).toBe('online');
  });

  it('shows host notices such as rate limiting', async () => {
    const services = await signedInServices();
    renderWithServices(<ConnectionBanner />, services);
    act(() => services.client.fire('notice', { v: 1, type: 'error', code: 'rate_limited', message: 'Slow down: at most 20 frames a second.' }));
    expect(screen.getByRole('status')).toHaveTextContent('Slow down');
  });
});
