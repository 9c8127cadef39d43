// Sidebar rows of people (direct messages, the people list, me) show the
// person's picture like their messages do, else initials; the picture is asked
// for only once the row comes near the visible part of the sidebar, so a long
// list does not fetch every picture at once. Pictures come from the desktop
// platform here (main's bytes as blob: URLs), where each fetch is visible.
import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignedIn } from '../../../src-shared/protocol/frames.js';
import { ChatLayout } from '../../../src-renderer/chat/ChatLayout.js';
import { hashOf, picture, servicesWithDesktopAvatars, withFakeBlobUrls } from '../helpers/desktop-avatars.js';
import { ALICE, BOB, CAROL } from '../helpers/fixtures.js';
import { renderWithServices } from '../helpers/render-app.js';

async function setup(users: SignedIn['users']) {
  const { invoke, services } = await servicesWithDesktopAvatars(users);
  const view = renderWithServices(<ChatLayout />, services);
  return { invoke, services, ...view };
}

describe('avatars in the sidebar', () => {
  withFakeBlobUrls();
  afterEach(() => vi.unstubAllGlobals());

  it('the DM list, the people list and my own row show the picture, initials for someone without one; one fetch per picture', async () => {
    const { invoke } = await setup([
      { ...ALICE, online: true, avatar: hashOf(ALICE.id) },
      { ...BOB, online: true, avatar: hashOf(BOB.id) },
      { ...CAROL, online: true },
    ]);
    const dmBob = within(screen.getByRole('list', { name: 'Direct messages' })).getByRole('button', { name: /Bob/ });
    await vi.waitFor(() => expect(picture(dmBob)).toMatch(/^blob:/));
    const people = within(screen.getByRole('list', { name: 'Online users' }));
    expect(picture(people.getByRole('button', { name: /^Bob/ }))).toBe(picture(dmBob));
    const carol = people.getByRole('button', { name: /^Carol/ });
    expect(picture(carol)).toBeNull();
    expect(carol).toHaveTextContent('C');
    await vi.waitFor(() => expect(picture(document.querySelector<HTMLElement>('.sidebar__me')!)).toMatch(/^blob:/));
    // Bob shows twice and is fetched once; Carol has no picture to fetch.
    expect(invoke['avatar:get'].mock.calls.map(([request]) => request.hash).sort()).toEqual([hashOf(ALICE.id), hashOf(BOB.id)]);
  });

  it('a long list fetches only the pictures of rows near the visible part, the rest once they scroll near', async () => {
    const observed: Element[] = [];
    const notify: ((entries: { isIntersecting: boolean; target: Element }[]) => void)[] = [];
    class FakeIntersectionObserver {
      constructor(private readonly callback: (entries: { isIntersecting: boolean; target: Element }[]) => void) {}
      observe(element: Element) {
        observed.push(element);
        notify.push((entries) => this.callback(entries.filter((e) => e.target === element)));
      }
      disconnect() {}
    }
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    const many = Array.from({ length: 50 }, (_, i) => ({ id: 10 + i, name: `Person ${i}`, isAdmin: false, online: true, avatar: hashOf(10 + i) }));
    const { invoke } = await setup([{ ...ALICE, online: true }, ...many]);
    await act(async () => {});
    expect(observed.length).toBeGreaterThanOrEqual(50);
    expect(invoke['avatar:get']).not.toHaveBeenCalled();
    // Three people's rows scroll near: three pictures asked for, no more.
    const peopleList = screen.getByRole('list', { name: 'Online users' });
    const near = observed.map((element, i) => ({ element, i })).filter(({ element }) => peopleList.contains(element)).slice(0, 3);
    act(() => {
      for (const { element, i } of near) notify[i]!([{ isIntersecting: true, target: element }]);
    });
    await vi.waitFor(() => expect(invoke['avatar:get']).toHaveBeenCalledTimes(3));
  });
});
