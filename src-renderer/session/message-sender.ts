// My messages and my changes to messages: sending (a pending row until the
// host acknowledges, Retry or Discard when refused — also for what a reload
// left in the saved outbox), typing notices while I write, and editing,
// deleting and reacting.
//
// A message I send is applied once, at its acknowledgement (`track`): the
// store's applySent is its `message` event applied early, so the echoed event
// finds the seq held and changes nothing. The client's 'sent' notice carries
// the same message and is not listened to.
//
// In a DM, with encrypted DMs on (encrypted-dms.ts), text and edits are
// encrypted first; what the host sends back passes reveal() on its way into
// the store. A DM that cannot be encrypted is not sent at all (send() says
// why; the composer keeps the draft).
import { TYPING_NOTICE_INTERVAL_MS } from '../../src-shared/limits.js';
import { ChatError } from '../../src-shared/chat-client.js';
import type { RestoredEntry } from '../../src-shared/outbox.js';
import type { OutboxChange } from '../../src-shared/outbox-store.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { describeError } from './describe-error.js';
import type { EncryptedDms } from './encrypted-dms.js';
import type { MessageHistory } from './message-history.js';
import type { SessionContext } from './session-context.js';

export class MessageSender {
  /** conv → when the last typing notice went out. */
  private readonly typingSentAt = new Map<string, number>();

  constructor(
    private readonly context: SessionContext,
    private readonly history: MessageHistory,
    private readonly dms: EncryptedDms,
  ) {}

  private get state() {
    return this.context.store.getState();
  }

  /**
   * Sends a message: queued at once (undefined), or — in a DM with
   * encryption on — a promise that resolves once it is encrypted and queued,
   * or rejects with why it was not sent (DmSendError: nobody to encrypt to,
   * waiting for "Send anyway").
   */
  send(conv: string, text: string, options: { replyTo?: number } = {}): Promise<void> | undefined {
    const client = this.context.client();
    if (!client || text.trim().length === 0) return undefined;
    if (this.dms.encrypts(conv)) return this.dms.send(conv, text, options).then((sent) => this.sent(conv, text, options, sent));
    this.sent(conv, text, options, client.send(conv, text, undefined, options));
    return undefined;
  }

  private sent(conv: string, text: string, options: { replyTo?: number }, { clientMsgId, done }: { clientMsgId: string; done: Promise<Message> }): void {
    this.state.addPending({ clientMsgId, conv, text, ts: Date.now(), ...(options.replyTo !== undefined && { replyTo: options.replyTo }) });
    // Writing while reading old messages: go back to the newest, where this one lands.
    void this.history.jumpToNewest(conv);
    this.track(clientMsgId, done);
    this.typingSentAt.delete(conv);
  }

  /** Sends a failed message again, with the same client id (the host stores it once). */
  retry(clientMsgId: string): void {
    const client = this.context.client();
    const pending = Object.values(this.state.pending).flat().find((p) => p.clientMsgId === clientMsgId);
    if (!client || !pending) return;
    if (this.dms.encrypts(pending.conv)) {
      // Encrypted afresh (a new message id): the refused envelope is not reused, and the text never goes out plain.
      void this.send(pending.conv, pending.text, pending.replyTo !== undefined ? { replyTo: pending.replyTo } : {})?.then(
        () => this.state.discardPending(clientMsgId),
        (error: unknown) => this.state.failPending(clientMsgId, describeError(error)),
      );
      return;
    }
    this.state.retryPending(clientMsgId);
    this.track(clientMsgId, client.send(pending.conv, pending.text, clientMsgId, pending.replyTo !== undefined ? { replyTo: pending.replyTo } : {}).done);
  }

  discard(clientMsgId: string): void {
    this.state.discardPending(clientMsgId);
  }

  /** Applies the message when the host acknowledges it (a shared file's is applied by FileSharing's uploader, the same way), or marks it failed. */
  private track(clientMsgId: string, done: Promise<Message>): void {
    done.then(
      async (message) => {
        // An encrypted DM is opened first (its text comes back decrypted); others go in at once.
        const [shown] = this.dms.active ? await this.context.reveal([message], false) : [message];
        this.state.applySent(shown!);
      },
      (error: unknown) => this.state.failPending(clientMsgId, describeError(error)),
    );
  }

  /** Call on every keystroke that changes the draft; sends at most one notice per interval. */
  typing(conv: string, now = Date.now()): void {
    const client = this.context.client();
    if (!client || client.state !== 'online') return;
    const last = this.typingSentAt.get(conv) ?? -Infinity;
    if (now - last < TYPING_NOTICE_INTERVAL_MS) return;
    this.typingSentAt.set(conv, now);
    client.request('typing', { conv }).catch(() => {});
  }

