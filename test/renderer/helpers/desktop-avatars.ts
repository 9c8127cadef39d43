// Avatar pictures as the desktop window gets them: main's bytes (a fake
// `avatar:get` whose every call is visible) shown as blob: URLs, so a test sees
// both what is shown and how often each picture was fetched.
import { afterEach, beforeEach, vi } from 'vitest';
import type { AvatarImage, IpcResult, ParleyApi } from '../../../src-shared/ipc/ipc-contract.js';
import type { SignedIn } from '../../../src-shared/protocol/frames.js';
import { createDesktopPlatform } from '../../../src-renderer/platform/desktop-platform.js';
import type { FakeChatClient } from './fake-chat-client.js';
import { createFakePlatform } from './fake-platform.js';
import { snapshot } from './fixtures.js';
import { signedInServices } from './render-app.js';

/** A picture hash for a person (any 64 hex digits do). */
export const hashOf = (id: number) => id.toString(16).padStart(2, '0').repeat(32);
const PNG: IpcResult<AvatarImage | null> = { ok: true, value: { type: 'image/png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) } };

/** Signed in as Alice with these people (and their picture hashes), avatars coming through the desktop platform. */
export async function servicesWithDesktopAvatars(users: SignedIn['users'], configure?: (client: FakeChatClient) => void) {
  const invoke = { 'avatar:get': vi.fn((_request: { hostHttpBase: string; hash: string }) => Promise.resolve(PNG)) };
  const api = { kind: 'desktop', platform: 'linux', invoke, pathForFile: () => '', on: () => () => {} } as unknown as ParleyApi;
  const platform = Object.assign(createFakePlatform('web'), { avatars: createDesktopPlatform(api).avatars });
  const services = await signedInServices({
    platform,
    configure: (client) => {
      client.resumeResult = snapshot({ users });
      configure?.(client);
    },
  });
  return { invoke, services };
}

/** Makes URL.createObjectURL answer blob: URLs in jsdom (restore with the function returned). */
export function fakeBlobUrls(): () => void {
  const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  let made = 0;
  URL.createObjectURL = () => `blob:app://parley/${++made}`;
  URL.revokeObjectURL = () => {};
  return () => {
    URL.createObjectURL = original.create;
    URL.revokeObjectURL = original.revoke;
  };
}

/** In a describe: blob: URLs faked for each of its tests (fakeBlobUrls), the real ones back after each. */
export function withFakeBlobUrls(): void {
  let restore = () => {};
  beforeEach(() => {
    restore = fakeBlobUrls();
  });
  afterEach(() => restore());
}

/** The picture an avatar inside this element shows (its src), or null for initials. */
export const picture = (element: Element) => element.querySelector('img.avatar__image')?.getAttribute('src') ?? null;
