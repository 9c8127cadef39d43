// avatar:set — my own avatar from the desktop window. The sandboxed window
// never connects to a LAN address (DESIGN.md), so main puts the picture to
// `PUT /api/avatar` (or removes it with `DELETE`, PROTOCOL.md "Avatar images")
// over TLS pinned to the session's identity, like avatar:get and file
// transfers: no pin, no connection. The contract's schema has already refused
// anything over AVATAR_MAX_BYTES or of another declared type; here the bytes
// are checked by the avatar rules (avatar-image.ts: PNG/JPEG/WebP by their
// first bytes, at most AVATAR_MAX_PIXELS) and must be the type declared,
// before a byte leaves. The host checks again. The token is never logged.
import type http from 'node:http';
import { checkAvatarImage } from '../../src-shared/avatar-image.js';
import type { AvatarChange } from '../../src-shared/ipc/ipc-contract.js';
import { IpcError } from '../../src-shared/ipc/ipc-errors.js';
import { AVATAR_FETCH_TIMEOUT_MS, AVATAR_SET_ANSWER_MAX_BYTES } from '../../src-shared/limits.js';
import { userInfo, type UserInfo } from '../../src-shared/protocol/frames.js';
import { pinnedRequest, refusedOr, type PinLookup } from '../transfer/pinned-http.js';

export interface AvatarUploaderOptions {
  /** The pin of the session at a host URL (TrustService.pinForUrl). */
  pinFor: PinLookup;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export class AvatarUploader {
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AvatarUploaderOptions) {
    this.timeoutMs = options.timeoutMs ?? AVATAR_FETCH_TIMEOUT_MS;
    this.log = options.log ?? (() => {});
  }

  async set({ hostHttpBase, token, image }: AvatarChange): Promise<UserInfo> {
    if (image) {
      const check = checkAvatarImage(image.bytes);
      if (!check.ok) throw new IpcError('avatar_invalid', check.message);
      if (check.type !== image.type) throw new IpcError('avatar_invalid', `That picture is ${check.type}, not ${image.type} as it said. Pick it again.`);
    }
    const url = new URL('/api/avatar', hostHttpBase);
    const pin = this.options.pinFor(url.href);
    let answer: { status: number; body: string };
    try {
      answer = await this.request(url, pin, token, image);
    } catch (error) {
      const refused = refusedOr(error, pin);
      const why = refused instanceof Error ? refused.message : String(refused);
      this.log(`avatar: could not set mine at ${url.host}: ${why}`);
      throw new IpcError('avatar_unavailable', `Could not reach the session at ${url.host} to change your picture: ${why}`);
    }
    let parsed: { user?: unknown; code?: unknown; message?: unknown } = {};
    try {
      parsed = JSON.parse(answer.body) as typeof parsed;
    } catch {
      // not JSON: said below by its status
    }
    if (answer.status === 200) {
      const user = userInfo.safeParse(parsed.user);
      if (user.success) return user.data;
      throw new IpcError('avatar_unavailable', 'The host answered without your profile. Try again.');
    }
    const message = typeof parsed.message === 'string' ? parsed.message : `The host answered ${answer.status}. Try again.`;
    throw new IpcError(parsed.code === 'avatar_invalid' ? 'avatar_invalid' : 'avatar_unavailable', message);
  }

  /** One PUT or DELETE; the answer is read up to AVATAR_SET_ANSWER_MAX_BYTES. */
  private request(url: URL, pin: ReturnType<PinLookup>, token: string, image: AvatarChange['image']): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const onResponse = (res: http.IncomingMessage) => {
        const chunks: Buffer[] = [];
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > AVATAR_SET_ANSWER_MAX_BYTES) {
            req.destroy(new Error(`the answer was over ${AVATAR_SET_ANSWER_MAX_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.once('error', reject);
      };
      const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${token}` };
      if (image) Object.assign(headers, { 'content-type': image.type, 'content-length': image.bytes.byteLength });
      let req: http.ClientRequest;
      try {
        req = pinnedRequest(url, pin, { method: image ? 'PUT' : 'DELETE', agent: false, timeout: this.timeoutMs, headers }, onResponse);
      } catch (error) {
        reject(error); // no pin for an https host: not trusted yet
        return;
      }
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.end(image ? Buffer.from(image.bytes) : undefined);
    });
  }
}
