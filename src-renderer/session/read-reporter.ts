// Tells the host how far I have read each conversation (`read`), so that my
// other devices drop their unread counts and a DM peer sees "Seen". Only what
// is on screen counts — the open conversation, in a focused window, at its
// newest messages — and at most one report per READ_REPORT_INTERVAL_MS per
// conversation.
import { READ_REPORT_INTERVAL_MS } from '../../src-shared/limits.js';
import { NO_HISTORY } from '../store/conversations-slice.js';
import type { FocusSource } from './focus-source.js';
import type { SessionContext } from './session-context.js';

export class ReadReporter {
  /** conv → the last `read` sent: when, and up to which seq. */
  private readonly sent = new Map<string, { at: number; seq: number }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly context: SessionContext,
    private readonly focus: FocusSource,
  ) {}

  /**
   * The newest messages of `conv` are on screen (the list calls this): when
   * it is the open conversation and the window has focus, tell the host how
   * far I have read — at most every READ_REPORT_INTERVAL_MS per conversation
   * (a later call inside the interval is sent when it ends).
   */
  report(conv: string, now = Date.now()): void {
    const client = this.context.client();
    const state = this.context.store.getState();
    const me = state.me;
    if (!client || client.state !== 'online' || !me) return;
    if (state.active !== conv || !this.focus.isFocused()) return;
    if ((state.history[conv] ?? NO_HISTORY).hasNewer) return; // reading old messages after a jump
    const held = state.messages[conv];
    const latest = held?.[held.length - 1]?.seq;
    if (latest === undefined || latest <= (state.readSeq[conv] ?? 0)) return;
    const sent = this.sent.get(conv);
    if (sent && sent.seq >= latest) return;
    const wait = sent ? sent.at + READ_REPORT_INTERVAL_MS - now : 0;
    if (wait > 0) {
      if (!this.timers.has(conv)) {
        this.timers.set(
          conv,
          setTimeout(() => {
            this.timers.delete(conv);
            this.report(conv);
          }, wait),
        );
      }
      return;
    }
    this.send(conv, latest, now);
  }

  /**
   * Escape (as in Slack): everything held in `conv` is read now, wherever the
   * list is scrolled and without waiting for the interval — the person said so.
   */
  markRead(conv: string, now = Date.now()): void {
    const client = this.context.client();
    const state = this.context.store.getState();
    if (!client || client.state !== 'online' || !state.me) return;
    const held = state.messages[conv];
    const latest = held?.[held.length - 1]?.seq;
    if (latest === undefined || latest <= (state.readSeq[conv] ?? 0)) return;
    if ((this.sent.get(conv)?.seq ?? 0) >= latest) return;
    this.send(conv, latest, now);
  }

  private send(conv: string, seq: number, now: number): void {
    const client = this.context.client();
    const me = this.context.store.getState().me;
    if (!client || !me) return;
    this.sent.set(conv, { at: now, seq });
    client.request('read', { conv, seq }).then(
      (reply) => {
        if (this.context.client() === client) this.context.store.getState().applyRead({ conv: reply.conv, user: me.id, seq: reply.seq });
      },
      () => {
        // Not sent (connection lost…): the next call tries again.
        if (this.sent.get(conv)?.seq === seq) this.sent.delete(conv);
      },
    );
  }

  /** Forgets what was sent and drops the waiting reports (the client is going away). */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.sent.clear();
  }
}
