// The desktop platform fake for renderer tests of the files path: a fake
// window.parley whose files:* channels are spies (files:pick answers one
// photo.jpg; a File named disk-* has a path on disk), and a signed-in
// ChatSession whose platform has createDesktopPlatform's `files`.
import { act } from '@testing-library/react';
import { vi } from 'vitest';
import type { EventChannel, EventPayload, FileProgress, IpcResult, ParleyApi } from '../../../src-shared/ipc/ipc-contract.js';
import { createDesktopPlatform } from '../../../src-renderer/platform/desktop-platform.js';
import type { ChatClientLike } from '../../../src-renderer/session/session-context.js';
import { createFakePlatform } from '../helpers/fake-platform.js';
import { signedInServices } from '../helpers/render-app.js';
import { FakeDmService } from '../e2e-dms/fake-dm-service.js';

export function fakeParley() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ok = <T,>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });
  let next = 0;
  const invoke = {
    'files:pick': vi.fn(() => ok([{ token: 'pick-1', name: 'photo.jpg', size: 2048, type: 'image/jpeg' }])),
    'files:upload': vi.fn(() => ok({ transferId: `u-${++next}` })),
    'files:download': vi.fn(() => ok({ transferId: `d-${++next}` })),
    'files:pause': vi.fn(() => ok(null)),
    'files:resume': vi.fn(() => ok(null)),
    'files:cancel': vi.fn(() => ok(null)),
    'files:open': vi.fn((): Promise<IpcResult<null>> => Promise.resolve({ ok: false, error: { code: 'not_allowed', message: 'Only a finished download can be opened.' } })),
    'settings:get-auto-save': vi.fn(() => ok(true)),
    'settings:set-auto-save': vi.fn(() => ok(null)),
  };
  const pathForFile = vi.fn((file: object) => (file as File).name.startsWith('disk-') ? `/home/alice/${(file as File).name}` : '');
  const api = {
    kind: 'desktop',
    platform: 'linux',
    invoke,
    pathForFile,
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  } as unknown as ParleyApi;
  const emit = (payload: FileProgress) => act(() => listeners.get('files:progress')?.forEach((l) => l(payload)));
  return { api, invoke, emit, pathForFile, listeners };
}

/** Signed in (the fake web platform's served session) with the desktop files capability added. */
export async function desktopServices(options: { dms?: boolean } = {}) {
  const parley = fakeParley();
  const platform = Object.assign(createFakePlatform('web'), { files: createDesktopPlatform(parley.api).files });
  let dm: FakeDmService | undefined;
  const services = await signedInServices({
    platform,
    configure: (client) => Object.assign(client, { token: 'token-alice' }),
    ...(options.dms && { createDms: (client: ChatClientLike) => (dm = new FakeDmService(client)) }),
  });
  return { ...parley, services, dm };
}

export const progress = (p: Partial<FileProgress> & Pick<FileProgress, 'transferId' | 'kind' | 'state'>): FileProgress => ({
  name: 'photo.jpg',
  bytes: 0,
  total: 2048,
  bytesPerSecond: 0,
  secondsLeft: null,
  ...p,
});
