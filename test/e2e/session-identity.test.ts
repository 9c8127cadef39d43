// End to end: the session code a browser participant sees is the real host's
// (the certificate's public-key SHA-256, cut to the code), in the sidebar and
// the Session details, with the browser's way to check it.
import { describe, expect, it } from 'vitest';
import { signInOnPage } from './helpers/app-page.js';
import { useBrowserSuite } from './helpers/browser-suite.js';

const suite = useBrowserSuite();

describe('the session code in the browser', () => {
  it('shows the TLS host’s code under the session name and explains how to check it', async () => {
    const web = await suite.startWebHost();
    const code = web.host.identity!.code;
    expect(code).toMatch(/^([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
    const page = await signInOnPage(await suite.openPage(), 'Alice');
    const sidebar = page.getByRole('navigation', { name: 'Conversations' });
    await sidebar.getByText(code).waitFor({ timeout: 5000 });
    await sidebar.getByRole('button', { name: 'Session details' }).click();
    const dialog = page.getByRole('dialog', { name: 'E2E session' });
    expect(await dialog.getByRole('group', { name: 'Session code' }).textContent()).toContain(code);
    await dialog.getByText(/certificate viewer shows it as the start of the “Public key SHA-256”/).waitFor({ timeout: 5000 });
  });

  it('shows no code for a host run with --plain, and says it is not encrypted', async () => {
    await suite.startWebHost({ tls: false });
    const page = await signInOnPage(await suite.openPage(), 'Alice');
    const sidebar = page.getByRole('navigation', { name: 'Conversations' });
    await sidebar.getByRole('button', { name: 'Session details' }).click();
    await page.getByRole('dialog').getByText(/runs without encryption/).waitFor({ timeout: 5000 });
    expect(await sidebar.getByText('Session code').count()).toBe(0);
  });
});
