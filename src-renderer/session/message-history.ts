// The held window of each conversation's messages, filled from `history`:
// the newest page when it opens, older pages while scrolling up, a page
// around a message jumped to (a detached window, not the newest), newer
// pages from there, and back to the newest. The store applies the pages; a
// ticket per conversation drops the answer to a request that was overtaken.
import { HISTORY_PAGE_DEFAULT } from '../../src-shared/limits.js';
import { parseConversationKey } from '../../src-shared/protocol/conversations.js';
import { findBySeq, NO_HISTORY, type HistoryPageKind } from '../store/conversations-slice.js';
import { describeError } from './describe-error.js';
import type { SessionContext } from './session-context.js';

export class MessageHistory {
  /** conv → number of the latest history request; an answer to an older one is dropped (the window moved). */
  private readonly requests = new Map<string, number>();

  constructor(private readonly context: SessionContext) {}

  private get state() {
    return this.context.store.getState();
  }

  /**
   * The newest page (`older` false), the page before the oldest message held
   * (true), or the page after the newest held ('newer', in a detached window).
   */
  async load(conv: string, older: boolean | 'newer'): Promise<void> {
    const client = this.context.client();
    const state = this.state;
    const current = state.history[conv] ?? NO_HISTORY;
    if (!client || current.loading) return;
    if (older === true && (!current.loaded || !current.hasMore)) return;
    if (older === 'newer' && (!current.loaded || !current.hasNewer)) return;
    const held = state.messages[conv];
    const before = older === true ? held?.[0]?.seq : undefined;
    const after = older === 'newer' ? held?.[held.length - 1]?.seq : undefined;
    // A failure is shown by the list (history.error) with a Try again.
    await this.fetch(conv, older, { ...(before !== undefined && { before }), ...(after !== undefined && { after }) }).catch(() => {});
  }

  private async fetch(conv: string, kind: HistoryPageKind, where: { before?: number; after?: number; around?: number }): Promise<boolean> {
    const client = this.context.client();
    if (!client) return false;
    const ticket = (this.requests.get(conv) ?? 0) + 1;
    this.requests.set(conv, ticket);
    this.state.setHistoryLoading(conv, true);
    try {
      const page = await client.request('history', { conv, limit: HISTORY_PAGE_DEFAULT, ...where });
      if (this.requests.get(conv) !== ticket) return false;
      // Encrypted DMs are opened before they are shown (history: no replay check).
      page.messages = await this.context.reveal(page.messages, false);
      if (this.requests.get(conv) !== ticket) return false;
      this.state.applyHistory(conv, page, kind);
      return true;
    } catch (error) {
      if (this.requests.get(conv) === ticket) this.state.setHistoryLoading(conv, false, describeError(error));
      throw error;
    }
  }

  /**
   * Opens `conv` at message `seq` and asks its list to scroll there and flash
   * it. A message not held is fetched with the page around it (which replaces
   * the held window). Rejects with the host's error (message_not_found…).
   */
  async jumpTo(conv: string, seq: number): Promise<void> {
    const parsed = parseConversationKey(conv);
    if (!parsed) return;
    const held = this.state.messages[conv];
    if (!held || findBySeq(held, seq) < 0) {
      // Asked first, so that the list made for the new window opens at the message.
      this.state.setFocusMessage(conv, seq);
      try {
        // Fetch first: opening a conversation not loaded yet would ask for the newest page as well.
        await this.fetch(conv, 'around', { around: seq });
      } catch (error) {
        if (this.state.focusMessage?.seq === seq) this.state.clearFocusMessage();
        throw error;
      }
    }
    this.context.openConversation(conv);
    if (this.state.active !== conv) return;
    this.state.setFocusMessage(conv, seq);
  }

  /**
   * Opens the window at the first message after `afterSeq` (a conversation
   * opened with more unread messages than the newest page holds): the
   * "New messages" line then sits above the real first unread message, and
   * reading on loads the newer pages (Slack's "start at the oldest unread").
   */
  async openAtFirstUnread(conv: string, afterSeq: number): Promise<void> {
    await this.fetch(conv, 'around', { after: afterSeq }).catch(() => {});
  }

  /** Leaves a detached window (after a jump) for the newest messages. */
  async jumpToNewest(conv: string): Promise<void> {
    if (!(this.state.history[conv] ?? NO_HISTORY).hasNewer) return;
    await this.fetch(conv, false, {}).catch(() => {});
  }
}
