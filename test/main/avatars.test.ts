// Avatars in the desktop app (avatar:get, src-main/app/avatar-fetcher.ts):
// main fetches /api/avatars/<hash> from a REAL host over TLS pinned to the
// identity this device trusts there, checks it, and the window's avatars
// feature (src-renderer/platform/desktop-avatars.ts) turns the bytes into a
// blob: URL. Wrong hashes, untrusted hosts and oversized or disguised replies
// never reach the window.
import { createHash } from 'node:crypto';
import { resolveObjectURL } from 'node:buffer';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyApi } from '../../src-shared/ipc/ipc-contract.js';
import { AVATAR_FETCHES_AT_ONCE, AVATAR_MAX_BYTES } from '../../src-shared/limits.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { desktopAvatars } from '../../src-renderer/platform/desktop-avatars.js';
import { pngImage } from '../helpers/png-image.js';
import { pinFromDataDir, pinnedFetch } from '../helpers/session-pin.js';
import { desktopAppPerTest } from './desktop-app-per-test.js';
import { trustedHostPerTest } from './trusted-host.js';

vi.mock('electron', () => import('./fake-electron.js'));

const { fake } = await import('./fake-electron.js');
const { startDesktopApp } = await import('../../src-main/app/desktop-app.js');
const { APP_ENTRY_URL } = await import('../../src-main/app/app-protocol.js');
const { AvatarFetcher } = await import('../../src-main/app/avatar-fetcher.js');

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const invoke = (channel: string, payload: unknown) => fake.ipcMain.invoke(channel, APP_ENTRY_URL, payload) as Promise<Result>;
/** The window's side of the bridge: what the preload's invoke does, straight into main's handlers. */
const windowInvoke = new Proxy({}, { get: (_target, channel: string) => (payload: unknown) => invoke(channel, payload) }) as ParleyApi['invoke'];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('avatars in the desktop app', () => {
  desktopAppPerTest(fake, startDesktopApp);
  const session = trustedHostPerTest(fake);

  /** Alice sets her avatar the way every client does (PUT /api/avatar, PROTOCOL.md); returns her UserInfo. */
  const setAvatar = async (image: Buffer): Promise<UserInfo> => {
    const answer = await pinnedFetch(`${session.harness.httpBase}/api/avatar`, pinFromDataDir(session.harness.dataDir), {
      method: 'PUT',
      headers: { authorization: `Bearer ${session.alice.token}` },
      body: image,
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { user: UserInfo }).user;
  };

  it('a picture set through the protocol arrives in the window as the same bytes, behind a blob: URL', async () => {
    const image = pngImage(48, 48, [200, 40, 90]);
    const user = await setAvatar(image);
    expect(user.avatar).toBe(sha256(image));

    const revoked: string[] = [];
    const avatars = desktopAvatars(windowInvoke, { keepMs: 0, revokeObjectURL: (url) => revoked.push(url) });
    const url = await new Promise<string | null>((resolve) => {
      const release = avatars.watch({ hostHttpBase: session.hostHttpBase, hash: user.avatar! }, (shown) => {
        release();
        resolve(shown);
      });
    });
    expect(url).toMatch(/^blob:/);
    const blob = resolveObjectURL(url!)!;
    expect(blob.type).toBe('image/png');
    expect(Buffer.from(await blob.arrayBuffer()).equals(image)).toBe(true);
    // Nobody shows it any more: the URL is revoked.
    await vi.waitFor(() => expect(revoked).toEqual([url]));
  });

  it('a hash the host does not know answers null (initials); a hash that is not hex is refused before any request', async () => {
    const missing = await invoke('avatar:get', { hostHttpBase: session.hostHttpBase, hash: 'ab'.repeat(32) });
    expect(missing).toEqual({ ok: true, value: null });

    for (const hash of ['../../api/avatar', 'AB'.repeat(32), 'ab'.repeat(31)]) {
      const refused = await invoke('avatar:get', { hostHttpBase: session.hostHttpBase, hash });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('64 lowercase hex digits') } });
    }
  });

  it('asks the host once per picture: later windows get it from memory', async () => {
    const image = pngImage(16, 16);
    const user = await setAvatar(image);
    const first = await invoke('avatar:get', { hostHttpBase: session.hostHttpBase, hash: user.avatar });
    expect(first.ok).toBe(true);
    // The host is gone; the picture is still shown, from main's memory.
    await session.harness.stop();
    const again = await invoke('avatar:get', { hostHttpBase: session.hostHttpBase, hash: user.avatar });
    expect(again).toMatchObject({ ok: true, value: { type: 'image/png' } });
    expect(Buffer.from((again as { value: { bytes: Uint8Array } }).value.bytes).equals(image)).toBe(true);
  });

  it('never fetches from a host this device does not trust at that address', async () => {
    const image = pngImage(16, 16);
    const user = await setAvatar(image);
    // Same host, another address: nothing is trusted at "localhost:PORT", so there is no connection at all.
    const answer = await invoke('avatar:get', { hostHttpBase: `https://localhost:${session.harness.host.port}`, hash: user.avatar });
    expect(answer).toMatchObject({ ok: false, error: { code: 'avatar_unavailable', message: expect.stringMatching(/not trusted yet/) } });
  });

  describe('a reply that is not the picture is refused', () => {
    let server: http.Server;
    let reply: (res: http.ServerResponse) => void;
    let plainBase: string;

    beforeEach(async () => {
      // A host run with --plain (http, no identity to pin) that answers whatever the test says.
      server = http.createServer((_req, res) => reply(res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      plainBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('over the avatar limit, whether declared or sent without a length', async () => {
      const big = Buffer.concat([pngImage(8, 8), Buffer.alloc(AVATAR_MAX_BYTES)]);
      reply = (res) => res.writeHead(200, { 'content-type': 'image/png', 'content-length': big.length }).end(big);
      const declared = await invoke('avatar:get', { hostHttpBase: plainBase, hash: sha256(big) });
      expect(declared).toMatchObject({ ok: false, error: { code: 'avatar_invalid', message: expect.stringMatching(/over the 256 KiB an avatar may be/) } });

      reply = (res) => {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(big.subarray(0, 200 * 1024));
        res.end(big.subarray(200 * 1024));
      };
      const streamed = await invoke('avatar:get', { hostHttpBase: plainBase, hash: sha256(big).replace(/^./, '0') });
      expect(streamed).toMatchObject({ ok: false, error: { code: 'avatar_invalid', message: expect.stringMatching(/over the 256 KiB/) } });
    });

    it('not PNG/JPEG/WebP, a type that does not match the bytes, or other bytes than the hash names', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
      reply = (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(svg);
      expect(await invoke('avatar:get', { hostHttpBase: plainBase, hash: sha256(svg) })).toMatchObject({ ok: false, error: { code: 'avatar_invalid' } });

      const png = pngImage(8, 8);
      reply = (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(png);
      expect(await invoke('avatar:get', { hostHttpBase: plainBase, hash: sha256(png) })).toMatchObject({ ok: false, error: { code: 'avatar_invalid', message: expect.stringMatching(/said text\/html/) } });

      reply = (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      expect(await invoke('avatar:get', { hostHttpBase: plainBase, hash: 'cd'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'avatar_invalid', message: expect.stringMatching(/not the picture asked for/) } });
      // The right hash for the same reply is fine.
      expect(await invoke('avatar:get', { hostHttpBase: plainBase, hash: sha256(png) })).toMatchObject({ ok: true, value: { type: 'image/png' } });
    });

    it('keeps pictures in memory up to its limit, dropping the least recently asked for', async () => {
      const pictures = [1, 2, 3].map((n) => pngImage(8 * n, 8));
      const byHash = new Map(pictures.map((png) => [sha256(png), png]));
      const asked: string[] = [];
      reply = (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(byHash.get(asked.at(-1)!));
      server.removeAllListeners('request');
      server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
        asked.push(req.url!.split('/').at(-1)!);
        reply(res);
      });
      const limit = pictures[1]!.length + pictures[2]!.length;
      const fetcher = new AvatarFetcher({ pinFor: () => null, cacheMaxBytes: limit });
      const [a, b, c] = [...byHash.keys()] as [string, string, string];
      for (const hash of [a, b, c, c, b]) await fetcher.get({ hostHttpBase: plainBase, hash });
      expect(asked).toEqual([a, b, c]);
      expect(fetcher.memoryBytes).toBeLessThanOrEqual(limit);
      await fetcher.get({ hostHttpBase: plainBase, hash: a });
      expect(asked).toEqual([a, b, c, a]);
    });

    it('fetches a crowd of pictures a few at a time (AVATAR_FETCHES_AT_ONCE), each answered, in the order asked', async () => {
      const pictures = Array.from({ length: 12 }, (_, n) => pngImage(8, 8, [n * 20, 40, 90]));
      const byHash = new Map(pictures.map((png) => [sha256(png), png]));
      let open = 0;
      let most = 0;
      const started: string[] = [];
      server.removeAllListeners('request');
      server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
        const hash = req.url!.split('/').at(-1)!;
        started.push(hash);
        most = Math.max(most, ++open);
        // Answered a little later, so that the others really wait.
        setTimeout(() => {
          open--;
          res.writeHead(200, { 'content-type': 'image/png' }).end(byHash.get(hash));
        }, 20);
      });
      const fetcher = new AvatarFetcher({ pinFor: () => null });
      const hashes = [...byHash.keys()];
      const answers = await Promise.all(hashes.map((hash) => fetcher.get({ hostHttpBase: plainBase, hash })));
      expect(answers.map((image) => image && sha256(image.bytes))).toEqual(hashes);
      expect(most).toBe(AVATAR_FETCHES_AT_ONCE);
      expect(started).toEqual(hashes);
    });
  });
});
