// The lock on an encrypted DM is there from the row's first render on
// (bench/dm-open once counted "0 marked encrypted" right after the decrypted
// text was painted): every DOM change while the DM opens, its page is read
// and the safety code is worked out afterwards is looked at, and a row that
// shows the decrypted text without its lock — even for one render, a flicker
// a person would see — fails the test. (It does not flicker: the marks are
// set before the messages enter the store. What the bench saw was
// react-virtuoso's item list still `visibility: hidden` before its first
// positioning, rows already in the DOM: a role query skips hidden elements.)
// The crypto is the stand-in of fake-dm-service.ts.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { message, messageEvent } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';
import { FakeDmService } from './fake-dm-service.js';

const DM = 'dm:1:2';
const envelope = (text: string) => JSON.stringify({ t: text });
const secret = (seq: number) => message({ seq, conv: DM, from: 2, fromName: 'Bob', text: '', e2e: envelope(`secret ${seq}`) });

/** Rows (of the log) showing a decrypted "secret N" text without the lock, at this moment. */
function rowsWithoutLock(root: HTMLElement): string[] {
  const log = root.querySelector('[role="log"]');
  if (!log) return [];
  return [...log.querySelectorAll<HTMLElement>('.message')]
    .filter((row) => /secret \d+/.test(row.textContent ?? '') && !row.querySelector('[role="img"][aria-label="End-to-end encrypted"]'))
    .map((row) => row.textContent!.match(/secret \d+/)![0]);
}

describe('the lock on encrypted DM rows', () => {
  it('is on every decrypted row from its first render, through the safety code arriving, and on a live DM', async () => {
    let safetyAsked = 0;
    const services = await signedInServices({
      configure: (client) => {
        client.handlers.history = ({ conv }) => ({ conv, messages: conv === DM ? [secret(501), secret(502), secret(503)] : [], hasMore: false, hasNewer: false });
      },
      createDms: (client) => {
        const dm = new FakeDmService(client);
        const safety = dm.safety.bind(dm);
        dm.safety = async () => {
          safetyAsked++;
          return safety();
        };
        return dm;
      },
    });
    const { container } = renderWithServices(<ChatLayout />, services);
    const flickers: string[][] = [];
    let sawText = false;
    const observer = new MutationObserver(() => {
      const bad = rowsWithoutLock(container);
      if (bad.length > 0) flickers.push(bad);
      sawText ||= /secret 50\d/.test(container.querySelector('[role="log"]')?.textContent ?? '');
    });
    observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true });
    try {
      await act(() => services.session.openConversation(DM));
      const row = (await screen.findByText('secret 503')).closest('.message') as HTMLElement;
      // findBy: the list shows its rows once measured (hidden until then).
      expect(await within(row).findByRole('img', { name: 'End-to-end encrypted' })).toBeInTheDocument();
      // The safety code is worked out after the page is drawn: it arrives, the header shows it, the locks stay.
      await waitFor(() => expect(services.store.getState().dmTrust[2]).toBeDefined());
      expect(safetyAsked).toBeGreaterThan(0);
      await act(() => new Promise((resolve) => setTimeout(resolve, 100)));

      act(() => services.client.fire('event', messageEvent(secret(504)), { replay: false }));
      await screen.findByText('secret 504');
      await act(() => new Promise((resolve) => setTimeout(resolve, 100)));

      expect(sawText).toBe(true);
      expect(flickers).toEqual([]);
      for (const seq of [501, 502, 503, 504]) {
        const shown = screen.getByText(`secret ${seq}`).closest('.message') as HTMLElement;
        expect(await within(shown).findByRole('img', { name: 'End-to-end encrypted' })).toBeInTheDocument();
      }
    } finally {
      observer.disconnect();
    }
  });
});
