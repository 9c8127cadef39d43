// A stand-in for the DM crypto service (DmSession) in renderer tests: its
// "envelope" is JSON {t: text} (no crypto here: src-shared/e2e has its own
// tests), a reading can be forced per seq, and sending can be refused.
import { DmSendError, type DmReading, type RosterNotice } from '../../../src-shared/e2e/dm-session.js';
import type { DmFile } from '../../../src-shared/e2e/dm-payload.js';
import type { SafetyCode } from '../../../src-shared/e2e/safety-code.js';
import type { Message } from '../../../src-shared/protocol/frames.js';
import { TypedEmitter } from '../../../src-shared/typed-emitter.js';
import type { DmService } from '../../../src-renderer/session/encrypted-dms.js';
import type { ChatClientLike } from '../../../src-renderer/session/session-context.js';

export const CODE: SafetyCode = {
  digits: '123456789012345678901234567890123456789012345678901234567890',
  groups: ['12345', '67890', '12345', '67890', '12345', '67890', '12345', '67890', '12345', '67890', '12345', '67890'],
  qrPayload: 'ABCDEF0123456789',
};

export class FakeDmService extends TypedEmitter<{ notice: [RosterNotice]; problem: [string] }> implements DmService {
  readonly readings = new Map<number, DmReading>();
  sendError: DmSendError | null = null;
  verified = false;
  waits = false;
  readonly verifiedWith: string[] = [];
  confirmed = 0;
  /** Calls waiting for a person's devices to be listed; `listDevices` answers them. */
  readonly deviceWaits: Array<{ userId: number; ms: number; resolve: (listed: boolean) => void }> = [];

  constructor(private readonly client: ChatClientLike) {
    super();
  }

  async read(message: Message): Promise<DmReading> {
    const forced = this.readings.get(message.seq);
    if (forced) return forced;
    if (message.e2e === undefined) return { kind: 'plain' };
    const opened = JSON.parse(message.e2e) as { t: string; f?: DmFile };
    if (opened.f) return { kind: 'decrypted', content: { kind: 'file', ...opened.f } };
    return { kind: 'decrypted', content: { kind: 'text', text: opened.t } };
  }

  async send(conv: string, text: string, options: { replyTo?: number; quote?: string; threadRoot?: number; alsoToChannel?: boolean } = {}) {
    if (this.waits) throw new DmSendError('confirm_needed', 'Their devices changed.');
    if (this.sendError) throw this.sendError;
    const { replyTo, threadRoot, alsoToChannel } = options;
    return this.client.send(conv, '', undefined, {
      e2e: JSON.stringify({ t: text, ...(options.quote !== undefined && { q: options.quote }) }),
      ...(replyTo !== undefined && { replyTo }),
      ...(threadRoot !== undefined && { threadRoot, ...(alsoToChannel === true && { alsoToChannel }) }),
    });
  }

  devicesListedSince(userId: number, _since: number, ms: number): Promise<boolean> {
    return new Promise((resolve) => this.deviceWaits.push({ userId, ms, resolve }));
  }

  /** The host lists `userId`'s devices: the waits for them end. */
  listDevices(userId: number): void {
    for (const wait of this.deviceWaits.splice(0).filter((w) => w.userId === userId)) wait.resolve(true);
  }

  /** A file's "envelope": JSON {f: file} (the key included, as the real one carries it inside). */
  async fileEnvelope(_conv: string, _clientMsgId: string, file: DmFile): Promise<string> {
    if (this.waits) throw new DmSendError('confirm_needed', 'Their devices changed.');
    if (this.sendError) throw this.sendError;
    return JSON.stringify({ f: file });
  }

  async edit(message: Message, text: string) {
    return this.client.change({ kind: 'edit', seq: message.seq, text: '', e2e: JSON.stringify({ t: text }) });
  }

  /** A file's new "envelope": JSON {f: file}, as fileEnvelope makes it. */
  async editFile(message: Message, file: DmFile) {
    return this.client.change({ kind: 'edit', seq: message.seq, text: '', e2e: JSON.stringify({ f: file }) });
  }

  async opened(): Promise<void> {}

  async safety() {
    return { code: CODE, verified: this.verified };
  }

  async verify(_peer: number, digits: string): Promise<void> {
    this.verifiedWith.push(digits);
    this.verified = true;
    this.waits = false;
  }

  needsConfirm(): boolean {
    return this.waits;
  }

  async confirm(): Promise<void> {
    this.confirmed++;
    this.waits = false;
  }

  notify(notice: RosterNotice): void {
    this.emit('notice', notice);
  }

  dispose(): void {}
}
