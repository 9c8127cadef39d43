// Avatar images over HTTP (PROTOCOL.md, "Avatar images", 0.10.0):
//   PUT    /api/avatar           one's own new avatar (Bearer token); body = the image
//   DELETE /api/avatar           back to initials
//   GET    /api/avatars/<sha256> anyone's avatar, by the content hash in UserInfo.avatar
// The host keeps one per person (database/profile-store.ts). An upload is
// checked by its bytes (src-shared/avatar-image.ts); everyone signed in hears
// the change as a `user` frame. GET needs no token — an <img> cannot send
// one — and the URL is a 256-bit hash learned only from the session; the
// answer never changes, so it is cached for a year.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { checkAvatarImage } from '../../src-shared/avatar-image.js';
import { AVATAR_CACHE_MAX_AGE_SECONDS, AVATAR_MAX_BYTES, HANDOVER_RETRY_AFTER_SECONDS } from '../../src-shared/limits.js';
import { sendJsonError } from '../http/json-errors.js';
import type { HostParts } from './handlers/request-context.js';
import { tokenHash } from './password-hashing.js';

export interface AvatarHttpDeps {
  parts: HostParts;
  /** A hand-over holds writes (handover/write-freeze.ts). */
  isFrozen(): boolean;
}

class TooLarge extends Error {}

export class AvatarHttpApi {
  constructor(private readonly deps: AvatarHttpDeps) {}

  /** Handles /api/avatar and /api/avatars/…; false for any other path. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://host');
    const own = url.pathname === '/api/avatar';
    const image = /^\/api\/avatars\/([^/]+)$/.exec(url.pathname);
    if (!own && !image) return false;
    const method = req.method ?? 'GET';
    const allowed = own ? ['PUT', 'DELETE'] : ['GET', 'HEAD'];
    if (!allowed.includes(method)) {
      sendJsonError(res, 405, 'api_not_found', `Only ${allowed.join(' and ')} here.`, { allow: allowed.join(', '), connection: 'close' });
      return true;
    }
    const work = own ? this.change(req, res, method === 'DELETE') : Promise.resolve(this.serve(res, image![1]!, method === 'HEAD', req.headers['if-none-match']));
    work.catch((error: unknown) => {
      this.deps.parts.log(`avatar request ${method} ${url.pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
      sendJsonError(res, 500, 'server_error', 'The host could not do that (it logged why). Try again.');
    });
    return true;
  }

  private serve(res: http.ServerResponse, hash: string, head: boolean, ifNoneMatch: string | undefined): void {
    const avatar = /^[0-9a-f]{64}$/.test(hash) ? this.deps.parts.db.profiles.avatarByHash(hash) : undefined;
    if (!avatar) {
      sendJsonError(res, 404, 'file_not_found', 'No such avatar: its owner may have changed it. Ask for users.list again.');
      return;
    }
    const headers = {
      'content-type': avatar.type,
      'cache-control': `public, max-age=${AVATAR_CACHE_MAX_AGE_SECONDS}, immutable`,
      etag: `"${avatar.hash}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    };
    if (ifNoneMatch === `"${avatar.hash}"`) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': avatar.bytes.length });
    res.end(head ? undefined : avatar.bytes);
  }

  private async change(req: http.IncomingMessage, res: http.ServerResponse, remove: boolean): Promise<void> {
    const { parts } = this.deps;
    const match = /^Bearer ([\x21-\x7e]{1,256})$/.exec(req.headers.authorization ?? '');
    const userId = match ? parts.db.users.idForToken(tokenHash(match[1]!)) : undefined;
    const user = userId === undefined ? undefined : parts.state.user(userId);
    if (!user || user.removed) {
      sendJsonError(res, 401, 'token_invalid', 'Send Authorization: Bearer <resume token> — sign in again if it expired.', { connection: 'close' });
      return;
    }
    if (this.deps.isFrozen()) {
      sendJsonError(res, 503, 'session_moving', 'The session is moving to another host; try again in a moment.', { 'retry-after': HANDOVER_RETRY_AFTER_SECONDS, connection: 'close' });
      return;
    }
    let avatar = null;
    if (!remove) {
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (declared > AVATAR_MAX_BYTES) {
        sendJsonError(res, 413, 'avatar_invalid', `An avatar can be at most ${AVATAR_MAX_BYTES / 1024} KiB. Pick a smaller picture or shrink it first.`, { connection: 'close' });
        return;
      }
      let bytes: Buffer;
      try {
        bytes = await readBody(req, AVATAR_MAX_BYTES);
      } catch (error) {
        if (!(error instanceof TooLarge)) throw error;
        sendJsonError(res, 413, 'avatar_invalid', `An avatar can be at most ${AVATAR_MAX_BYTES / 1024} KiB. Pick a smaller picture or shrink it first.`, { connection: 'close' });
        return;
      }
      const check = checkAvatarImage(bytes);
      if (!check.ok) {
        sendJsonError(res, 415, check.code, check.message);
        return;
      }
      avatar = { hash: createHash('sha256').update(bytes).digest('hex'), type: check.type, bytes };
    }
    await parts.batcher.runAsync(() => parts.db.profiles.setAvatar(user.id, avatar));
    user.avatar = avatar?.hash ?? null;
    const info = parts.state.userInfo(user);
    parts.fanOut.toEveryone({ type: 'user', user: info });
    const body = JSON.stringify({ user: info });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' }).end(body);
  }
}

/** The whole request body, or TooLarge past `max` bytes (the rest is not read). */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > max) {
        req.removeAllListeners('data');
        req.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
