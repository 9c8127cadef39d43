// End-to-end encrypted DMs in the app (issue 13; docs/SECURITY.md): the
// session's part that owns one DM crypto service (DmSession,
// src-shared/e2e/dm-session.ts) per ChatClient, when the platform has
// `e2e` (keys and state on this device). The ChatClient stays crypto-free.
//   - reveal(): every DM message that enters the store (live, replayed,
//     history pages, jumps, my own acknowledged ones) is opened here; the
//     store keeps a copy with the decrypted text (for display on this device,
//     never sent anywhere) and a mark per seq: encrypted / plain / failed;
//   - send()/edit(): DM text goes out encrypted (a reply carries the quote
//     from our decrypted original). Like the terminal (delivery.ts), nothing
//     is ever sent in plain text as a fallback: to a person without a device
//     that can read it, or while sending waits for a confirmation, the
//     message is refused and the composer keeps the draft and says why;
//   - roster notices become system lines in that DM; safety(), verify() and
//     confirm() back the "Safety code" dialog and the confirm banner;
//   - files: prepareFile() encrypts a DM file's key and real name into its
//     envelope before the upload (dm-file.ts), with the caption if any; a
//     decrypted file message shows the real name, type, size, preview and
//     caption (as its text, like a plain file's), and fileSave() gives FileSharing
//     the key to decrypt the download (memory only);
//   - the decrypted text goes into an in-memory index (dm-index.ts) that
//     search merges with the host's hits: gone on reload, never stored.
// Without `e2e` (a page over plain http://, tests) nothing here runs: DMs are
// sent and shown as before.
import { nanoid } from 'nanoid';
import { DmIndex } from '../../src-shared/e2e/dm-index.js';
import { prepareDmFile, type DmFileSource, type PreparedDmFile } from '../../src-shared/e2e/dm-file.js';
import { usablePreview } from '../../src-shared/e2e/dm-payload.js';
import { retryForNewPeer } from '../../src-shared/e2e/new-peer-wait.js';
import type { DmFileSave } from './file-sharing.js';
import { DmSendError, DmSession, type DmReading, type RosterNotice } from '../../src-shared/e2e/dm-session.js';
import type { IdleBudget, SafetyCode } from '../../src-shared/e2e/safety-code.js';
import { dmKey, dmPeer, parseConversationKey } from '../../src-shared/protocol/conversations.js';
import type { Message, SearchHit } from '../../src-shared/protocol/frames.js';
import type { E2eFeature } from '../platform/platform.js';
import type { AppStore } from '../store/app-store.js';
import type { DmMark } from '../store/dm-e2e-slice.js';
import type { ChatClientLike } from './session-context.js';

/** What the app uses of the DM crypto service (tests give a fake). */
export type DmService = Pick<DmSession, 'send' | 'devicesListedSince' | 'edit' | 'editFile' | 'fileEnvelope' | 'read' | 'opened' | 'safety' | 'verify' | 'needsConfirm' | 'confirm' | 'on' | 'dispose'>;
export type DmServiceFactory = (client: ChatClientLike) => DmService;

export function dmServiceFactory(e2e: E2eFeature): DmServiceFactory {
  // The browser gives a key store (keys in this page), the desktop a keyring (keys stay in main).
  const keys = e2e.keyring ? { keyring: e2e.keyring } : { keyStore: e2e.keyStore! };
  return (client) => new DmSession({ client, ...keys, stateStore: e2e.stateStore, idle: idleSlice });
}

/**
 * Idle time to hash the safety code in (a page without idle callbacks: the
 * next task, 5 ms), so it is made between frames, after the DM's first page
 * is read and drawn (bench/dm-open). The timeout keeps a busy page from
 * waiting for ever for its "Verified".
 */
function idleSlice(): Promise<IdleBudget> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback((deadline) => resolve(deadline), { timeout: 250 });
    } else {
      setTimeout(() => {
        const end = performance.now() + 5;
        resolve({ timeRemaining: () => end - performance.now() });
      }, 0);
    }
  });
}

/** After the next two frames (no frames, as in tests: the next task). */
function afterTwoFrames(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
    } else {
      setTimeout(resolve, 0);
    }
  });
}

