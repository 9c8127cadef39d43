// The session code in every client's session panel (sidebar header and its
// details dialog) and in the share panel, in the browser and on the desktop.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { createFakePlatform, FP_OFFICE } from '../helpers/fake-platform.js';
import { snapshot } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const OFFICE_CODE = '3F2A 9C01 7B44 D0E8 1A6C';
const SESSION = { id: 'session-1', name: 'Office LAN', passcodeRequired: false, protocol: 1 };

async function signedIn(kind: 'web' | 'desktop', identity: string | undefined) {
  const session = { ...SESSION, ...(identity && { identity }) };
  const platform =
    kind === 'web'
      ? createFakePlatform('web', { served: { url: 'wss://192.168.1.20:47800/ws', label: '192.168.1.20:47800' } })
      : createFakePlatform('desktop', { served: { url: 'wss://192.168.1.20:47800/ws', label: '192.168.1.20:47800' } });
  platform.trust?.known.set('192.168.1.20:47800', FP_OFFICE);
  const services = await signedInServices({
    platform,
    configure: (client) => {
      client.welcome = session;
      client.resumeResult = snapshot({ session });
    },
  });
  return renderWithServices(<ChatLayout />, services);
}

describe('the session code in the session panel', () => {
  it.each([
    ['web', /Compare it with the host’s screen\. Your browser’s certificate viewer shows it as the start of the “Public key SHA-256”/],
    ['desktop', /Parley checks it on every connection/],
  ] as const)('in the %s client: under the session name, and explained in Session details', async (kind, explanation) => {
    const { user } = await signedIn(kind, FP_OFFICE);
    const sidebar = screen.getByRole('navigation', { name: 'Conversations' });
    expect(within(sidebar).getByText('Session code').parentElement).toHaveTextContent(`Session codeCode ${OFFICE_CODE}`);
    expect(within(sidebar).getByText(OFFICE_CODE)).toBeVisible();
    await user.click(within(sidebar).getByRole('button', { name: 'Session details' }));
    const dialog = screen.getByRole('dialog', { name: 'Office LAN' });
    expect(within(dialog).getByRole('group', { name: 'Session code' })).toHaveTextContent(OFFICE_CODE);
    expect(within(dialog).getByText(explanation)).toBeInTheDocument();
  });

  it('shows no code for a session without an identity (a --plain host), and says it is not encrypted', async () => {
    const { user } = await signedIn('web', undefined);
    const sidebar = screen.getByRole('navigation', { name: 'Conversations' });
    expect(within(sidebar).queryByText(/Session code/)).toBeNull();
    await user.click(within(sidebar).getByRole('button', { name: 'Session details' }));
    expect(within(screen.getByRole('dialog')).getByText(/runs without encryption/)).toBeInTheDocument();
  });

  it('shares a link that carries the identity, in the address list and the QR code, with the code beside it', async () => {
    const { user } = await signedIn('web', FP_OFFICE);
    await user.click(screen.getByRole('button', { name: 'Share' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite people' });
    const link = `https://192.168.1.20:47800/#fp=${FP_OFFICE}`;
    expect(within(dialog).getByRole('textbox', { name: `Address ${link}` })).toHaveValue(link);
    expect(within(dialog).getByRole('img', { name: `QR code for ${link}` })).toBeInTheDocument();
    expect(within(dialog).getByRole('group', { name: 'Session code' })).toHaveTextContent(OFFICE_CODE);
  });

  it('shares the plain address when the identity is unknown', async () => {
    const { user } = await signedIn('web', undefined);
    await user.click(screen.getByRole('button', { name: 'Share' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite people' });
    expect(within(dialog).getByRole('textbox', { name: 'Address https://192.168.1.20:47800/' })).toBeInTheDocument();
    expect(within(dialog).queryByRole('group', { name: 'Session code' })).toBeNull();
  });
});
