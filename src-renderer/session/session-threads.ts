// Threads in the renderer (PROTOCOL.md, "Threads"): opening one in the side
// panel (its replies from `thread.history`, older pages on demand), replying
// in it — a normal `send` with `threadRoot`, so in a DM it can ride the same
// encrypted path as any DM text — and telling the host what I have read
// (`thread.read`). Events are routed here by ChatSession.onEvent.
import { THREAD_PAGE_DEFAULT } from '../../src-shared/limits.js';
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

  /** Replies in the open thread; `alsoToChannel` shows it in the conversation too. Resolves when the host stored it. */
  async reply(text: string, alsoToChannel: boolean): Promise<void> {
    const open = this.state.openThread;
    if (!open || text.trim() === '') return;
    const client = this.context.requireClient();
    const thread = { threadRoot: open.root, ...(alsoToChannel && { alsoToChannel: true }) };
    const { done } = this.dms?.encrypts(open.conv) ? await this.dms.send(open.conv, text, thread) : client.send(open.conv, text, undefined, thread);
    const [message] = await this.context.reveal([await done], false);
    if (!message) return;
    this.state.applyThreadReply(message);
    if (message.alsoToChannel) this.state.applySent(message);
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
