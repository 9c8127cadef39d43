// A channel's member list shows each member's picture like their messages do,
// else initials; on the desktop too, where pictures come through main. The
// picture is decorative: each row is named "Profile of NAME".
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MemberListDialog } from '../../../src-renderer/people/MemberListDialog.js';
import { hashOf, picture, servicesWithDesktopAvatars, withFakeBlobUrls } from '../helpers/desktop-avatars.js';
import { ALICE, BOB, CAROL } from '../helpers/fixtures.js';
import { renderWithServices } from '../helpers/render-app.js';

describe('MemberListDialog', () => {
  withFakeBlobUrls();

  it('shows the picture of a member who has one and initials for one who has not; one fetch per picture', async () => {
    const { invoke, services } = await servicesWithDesktopAvatars(
      [
        { ...ALICE, online: true },
        { ...BOB, online: true, avatar: hashOf(BOB.id) },
        { ...CAROL, online: false },
      ],
      (client) => (client.handlers['channel.members'] = ({ channelId }) => ({ channelId, userIds: [ALICE.id, BOB.id, CAROL.id] })),
    );
    renderWithServices(<MemberListDialog channelId={1} channelName="general" onClose={() => {}} />, services);
    const list = within(await screen.findByRole('list', { name: 'Members' }));
    const bob = await list.findByRole('button', { name: 'Profile of Bob' });
    await vi.waitFor(() => expect(picture(bob)).toMatch(/^blob:/));
    expect(bob.querySelector('img.avatar__image')).toHaveAttribute('alt', '');
    const carol = list.getByRole('button', { name: 'Profile of Carol' });
    expect(picture(carol)).toBeNull();
    expect(carol.querySelector('.avatar')).toHaveTextContent('C');
    expect(invoke['avatar:get'].mock.calls.map(([request]) => request.hash)).toEqual([hashOf(BOB.id)]);
  });
});
