// Threads in the renderer (PROTOCOL.md, "Threads"): opening one in the side
// panel (its replies from `thread.history`, older pages on demand), replying
// in it — a normal `send` with `threadRoot` (shown "Sending…" until stored,
// with Retry when refused, as a conversation's own pending messages), so in a DM it can ride the same
// encrypted path as any DM text — and telling the host what I have read
// (`thread.read`). Events are routed here by ChatSession.onEvent.
import { THREAD_PAGE_DEFAULT } from '../../src-shared/limits.js';
import type { RestoredEntry } from '../../src-shared/outbox.js';
import type { ChatEvent, Message } from '../../src-shared/protocol/frames.js';
import { describeError } from './describe-error.js';
import type { EncryptedDms } from './encrypted-dms.js';
import type { SessionContext } from './session-context.js';

export class SessionThreads {
  constructor(
    private readonly context: SessionContext,
    /** A reply in a DM thread is encrypted like any DM text (never sent in plain text). */
    private readonly dms: EncryptedDms | null = null,
  ) {}

  private get state() {
    return this.context.store.getState();
  }

  /** Opens the thread of `root` in the panel and loads its newest replies. */
  async open(conv: string, root: number): Promise<void> {
    this.state.showThread(conv, root);
    await this.load(conv, root);
  }

  /** The next older page of the open thread. */
  async more(): Promise<void> {
    const open = this.state.openThread;
    const oldest = open && this.state.threadReplies[open.root]?.[0]?.seq;
    if (!open || open.loading || !open.hasMore || oldest == null) return;
    await this.load(open.conv, open.root, oldest);
  }

  private async load(conv: string, root: number, before?: number): Promise<void> {
    this.state.setThreadLoading(root, true);
    try {
      const page = await this.context.requireClient().request('thread.history', { conv, root, limit: THREAD_PAGE_DEFAULT, ...(before !== undefined && { before }) });
      // A DM thread's root and replies are opened on this device first.
      const [rootShown, ...messages] = await this.context.reveal([page.root, ...page.messages], false);
      this.state.applyThreadPage({ ...page, root: rootShown!, messages });
      if (before === undefined) void this.markRead();
    } catch (error) {
      this.state.setThreadLoading(root, false, describeError(error));
    }
  }

  /**
   * Replies in the open thread; `alsoToChannel` shows it in the conversation
   * too, `replyTo` quotes a message of the thread. Resolves once it is on its
   * way: a "Sending…" row shows it until the host has stored it, then "Not
   * sent" with Retry / Discard if the host refuses it (as a conversation's
   * pending messages). Rejects only when it could not be sent at all (an
   * encrypted DM with nobody to encrypt to): the caller keeps the draft.
   */
  async reply(text: string, alsoToChannel: boolean, replyTo?: number): Promise<void> {
    const open = this.state.openThread;
    if (!open || text.trim() === '') return;
    await this.sendReply({ conv: open.conv, root: open.root, text, alsoToChannel, ...(replyTo !== undefined && { replyTo }) });
  }

  /** Sends a refused reply again: the same client id (stored once), or — encrypted — afresh. */
  retry(clientMsgId: string): void {
    const pending = Object.values(this.state.threadPending).flat().find((p) => p.clientMsgId === clientMsgId);
    const client = this.context.client();
    if (!pending || !client) return;
    if (this.dms?.encrypts(pending.conv)) {
      this.sendReply(pending).then(
        () => this.state.removeThreadPending(clientMsgId),
        (error: unknown) => this.state.setThreadPendingStatus(clientMsgId, describeError(error)),
      );
      return;
    }
    this.state.setThreadPendingStatus(clientMsgId, null);
    this.track(clientMsgId, client.send(pending.conv, pending.text, clientMsgId, this.sendOptions(pending)).done);
  }

  discard(clientMsgId: string): void {
    this.state.removeThreadPending(clientMsgId);
  }

