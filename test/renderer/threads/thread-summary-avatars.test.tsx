// Under a thread's root, the repliers' avatars show their pictures like their
// messages do, else initials; the button keeps its name ("2 replies, … open thread").
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ThreadSummaryButton } from '../../../src-renderer/threads/ThreadSummaryButton.js';
import { hashOf, picture, servicesWithDesktopAvatars, withFakeBlobUrls } from '../helpers/desktop-avatars.js';
import { ALICE, BOB, CAROL, message } from '../helpers/fixtures.js';
import { renderWithServices } from '../helpers/render-app.js';

const ROOT = message({ seq: 500, conv: 'ch:1', from: ALICE.id, fromName: 'Alice', text: 'Who takes the demo?', thread: { replies: 2, lastReplyAt: 1, participants: [BOB.id, CAROL.id] } });

describe('ThreadSummaryButton', () => {
  withFakeBlobUrls();

  it("shows a replier's picture and initials for a replier without one", async () => {
    const { invoke, services } = await servicesWithDesktopAvatars([
      { ...ALICE, online: true },
      { ...BOB, online: true, avatar: hashOf(BOB.id) },
      { ...CAROL, online: false },
    ]);
    renderWithServices(<ThreadSummaryButton message={ROOT} onOpen={() => {}} />, services);
    const button = screen.getByRole('button', { name: /^2 replies, last at .*: open thread$/ });
    const [bob, carol] = button.querySelectorAll('.thread-summary__avatars > .avatar');
    await vi.waitFor(() => expect(picture(bob!)).toMatch(/^blob:/));
    expect(bob!.querySelector('img')).toHaveAttribute('alt', '');
    expect(picture(carol!)).toBeNull();
    expect(carol).toHaveTextContent('C');
    expect(invoke['avatar:get'].mock.calls.map(([request]) => request.hash)).toEqual([hashOf(BOB.id)]);
  });
});
