// My messages and my changes to messages: sending (a pending row until the
// host acknowledges, Retry or Discard when refused), typing notices while I
// write, and editing, deleting and reacting.
//
// A message I send is applied once, at its acknowledgement (`track`): the
// store's applySent is its `message` event applied early, so the echoed event
// finds the seq held and changes nothing. The client's 'sent' notice carries
// the same message and is not listened to.
import { TYPING_NOTICE_INTERVAL_MS } from '../../src-shared/limits.js';
import type { Message } from '../../src-shared/protocol/frames.js';
import { describeError } from './describe-error.js';
import type { MessageHistory } from './message-history.js';
import type { SessionContext } from './session-context.js';

export class MessageSender {
  /** conv → when the last typing notice went out. */
  private readonly typingSentAt = new Map<string, number>();

  constructor(
    private readonly context: SessionContext,
    private readonly history: MessageHistory,
  ) {}

  private get state() {
    return this.context.store.getState();
  }

  send(conv: string, text: string, options: { replyTo?: number } = {}): void {
    const client = this.context.client();
    if (!client || text.trim().length === 0) return;
    const { clientMsgId, done } = client.send(conv, text, undefined, options);
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
    this.state.retryPending(clientMsgId);
    this.track(clientMsgId, client.send(pending.conv, pending.text, clientMsgId, pending.replyTo !== undefined ? { replyTo: pending.replyTo } : {}).done);
  }

  discard(clientMsgId: string): void {
    this.state.discardPending(clientMsgId);
  }

  /** Applies the message when the host acknowledges it (a shared file's is applied by FileSharing's uploader, the same way), or marks it failed. */
  private track(clientMsgId: string, done: Promise<Message>): void {
    done.then(
      (message) => this.state.applySent(message),
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

  /** Replaces the text of one of my messages. Rejects with the host's error for the editor to show. */
  async edit(seq: number, text: string): Promise<void> {
    const { message } = await this.context.requireClient().request('message.edit', { seq, text });
    this.state.applyEvent({ seq: message.seq, type: 'message.updated', message, change: { kind: 'edit', by: { id: message.from, name: message.fromName } } });
  }

  /** Deletes a message (mine, or anyone's as an admin). */
  async delete(seq: number): Promise<void> {
    const { message } = await this.context.requireClient().request('message.delete', { seq });
    const by = this.state.me;
    this.state.applyEvent({ seq: message.seq, type: 'message.updated', message, change: { kind: 'delete', by: { id: by?.id ?? message.from, name: by?.name ?? '' } } });
  }

  /** Adds (on) or removes my reaction. */
  async react(seq: number, emoji: string, on: boolean): Promise<void> {
    const { message } = await this.context.requireClient().request('react', { seq, emoji, on });
    const by = this.state.me;
    this.state.applyEvent({ seq: message.seq, type: 'message.updated', message, change: { kind: 'reaction', by: { id: by?.id ?? 0, name: by?.name ?? '' }, emoji, added: on } });
  }
}
