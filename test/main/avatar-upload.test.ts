// My own avatar from the desktop app (avatar:set, src-main/app/avatar-uploader.ts):
// the window cannot reach the host, so main puts the picture to a REAL host's
// /api/avatar over TLS pinned to the identity this device trusts there. The
// IPC boundary refuses what is not an avatar (over AVATAR_MAX_BYTES, another
// type than declared, not an image) before any request, and an untrusted
// address gets no connection; the token never shows in an answer.
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { AVATAR_MAX_BYTES } from '../../src-shared/limits.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { pngImage } from '../helpers/png-image.js';
import { desktopAppPerTest } from './desktop-app-per-test.js';
import { trustedHostPerTest } from './trusted-host.js';
import { ipcCalls } from './desktop-ipc-kit.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');
const { invoke, value } = ipcCalls(fake.ipcMain, APP_ENTRY_URL);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('avatar:set — my picture from the desktop app', () => {
  desktopAppPerTest(fake, startDesktopApp);
  const session = trustedHostPerTest(fake);

  it('puts the picture to the host and answers my profile; the picture is then served; null removes it', async () => {
    const image = pngImage(64, 64, [20, 120, 220]);
    const user = await value<UserInfo>('avatar:set', { hostHttpBase: session.hostHttpBase, token: session.alice.token, image: { type: 'image/png', bytes: new Uint8Array(image) } });
    expect(user).toMatchObject({ name: 'alice', avatar: sha256(image) });
    const shown = await value<{ type: string; bytes: Uint8Array }>('avatar:get', { hostHttpBase: session.hostHttpBase, hash: user.avatar });
    expect(Buffer.from(shown.bytes).equals(image)).toBe(true);

    const removed = await value<UserInfo>('avatar:set', { hostHttpBase: session.hostHttpBase, token: session.alice.token, image: null });
    expect(removed.name).toBe('alice');
    expect(removed.avatar).toBeUndefined();
  });

  it('refuses at the boundary what is not an avatar, before any request: too big, another type than said, not an image', async () => {
    const changes: UserInfo[] = [];
    session.alice.on('user', (user) => changes.push(user));
    const tooBig = new Uint8Array(AVATAR_MAX_BYTES + 1);
    tooBig.set(pngImage(8, 8).subarray(0, 32));
    expect(await invoke('avatar:set', { hostHttpBase: session.hostHttpBase, token: session.alice.token, image: { type: 'image/png', bytes: tooBig } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringContaining(`at most ${AVATAR_MAX_BYTES} bytes`) },
    });
    expect(await invoke('avatar:set', { hostHttpBase: session.hostHttpBase, token: session.alice.token, image: { type: 'image/gif', bytes: new Uint8Array(pngImage(8, 8)) } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await invoke('avatar:set', { hostHttpBase: session.hostHttpBase, token: session.alice.token, image: { type: 'image/jpeg', bytes: new Uint8Array(pngImage(8, 8)) } })).toMatchObject({
      ok: false,
      error: { code: 'avatar_invalid', message: 'That picture is image/png, not image/jpeg as it said. Pick it again.' },
    });
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(await invoke('avatar:set', { hostHttpBase: session.hostHttpBase, token: session.alice.token, image: { type: 'image/png', bytes: svg } })).toMatchObject({
      ok: false,
      error: { code: 'avatar_invalid', message: expect.stringContaining('not a PNG, JPEG or WebP') },
    });
    // Nothing reached the host: no profile change was announced.
    await new Promise((r) => setTimeout(r, 50));
    expect(changes).toEqual([]);
  });

  it('says what the host refused (a bad token), and never connects to an address this device does not trust; the token never shows', async () => {
    const image = { type: 'image/png', bytes: new Uint8Array(pngImage(16, 16)) };
    const refused = await invoke('avatar:set', { hostHttpBase: session.hostHttpBase, token: 'not-a-real-token-123', image });
    expect(refused).toMatchObject({ ok: false, error: { code: 'avatar_unavailable' } });
    const untrusted = await invoke('avatar:set', { hostHttpBase: `https://localhost:${session.harness.host.port}`, token: session.alice.token, image });
    expect(untrusted).toMatchObject({ ok: false, error: { code: 'avatar_unavailable', message: expect.stringMatching(/not trusted yet/) } });
    for (const answer of [refused, untrusted]) expect(JSON.stringify(answer)).not.toContain(session.alice.token!);
    expect(JSON.stringify(refused)).not.toContain('not-a-real-token-123');
  });
});
