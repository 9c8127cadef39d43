// Avatars in the desktop window: createDesktopPlatform's `avatars` over a fake
// window.parley answering avatar:get with bytes (as main does after fetching
// them over its pinned TLS). The person's picture shows as a blob: URL where
// the browser shows /api/avatars/<hash>; one request per picture however many
// times it is on screen; the URL is revoked once nothing shows it.
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AvatarImage, IpcResult, ParleyApi } from '../../../src-shared/ipc/ipc-contract.js';
import { AVATAR_BLOB_URL_KEEP_MS } from '../../../src-shared/limits.js';
import { EditProfileForm } from '../../../src-renderer/people/EditProfileForm.js';
import { PersonAvatar } from '../../../src-renderer/people/PersonName.js';
import { ProfileCard } from '../../../src-renderer/people/ProfileCard.js';
import { createDesktopPlatform } from '../../../src-renderer/platform/desktop-platform.js';
import { createFakePlatform } from '../helpers/fake-platform.js';
import { ALICE, BOB } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const HASH = 'ab'.repeat(32);
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

function fakeParley(answer: IpcResult<AvatarImage | null>) {
  const invoke = {
    'avatar:get': vi.fn(() => Promise.resolve(answer)),
    // As main answers once the host took my picture (src-main/app/avatar-uploader.ts).
    'avatar:set': vi.fn((change: { image: unknown }) =>
      Promise.resolve({ ok: true, value: { ...ALICE, online: true, ...(change.image !== null && { avatar: HASH }) } } as IpcResult<unknown>),
    ),
  };
  const api = { kind: 'desktop', platform: 'linux', invoke, pathForFile: () => '', on: () => () => {} } as unknown as ParleyApi;
  return { api, invoke };
}

describe('desktop platform avatars', () => {
  let made: Blob[];
  let revoked: string[];
  const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };

  beforeEach(() => {
    made = [];
    revoked = [];
    // jsdom has no blob: URLs; these stand in and remember what was made.
    URL.createObjectURL = (blob: Blob) => `blob:app://parley/${made.push(blob)}`;
    URL.revokeObjectURL = (url: string) => void revoked.push(url);
  });
  afterEach(() => {
    URL.createObjectURL = original.create;
    URL.revokeObjectURL = original.revoke;
    vi.useRealTimers();
  });

  /** Signed in as Alice; Bob has a picture. Avatars come from the desktop platform. */
  async function withBobsPicture(answer: IpcResult<AvatarImage | null>, kind: 'web' | 'desktop' = 'web') {
    const parley = fakeParley(answer);
    const platform = Object.assign(createFakePlatform('web'), { kind, avatars: createDesktopPlatform(parley.api).avatars });
    const services = await signedInServices({ platform });
    act(() => services.client.fire('user', { ...BOB, online: true, avatar: HASH }));
    return { ...parley, services };
  }

  it("shows the person's picture from main's bytes as a blob: URL, asked for once, revoked when nothing shows it", async () => {
    const { invoke, services } = await withBobsPicture({ ok: true, value: { type: 'image/png', bytes: PNG_BYTES } });
    const view = renderWithServices(
      <>
        <PersonAvatar userId={BOB.id} name="Bob" />
        <PersonAvatar userId={BOB.id} name="Bob" />
        <ProfileCard />
      </>,
      services,
    );
    await vi.waitFor(() => expect(view.container.querySelectorAll('img.avatar__image')).toHaveLength(2));
    for (const img of view.container.querySelectorAll('img.avatar__image')) expect(img).toHaveAttribute('src', 'blob:app://parley/1');
    expect(invoke['avatar:get']).toHaveBeenCalledTimes(1);
    expect(invoke['avatar:get']).toHaveBeenCalledWith({ hostHttpBase: 'http://192.168.1.20:47800', hash: HASH });
    expect(made[0]!.type).toBe('image/png');
    expect(new Uint8Array(await made[0]!.arrayBuffer())).toEqual(PNG_BYTES);

    // The profile card shows the same picture, large.
    act(() => services.store.getState().openProfile(BOB.id));
    const card = await screen.findByRole('dialog', { name: 'Profile of Bob' });
    await vi.waitFor(() => expect(card.querySelector('img.avatar__image')).toHaveAttribute('src', 'blob:app://parley/1'));
    act(() => services.store.getState().openProfile(null));

    // Gone from the screen: kept a while (a conversation switch remounts every row), then revoked.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    view.unmount();
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(AVATAR_BLOB_URL_KEEP_MS);
    expect(revoked).toEqual(['blob:app://parley/1']);
  });

  it('shows initials when main has no such picture or refused what the host sent', async () => {
    for (const answer of [
      { ok: true as const, value: null },
      { ok: false as const, error: { code: 'avatar_invalid', message: 'The host sent something that is not that picture.' } },
    ]) {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { invoke, services } = await withBobsPicture(answer);
      const view = renderWithServices(<PersonAvatar userId={BOB.id} name="Bob" />, services);
      await vi.waitFor(() => expect(invoke['avatar:get']).toHaveBeenCalled());
      await act(async () => {});
      expect(view.container.querySelector('img')).toBeNull();
      expect(view.container.textContent).toBe('B');
      expect(made).toEqual([]);
      view.unmount();
      warn.mockRestore();
    }
  });

  it('my own picture can be set from the desktop app: the form offers it, and Save hands the checked bytes to main (avatar:set)', async () => {
    // The desktop app's window: it cannot fetch the host itself.
    const { invoke, services } = await withBobsPicture({ ok: true, value: { type: 'image/png', bytes: PNG_BYTES } }, 'desktop');
    const fetched = vi.spyOn(globalThis, 'fetch');
    services.client.handlers['profile.update'] = () => ({ user: { ...ALICE, online: true } });
    const done = vi.fn();
    const { user } = renderWithServices(<EditProfileForm user={{ ...ALICE, online: true }} onDone={done} />, services);
    expect(screen.queryByText(/Pictures can be set from a browser/)).toBeNull();
    const png = pngFile();
    await user.upload(screen.getByLabelText('Profile picture'), png);
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(invoke['avatar:set']).toHaveBeenCalledTimes(1);
    const change = invoke['avatar:set'].mock.calls[0]![0] as { hostHttpBase: string; token: string; image: { type: string; bytes: Uint8Array } };
    expect(change).toMatchObject({ hostHttpBase: 'http://192.168.1.20:47800', token: 'token-alice', image: { type: 'image/png' } });
    expect([...change.image.bytes]).toEqual([...new Uint8Array(await png.arrayBuffer())]);
    expect(services.store.getState().users[ALICE.id]?.avatar).toBe(HASH);
    expect(fetched).not.toHaveBeenCalled();
    fetched.mockRestore();
  });
});

/** A 1×1 PNG as the form's file picker gives it. */
function pngFile(): File {
  const bytes = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
  return new File([bytes], 'me.png', { type: 'image/png' });
}
