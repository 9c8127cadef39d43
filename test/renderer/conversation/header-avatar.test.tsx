// A DM's header shows the other person's picture like their messages do, else
// initials; the picture stays decorative (the heading names them).
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SignedIn } from '../../../src-shared/protocol/frames.js';
import { ConversationHeader } from '../../../src-renderer/conversation/ConversationHeader.js';
import { hashOf, picture, servicesWithDesktopAvatars, withFakeBlobUrls } from '../helpers/desktop-avatars.js';
import { ALICE, BOB } from '../helpers/fixtures.js';
import { renderWithServices } from '../helpers/render-app.js';

async function openDmWithBob(users: SignedIn['users']) {
  const { invoke, services } = await servicesWithDesktopAvatars(users);
  renderWithServices(<ConversationHeader conv="dm:1:2" drawerOpen={false} onToggleDrawer={() => {}} />, services);
  const header = screen.getByRole('heading', { level: 1, name: 'Bob' }).closest('header')!;
  return { invoke, header };
}

describe('ConversationHeader', () => {
  withFakeBlobUrls();

  it("shows the DM peer's picture, fetched once, as a decorative image", async () => {
    const { invoke, header } = await openDmWithBob([
      { ...ALICE, online: true },
      { ...BOB, online: true, avatar: hashOf(BOB.id) },
    ]);
    await vi.waitFor(() => expect(picture(header)).toMatch(/^blob:/));
    expect(header.querySelector('img.avatar__image')).toHaveAttribute('alt', '');
    expect(invoke['avatar:get'].mock.calls.map(([request]) => request.hash)).toEqual([hashOf(BOB.id)]);
  });

  it('shows initials for a peer without a picture', async () => {
    const { invoke, header } = await openDmWithBob([
      { ...ALICE, online: true },
      { ...BOB, online: true },
    ]);
    expect(picture(header)).toBeNull();
    expect(header.querySelector('.conversation-header__dm .avatar')).toHaveTextContent('B');
    expect(invoke['avatar:get']).not.toHaveBeenCalled();
  });
});