  /** Forgets when typing notices went out (the client is going away). */
  clear(): void {
    this.typingSentAt.clear();
  }

  // ------------------------------------------------------------------ changes to messages
  //
  // Edits, deletions and reactions go through the client's outbox, like
  // sends. Online, the caller waits for the host (the editor shows a refusal).
  // Offline, they are queued and the call returns at once: the change shows
  // when the host has applied it after the reconnect — or, if the host
  // refuses it then (an edit of a message deleted meanwhile:
  // `message_deleted`), the host's reason is shown in the banner and the
  // change is dropped. Queued changes are saved with the outbox, so a reload
  // does not lose them either.

  /** Replaces the text of one of my messages. Rejects with the host's error for the editor to show. */
  async edit(seq: number, text: string): Promise<void> {
    const held = this.heldMessage(seq);
    if (held && this.dms.encrypts(held.conv)) {
      const client = this.context.requireClient();
      const online = client.state === 'online';
      const { done } = await this.dms.edit(held, text);
      const change: OutboxChange = { kind: 'edit', seq, text: '' };
      if (online) await this.applyChange(change, await done);
      else this.followQueued(change, done);
      return;
    }
    return this.change({ kind: 'edit', seq, text });
  }

  /** The message `seq` as held: in a conversation's list, or a reply only in a thread (so a DM thread reply's edit goes encrypted too). */
  private heldMessage(seq: number): Message | undefined {
    for (const list of [...Object.values(this.state.messages), ...Object.values(this.state.threadReplies)]) {
      const found = list.find((m) => m.seq === seq);
      if (found) return found;
    }
    return undefined;
  }

  /** Deletes a message (mine, or anyone's as an admin). */
  delete(seq: number): Promise<void> {
    return this.change({ kind: 'delete', seq });
  }

  /** Adds (on) or removes my reaction. */
  react(seq: number, emoji: string, on: boolean): Promise<void> {
    return this.change({ kind: 'react', seq, emoji, on });
  }

  /**
   * Shows again, and follows, what a reload or restart left in the saved
   * outbox. Thread replies (`threadRoot`) are not mine to show: SessionThreads
   * restores them into the thread's own pending list.
   */
  restore(entries: readonly RestoredEntry[]): void {
    for (const { item, done } of entries) {
      if (item.kind !== 'send') {
        this.followQueued(item, done);
        continue;
      }
      if (item.threadRoot !== undefined) continue;
      const shown = Object.values(this.state.pending).flat().some((p) => p.clientMsgId === item.id);
      if (shown) this.state.retryPending(item.id);
      else {
        this.state.addPending({ clientMsgId: item.id, conv: item.conv, text: item.text, ts: item.ts, ...(item.replyTo !== undefined && { replyTo: item.replyTo }) });
        // An encrypted one was saved as its envelope: show the text it carries, read on this device.
        const me = this.state.me;
        if (item.e2e !== undefined && me) {
          void this.dms.restoredText(item, me).then((text) => text !== null && this.state.setPendingText(item.id, text)).catch(() => {});
        }
      }
      this.track(item.id, done);
    }
  }

  private async change(change: OutboxChange): Promise<void> {
    const client = this.context.requireClient();
    const online = client.state === 'online';
    const { done } = client.change(change);
    if (online) await this.applyChange(change, await done);
    else this.followQueued(change, done);
  }

  private followQueued(change: OutboxChange, done: Promise<Message>): void {
    done.then(
      (message) => void this.applyChange(change, message),
      (error: unknown) => {
        const what = change.kind === 'edit' ? 'Your edit' : change.kind === 'delete' ? 'Your deletion' : 'Your reaction';
        const code = error instanceof ChatError ? error.code : 'error';
        if (code !== 'closed') this.state.setBanner({ code, text: `${what} made offline was not applied: ${describeError(error)}` });
      },
    );
  }

  private async applyChange(change: OutboxChange, message: Message): Promise<void> {
    if (this.dms.active) [message] = (await this.context.reveal([message], change.kind === 'edit')) as [Message];
    const me = this.state.me;
    const by = { id: me?.id ?? message.from, name: me?.name ?? message.fromName };
    const detail =
      change.kind === 'edit'
        ? ({ kind: 'edit', by: { id: message.from, name: message.fromName } } as const)
        : change.kind === 'delete'
          ? ({ kind: 'delete', by } as const)
          : ({ kind: 'reaction', by, emoji: change.emoji, added: change.on } as const);
    this.state.applyEvent({ seq: message.seq, type: 'message.updated', message, change: detail });
    // A reply only in a thread is not in the conversation's list: the thread panel shows the change at once too.
    this.state.applyThreadMessageUpdate(message);
  }
}
