// My messages on their way (pending text, an upload) look as they will once
// the host has them: my picture beside them (not my initials in between) and
// the time I wrote them beside my name.
import { describe, expect, it, vi } from 'vitest';
import { MessageRowView } from '../../../src-renderer/conversation/MessageRowView.js';
import { timeLabel } from '../../../src-renderer/conversation/time-format.js';
import type { MessageRow } from '../../../src-renderer/conversation/message-rows.js';
import { hashOf, picture, servicesWithDesktopAvatars, withFakeBlobUrls } from '../helpers/desktop-avatars.js';
import { ALICE, BOB } from '../helpers/fixtures.js';
import { renderWithServices } from '../helpers/render-app.js';

const pending: MessageRow = {
  kind: 'pending',
  key: 'p1',
  startsGroup: true,
  pending: { clientMsgId: 'c1', conv: 'ch:1', text: 'On my way', ts: 1, status: 'sending', error: null },
};

async function renderPending(withPicture: boolean) {
  const { invoke, services } = await servicesWithDesktopAvatars([
    { ...ALICE, online: true, ...(withPicture && { avatar: hashOf(ALICE.id) }) },
    { ...BOB, online: true },
  ]);
  const { container } = renderWithServices(<MessageRowView row={pending} myName="Alice" channelName="#general" title="#general" onRetry={() => {}} onDiscard={() => {}} />, services);
  return { invoke, row: container.querySelector('.message--pending')! };
}

describe('my messages on their way', () => {
  withFakeBlobUrls();

  it('show my picture when I have one', async () => {
    const { invoke, row } = await renderPending(true);
    await vi.waitFor(() => expect(picture(row)).toMatch(/^blob:/));
    expect(invoke['avatar:get'].mock.calls.map(([request]) => request.hash)).toEqual([hashOf(ALICE.id)]);
  });

  it('show the time I wrote them beside my name', async () => {
    const { row } = await renderPending(false);
    expect(row.querySelector('.message__meta')).toHaveTextContent(`Alice${timeLabel(1)}`);
    expect(row.querySelector('time')).toHaveAttribute('datetime', new Date(1).toISOString());
  });

  it('show my initials without one', async () => {
    const { invoke, row } = await renderPending(false);
    expect(picture(row)).toBeNull();
    expect(row.querySelector('.avatar')).toHaveTextContent('A');
    expect(invoke['avatar:get']).not.toHaveBeenCalled();
  });
});