const isDm = (conv: string) => parseConversationKey(conv)?.kind === 'dm';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class EncryptedDms {
  private service: DmService | null = null;
  private unsubscribe: Array<() => void> = [];
  /** Decrypted DM text of this page's run, for local search (memory only). */
  private index = new DmIndex();
  /** Keys and real names of the DM files decrypted in this run, by the host's file id (memory only: never stored). */
  private files = new Map<string, DmFileSave>();

  constructor(
    private readonly store: AppStore,
    private readonly factory: DmServiceFactory | null,
    private readonly problem: (text: string) => void,
  ) {}

  private get state() {
    return this.store.getState();
  }

  /** Made with each new client, before it connects (the service listens for its sign-in). */
  attach(client: ChatClientLike): void {
    this.detach();
    if (!this.factory) return;
    const service = this.factory(client);
    this.service = service;
    this.unsubscribe = [service.on('notice', (notice) => this.onNotice(notice)), service.on('problem', (text) => this.problem(text))];
  }

  detach(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.service?.dispose();
    this.service = null;
  }

  /** A different person (or none) is signed in here now: forget what was decrypted. */
  forget(): void {
    this.index = new DmIndex();
    this.files = new Map();
  }

  /** How to save a DM file this device decrypted (FileSharing's dmFile). */
  fileSave(fileId: string): DmFileSave | undefined {
    return this.files.get(fileId);
  }

  /**
   * A file for `conv` before its upload: in a DM this device encrypts, its key
   * and envelope (dm-file.ts); null elsewhere (a plain upload). Throws like
   * send() when it cannot be encrypted — the upload then fails with the
   * reason, and nothing goes out in plain text. Like send(), a file to
   * someone who has just come online waits for their device first.
   */
  async prepareFile(conv: string, clientMsgId: string, file: DmFileSource): Promise<PreparedDmFile | null> {
    if (!this.encrypts(conv)) return null;
    try {
      const prepared = await this.waitingForNewPeer(conv, () => prepareDmFile(this.require(), conv, file, clientMsgId));
      this.state.setDmProblem(conv, null);
      return prepared;
    } catch (error) {
      this.state.setDmProblem(conv, this.reasonFor(conv, error));
      if (error instanceof DmSendError && error.code === 'confirm_needed') this.setWaits(conv, true);
      throw error;
    }
  }

  /** This client has a DM service (the platform keeps keys). */
  get active(): boolean {
    return this.service !== null;
  }

  /** DMs in `conv` are sent encrypted (this device can, and it is a DM). */
  encrypts(conv: string): boolean {
    return this.service !== null && isDm(conv);
  }

  // ------------------------------------------------------------------ reading

  async reveal(messages: Message[], live: boolean): Promise<Message[]> {
    const service = this.service;
    if (!service || !messages.some((m) => isDm(m.conv))) return messages;
    const marks: Array<readonly [number, DmMark | null]> = [];
    const shown: Message[] = [];
    // History (not live) is read in parallel: the service reads it without the
    // replay guard, and a page of 50 in turn took ~1 s in Chromium (bench/dm-open).
    const readings = live ? null : messages.map((m) => (this.decryptable(m) ? service.read(m, false) : null));
    for (const [i, message] of messages.entries()) {
      if (!isDm(message.conv) || (message.kind !== 'text' && message.kind !== 'file')) {
        shown.push(message);
        continue;
      }
      if (message.deleted) {
        this.index.remove(message.seq);
        marks.push([message.seq, null]);
        shown.push(message);
        continue;
      }
      const reading = await (readings?.[i] ?? service.read(message, live));
      const [copy, mark] = this.apply(message, reading);
      marks.push([message.seq, mark]);
      shown.push(copy);
    }
    this.state.setDmMarks(marks);
    return shown;
  }

  private decryptable(message: Message): boolean {
    return isDm(message.conv) && (message.kind === 'text' || message.kind === 'file') && !message.deleted;
  }

  private apply(message: Message, reading: DmReading): [Message, DmMark] {
    switch (reading.kind) {
      case 'plain':
        return [message, { kind: 'plain' }];
      case 'failed':
        return [{ ...message, text: '' }, { kind: 'failed', reason: reading.reason }];
      case 'decrypted': {
        const { content } = reading;
        if (content.kind === 'file') {
          if (!message.file || message.clientMsgId == null) return [{ ...message, text: '' }, { kind: 'failed', reason: 'the host sent an encrypted file without its file.' }];
          // The row shows the real name, type, size, preview and caption (the message's text); Save uses the key (fileSave).
          this.files.set(message.file.id, { key: content.key, bindingId: message.clientMsgId, name: content.name, ...(content.type !== undefined && { type: content.type }) });
          const caption = content.caption ?? '';
          // Quoted by its caption (as the row shows it) or its name; found by either (the search panel shows both).
          this.index.add(message, caption || `📎 ${content.name}`, caption ? `${caption} (${content.name})` : content.name);
          const file = {
            ...message.file,
            name: content.name,
            type: content.type ?? 'application/octet-stream',
            size: content.size ?? message.file.size,
            thumbnail: usablePreview(content.preview) ?? null,
          };
          return [{ ...message, text: caption, file }, { kind: 'encrypted' }];
        }
        this.index.add(message, content.text);
        const quote = message.replyTo;
        const replyTo = quote?.e2e && !quote.deleted ? { ...quote, text: this.textOf(quote.seq) ?? content.quote ?? '' } : quote;
        return [{ ...message, text: content.text, ...(replyTo && { replyTo }) }, { kind: 'encrypted' }];
      }
    }
  }

  /** Our decrypted copy of a DM: the store's, else the index's. */
  private textOf(seq: number): string | undefined {
    const mark = this.state.dmMarks[seq];
    if (mark?.kind === 'encrypted') {
      for (const list of Object.values(this.state.messages)) {
        const held = list.find((m) => m.seq === seq);
        if (held) return held.text;
      }
    }
    return this.index.text(seq);
  }

  /** A message the outbox restored after a reload (its text is an envelope): the text it carries, read on this device. */
  async restoredText(item: { id: string; conv: string; ts: number; e2e?: string }, me: { id: number; name: string }): Promise<string | null> {
    if (!this.service || item.e2e === undefined) return null;
    const reading = await this.service.read({ seq: 0, conv: item.conv, from: me.id, fromName: me.name, clientMsgId: item.id, kind: 'text', text: '', ts: item.ts, e2e: item.e2e }, false);
    return reading.kind === 'decrypted' && reading.content.kind === 'text' ? reading.content.text : null;
  }

  // ------------------------------------------------------------------ sending

  /** Encrypts and queues a DM. Throws DmSendError (the composer shows it, keeping the draft). */
  async send(conv: string, text: string, options: { replyTo?: number; threadRoot?: number; alsoToChannel?: boolean } = {}): Promise<{ clientMsgId: string; done: Promise<Message> }> {
    const service = this.require();
    const quote = options.replyTo !== undefined ? this.textOf(options.replyTo) : undefined;
    try {
      const sent = await this.waitingForNewPeer(conv, () => service.send(conv, text, { ...options, ...(quote !== undefined && { quote }) }));
      this.state.setDmProblem(conv, null);
      return sent;
    } catch (error) {
      this.state.setDmProblem(conv, this.reasonFor(conv, error));
      if (error instanceof DmSendError && error.code === 'confirm_needed') this.setWaits(conv, true);
      throw error;
    }
  }

  /**
   * Edits one of my encrypted DMs (a new envelope for the same message). A
   * file's new caption goes into a new file payload with the same key, name,
   * type, size and preview: a text payload would leave the file unreadable.
   */
  async edit(message: Message, text: string): Promise<{ done: Promise<Message> }> {
    const service = this.require();
    if (message.kind === 'file' && message.file) {
      const saved = this.files.get(message.file.id);
      if (!saved) throw new DmSendError('unavailable', 'This device could not read that file, so it cannot change its caption. Reload the conversation and try again.');
      const { key, name, type } = saved;
      const preview = message.file.thumbnail ?? undefined;
      const file = { key, name, size: message.file.size, ...(type !== undefined && { type }), ...(preview !== undefined && { preview }), ...(text !== '' && { caption: text }) };
      return service.editFile(message, file);
    }
    const quote = message.replyTo && !message.replyTo.deleted ? message.replyTo.text : undefined;
    const { done } = await service.edit(message, text, quote);
    return { done };
  }

  /** Runs `attempt`, waiting out the moment someone who just came online is still publishing their key (new-peer-wait.ts). */
  private waitingForNewPeer<T>(conv: string, attempt: () => Promise<T>): Promise<T> {
    const peer = this.peerOf(conv);
    const known = peer === null ? undefined : this.state.users[peer];
    const newPeer = peer === null ? null : { id: peer, online: known?.online === true, cameOnlineAt: this.state.cameOnlineAt[peer] };
    return retryForNewPeer(this.require(), newPeer, attempt, () =>
      this.state.setDmProblem(conv, `Waiting for ${this.nameOf(peer)}'s app to finish signing in before sending…`),
    );
  }

  private require(): DmService {
    if (!this.service) throw new DmSendError('unavailable', 'Encrypted DMs are not available on this device.');
    return this.service;
  }

  private reasonFor(conv: string, error: unknown): string {
    const peer = this.peerOf(conv);
    const name = this.nameOf(peer);
    if (error instanceof DmSendError && error.code === 'no_devices') {
      return `Not sent: ${name} has no device that can read encrypted messages yet. They need to sign in with an updated app; your message is kept here.`;
    }
    if (error instanceof DmSendError && error.code === 'confirm_needed') {
      return `Not sent yet: ${name}'s devices changed after you verified the safety code. Compare the new code, or send anyway.`;
    }
    return `Not sent: ${messageOf(error)}`;
  }

  /** The other person's name for notices ("They" when unknown). */
  private nameOf(peer: number | null): string {
    return peer === null ? 'They' : (this.state.users[peer]?.name ?? 'They');
  }

  private peerOf(conv: string): number | null {
    const me = this.state.me;
    return me ? dmPeer(conv, me.id) : null;
  }

  // ------------------------------------------------------------------ trust

  /**
   * A DM was opened: asks for both people's devices and shows whether it is
   * verified. `shown`: its first page is being loaded; the safety code is
   * made after that page is drawn (two frames), at idle time, so it never
   * delays the first paint (bench/dm-open).
   */
  async opened(peer: number, shown: Promise<unknown> = Promise.resolve()): Promise<void> {
    if (!this.service) return;
    await this.service.opened(peer).catch(() => {});
    await shown.catch(() => {});
    await afterTwoFrames();
    await this.safety(peer, false).catch(() => {}); // opened() just asked for the devices
  }

  /** The safety code of the DM with `peer` (rejects with why there is none). */
  async safety(peer: number, refresh = true): Promise<{ code: SafetyCode; verified: boolean }> {
    const service = this.require();
    try {
      const result = await service.safety(peer, refresh);
      this.state.setDmTrust(peer, { verified: result.verified, waits: service.needsConfirm(peer) });
      return result;
    } catch (error) {
      const name = this.nameOf(peer);
      const unavailable =
        error instanceof DmSendError && error.code === 'no_devices'
          ? `${name} has no device that can read encrypted messages yet, so there is no safety code; they need to sign in with an updated app.`
          : messageOf(error);
      this.state.setDmTrust(peer, { verified: false, waits: false, unavailable });
      throw new Error(unavailable);
    }
  }

  /** The two people compared `digits`: the DM is verified (and sending no longer waits). */
  async verify(peer: number, digits: string): Promise<void> {
    await this.require().verify(peer, digits);
    this.state.setDmTrust(peer, { verified: true, waits: false });
    if (this.state.me) this.state.setDmProblem(dmKey(this.state.me.id, peer), null);
  }

  /** "Send anyway": sending to their changed devices (not verified). */
  async confirm(peer: number): Promise<void> {
    await this.require().confirm(peer);
    this.state.setDmTrust(peer, { ...(this.state.dmTrust[peer] ?? { verified: false }), verified: false, waits: false });
    if (this.state.me) this.state.setDmProblem(dmKey(this.state.me.id, peer), null);
  }

  private setWaits(conv: string, waits: boolean): void {
    const peer = this.peerOf(conv);
    if (peer === null) return;
    this.state.setDmTrust(peer, { ...(this.state.dmTrust[peer] ?? { verified: true }), waits });
  }

  private onNotice(notice: RosterNotice): void {
    const me = this.state.me;
    if (!me) return;
    const name = this.state.users[notice.userId]?.name ?? `user ${notice.userId}`;
    const lines = noticeLines(notice, name);
    // My own devices: said in every DM open; theirs: in the DM with them.
    const convs = notice.mine ? Object.keys(this.state.dms) : [dmKey(me.id, notice.userId)];
    for (const conv of convs) {
      for (const line of lines) this.state.addDmNotice(conv, { id: nanoid(), ts: Date.now(), ...line });
    }
    if (!notice.mine) {
      const before = this.state.dmTrust[notice.userId];
      this.state.setDmTrust(notice.userId, { verified: notice.mustConfirm ? false : (before?.verified ?? false), waits: notice.mustConfirm });
    }
  }

  // ------------------------------------------------------------------ search

  /** Hits among the DMs decrypted on this device since the page loaded (only `conv`, when given). */
  searchLocal(query: string, conv: string | null): SearchHit[] {
    if (!this.service) return [];
    return this.index.search(query).filter((hit) => conv === null || hit.message.conv === conv);
  }
}

/** The system lines for a change of someone's devices (worded like the terminal's, dm-display.ts). */
export function noticeLines(notice: RosterNotice, name: string): Array<{ text: string; warning: boolean }> {
  const lines: Array<{ text: string; warning: boolean }> = [];
  const whose = notice.mine ? 'You have' : `${name} has`;
  if (notice.keyChanged > 0) {
    lines.push({ text: notice.mine ? 'The key of one of your devices changed — compare the safety code.' : `${name}'s device key changed — compare the safety code.`, warning: true });
  }
  if (notice.added > 0) lines.push({ text: `${whose} ${notice.added === 1 ? 'a new device' : `${notice.added} new devices`}.`, warning: false });
  if (notice.removed > 0) lines.push({ text: `${whose} ${notice.removed === 1 ? 'one device' : `${notice.removed} devices`} fewer.`, warning: false });
  if (notice.mustConfirm) lines.push({ text: `You had verified ${name}: messages to ${name} wait until you compare the new safety code or choose Send anyway.`, warning: true });
  return lines;
}
