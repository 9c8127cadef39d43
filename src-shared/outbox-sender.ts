// Sending the outbox (outbox.ts) over the connection, for ChatClient: in
// order, at most OUTBOX_MAX_IN_FLIGHT unacknowledged at once (below the host's
// burst), so a long outbox after a reconnect is paced by acknowledgements
// instead of tripping the host's flood guard. What the host answers decides
// what happens to an entry: acknowledged → done; connection lost → it goes
// again after the reconnect; not stored / no answer → tried again shortly (the
// same clientMsgId makes a retry safe; changes are idempotent); refused for
// good (too long, not a member, deleted meanwhile…) → dropped, and the caller
// is told.
import { OUTBOX_MAX_IN_FLIGHT } from './limits.js';
import type { ChatError } from './chat-client-types.js';
import type { Outbox } from './outbox.js';
import { requestForOutboxItem, type Requester } from './outbox-requests.js';
import type { Message } from './protocol/frames.js';

export interface OutboxSenderDeps {
  requester: Requester;
  /** Signed in, events flowing: only then does anything go out. */
  isOnline(): boolean;
  /** Calls `retry` shortly (ConnectionTimers.retrySoon). */
  retrySoon(retry: () => void): void;
  /** A message left the outbox, acknowledged (ChatClient's 'sent'). */
  sent(message: Message): void;
}

export class OutboxSender {
  constructor(
    private readonly outbox: Outbox,
    private readonly deps: OutboxSenderDeps,
  ) {}

  /** Sends what may go now; called on every change that could let more go. */
  flush(): void {
    if (!this.deps.isOnline()) return;
    for (const entry of this.outbox.takeSendable(OUTBOX_MAX_IN_FLIGHT)) {
      requestForOutboxItem(this.deps.requester, entry.item).then(
        (message) => {
          this.outbox.remove(entry);
          entry.resolve(message);
          if (entry.item.kind === 'send') this.deps.sent(message);
          this.flush();
        },
        (error: ChatError) => {
          entry.inFlight = false;
          if (error.code === 'disconnected' || error.code === 'closed') return;
          if (error.code === 'timeout' || error.code === 'server_error') {
            this.deps.retrySoon(() => this.flush());
            return;
          }
          this.outbox.remove(entry);
          entry.reject(error);
          this.flush();
        },
      );
    }
  }
}