  /**
   * Shows again, and follows, the thread replies a reload or restart left in
   * the saved outbox: "Sending…" under their thread's replies (not in the
   * conversation's list), then in the thread once stored — and in the
   * conversation too only when sent also to it.
   */
  restore(entries: readonly RestoredEntry[]): void {
    for (const { item, done } of entries) {
      if (item.kind !== 'send' || item.threadRoot === undefined) continue;
      const shown = Object.values(this.state.threadPending).flat().some((p) => p.clientMsgId === item.id);
      if (shown) this.state.setThreadPendingStatus(item.id, null);
      else {
        const reply = { clientMsgId: item.id, conv: item.conv, root: item.threadRoot, text: item.text, ts: item.ts, alsoToChannel: item.alsoToChannel === true };
        this.state.addThreadPending({ ...reply, ...(item.replyTo !== undefined && { replyTo: item.replyTo }) });
        // An encrypted one was saved as its envelope: show the text it carries, read on this device.
        const me = this.state.me;
        if (item.e2e !== undefined && me && this.dms) {
          void this.dms.restoredText(item, me).then((text) => text !== null && this.state.setThreadPendingText(item.id, text)).catch(() => {});
        }
      }
      this.track(item.id, done);
    }
  }

  private sendOptions(reply: { root: number; alsoToChannel: boolean; replyTo?: number }) {
    return { threadRoot: reply.root, ...(reply.alsoToChannel && { alsoToChannel: true }), ...(reply.replyTo !== undefined && { replyTo: reply.replyTo }) };
  }

  private async sendReply(reply: { conv: string; root: number; text: string; alsoToChannel: boolean; replyTo?: number }): Promise<void> {
    const client = this.context.requireClient();
    const options = this.sendOptions(reply);
    const { clientMsgId, done } = this.dms?.encrypts(reply.conv) ? await this.dms.send(reply.conv, reply.text, options) : client.send(reply.conv, reply.text, undefined, options);
    this.state.addThreadPending({ clientMsgId, conv: reply.conv, root: reply.root, text: reply.text, ts: Date.now(), alsoToChannel: reply.alsoToChannel, ...(reply.replyTo !== undefined && { replyTo: reply.replyTo }) });
    this.track(clientMsgId, done);
  }

  /** The reply goes in when the host acknowledges it (replacing its pending row), or its row says why not. */
  private track(clientMsgId: string, done: Promise<Message>): void {
    done
      .then(async (stored) => {
        const [message] = await this.context.reveal([stored], false);
        if (!message) return;
        this.state.applyThreadReply(message);
        if (message.alsoToChannel) this.state.applySent(message);
        this.state.removeThreadPending(clientMsgId);
      })
      .catch((error: unknown) => this.state.setThreadPendingStatus(clientMsgId, describeError(error)));
  }

  /** I have read the open thread up to its newest reply held (the host moves my position forward only). */
  async markRead(): Promise<void> {
    const open = this.state.openThread;
    if (!open) return;
    const newest = this.state.threadReplies[open.root]?.at(-1)?.seq ?? open.root;
    const known = this.state.threadStates[open.root];
    if (known && known.unread === 0 && known.readSeq >= newest) return;
    try {
      this.state.applyThreadState(await this.context.requireClient().request('thread.read', { conv: open.conv, root: open.root, seq: newest }));
    } catch {
      // Not read on the host: the unread mark stays, which is honest.
    }
  }

  /** Routes a thread event: true when it was only about threads (the conversation's list takes no part). */
  applyEvent(event: ChatEvent): boolean {
    if (event.type === 'thread.reply') {
      this.state.applyThreadReply(event.message);
      if (this.state.openThread?.root === event.message.threadRoot) void this.markRead();
      return true;
    }
    if (event.type === 'message' && event.message.threadRoot !== undefined) this.state.applyThreadReply(event.message);
    if (event.type === 'message.updated') this.state.applyThreadMessageUpdate(event.message);
    return false;
  }

  close(): void {
    this.state.closeThread();
  }
}

/** "1 reply", "3 replies". */
export const repliesLabel = (count: number) => `${count} ${count === 1 ? 'reply' : 'replies'}`;

/** A root's summary for its button, as a person reads it. */
export function threadSummaryLabel(message: Message): string | null {
  return message.thread ? repliesLabel(message.thread.replies) : null;
}
