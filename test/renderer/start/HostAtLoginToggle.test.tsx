// The hosting card's "Start Parley at login and host this session" checkbox.
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FindOrHostScreen } from '../../../src-renderer/start/FindOrHostScreen.js';
import { createFakePlatform, FP_OFFICE } from '../helpers/fake-platform.js';
import { createServices, renderWithServices } from '../helpers/render-app.js';

const HOSTING = { running: true, sessionName: 'LAN party', port: 47800, urls: ['https://192.168.1.20:47800/'], localUrl: 'wss://127.0.0.1:47800/ws', passcodeRequired: true, identity: FP_OFFICE };

async function setup(atLogin: string | null = null) {
  const platform = createFakePlatform('desktop', { host: HOSTING });
  platform.hostAtLogin = atLogin;
  const services = createServices({ platform });
  await services.session.start();
  const { user } = renderWithServices(<FindOrHostScreen />, services);
  const checkbox = await screen.findByRole('checkbox', { name: 'Start Parley at login and host this session' });
  await waitFor(() => expect(checkbox).toBeEnabled());
  return { user, platform, checkbox };
}

describe('HostAtLoginToggle', () => {
  it('is off at first, says what it does, and turns on for the hosted session', async () => {
    const { user, platform, checkbox } = await setup();
    expect(checkbox).not.toBeChecked();
    expect(checkbox).toHaveAccessibleDescription(/opens in the tray when you log in/);
    await user.click(checkbox);
    expect(platform.hosting!.setHostAtLogin).toHaveBeenCalledWith(true);
    await waitFor(() => expect(checkbox).toBeChecked());
    expect(platform.hostAtLogin).toBe('LAN party');
    await user.click(checkbox);
    await waitFor(() => expect(checkbox).not.toBeChecked());
    expect(platform.hostAtLogin).toBeNull();
  });

  it('shows it is on when this session is the one hosted at login', async () => {
    const { checkbox } = await setup('LAN party');
    expect(checkbox).toBeChecked();
  });

  it('says which other session is hosted at login', async () => {
    const { checkbox } = await setup('Office');
    expect(checkbox).not.toBeChecked();
    expect(checkbox).toHaveAccessibleDescription('Parley now hosts “Office” at login. Tick this to host “LAN party” instead.');
  });

  it('shows main’s refusal and stays off', async () => {
    const { user, platform, checkbox } = await setup();
    platform.hostAtLoginProblem = 'This computer has no keyring to keep the passcode of “LAN party” safe.';
    await user.click(checkbox);
    expect(await screen.findByRole('alert')).toHaveTextContent('no keyring to keep the passcode');
    expect(checkbox).not.toBeChecked();
  });
});
