import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { createFakePlatform } from '../helpers/fake-platform.js';
import { message, messageEvent } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

async function setup(kind: 'web' | 'desktop' = 'web', configure?: (platform: ReturnType<typeof createFakePlatform>) => void) {
  const platform = createFakePlatform(kind);
  configure?.(platform);
  const services = await signedInServices({ platform });
  const view = renderWithServices(<ChatLayout />, services);
  return { services, platform, user: view.user };
}

const banner = () => screen.queryByRole('region', { name: 'Notifications' });

describe('notification settings', () => {
  it('asks the browser only from "Turn on notifications", and the banner goes once they are on', async () => {
    const { platform, user } = await setup();
    expect(within(banner()!).getByText('Get notified of DMs and mentions.')).toBeInTheDocument();
    expect(platform.requestNotificationAccess).not.toHaveBeenCalled();
    await user.click(within(banner()!).getByRole('button', { name: 'Turn on notifications' }));
    expect(platform.requestNotificationAccess).toHaveBeenCalledTimes(1);
    expect(banner()).toBeNull();
  });

  it('says when the browser blocked them and how to allow them again', async () => {
    const { user } = await setup('web', (p) => {
      p.accessAnswer = 'denied';
    });
    await user.click(within(banner()!).getByRole('button', { name: 'Turn on notifications' }));
    expect(banner()).toHaveTextContent('Notifications are blocked for this page.');
    expect(banner()).toHaveTextContent(/site settings|Settings|address/);
  });

  it('"Not now" dismisses the prompt for good on this device', async () => {
    const { platform, user } = await setup();
    await user.click(within(banner()!).getByRole('button', { name: 'Not now' }));
    expect(banner()).toBeNull();
    expect(platform.notifyPromptDismissed).toBe('default');
    expect(platform.requestNotificationAccess).not.toHaveBeenCalled();
  });

  it('on the desktop, says the system decides (nothing to ask)', async () => {
    await setup('desktop');
    expect(banner()).toHaveTextContent('Your system decides whether they show');
    expect(within(banner()!).queryByRole('button', { name: 'Turn on notifications' })).toBeNull();
  });

  it('chooses per conversation what notifies: a channel starts at mentions; "All new messages" notifies of everything', async () => {
    const { services, platform, user } = await setup('web', (p) => {
      p.access = 'granted';
    });
    expect(banner()).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Notifications: Mentions only' }));
    const dialog = screen.getByRole('dialog', { name: 'Notifications for #general' });
    expect(within(dialog).getByRole('radio', { name: 'Mentions only' })).toBeChecked();
    expect(dialog).toHaveTextContent('Notifications are on for this browser.');
    await user.click(within(dialog).getByRole('radio', { name: 'All new messages' }));
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.getByRole('button', { name: 'Notifications: All new messages' })).toBeInTheDocument();
    services.focus.set(false);
    act(() => services.client.fire('event', messageEvent(message({ seq: 30, conv: 'ch:1', text: 'lunch?' })), { replay: false }));
    expect(platform.notifications.map((n) => n.body)).toEqual(['lunch?']);
  });
});
