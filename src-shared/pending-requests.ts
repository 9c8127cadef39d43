// The client's table of requests awaiting the host's answer (chat-client.ts).
// Every request gets an id; the host's reply or error frame names it (`re`),
// and the matching entry is settled — a reply validated against the request
// type's schema, an error turned into a ChatError — or rejected with 'timeout'
// when no answer comes in time, or all at once when the connection is lost.
// It exists apart from the client so that request bookkeeping (ids, timers,
// validation) is one small piece, not spread through connection handling.
import { replySchemas, type ErrorFrame, type RequestType } from './protocol/frames.js';
import { ChatError } from './chat-client-types.js';

interface PendingRequest {
  type: RequestType;
  resolve: (value: unknown) => void;
  reject: (error: ChatError) => void;
  timer: unknown;
}

export class PendingRequests {
  private readonly pending = new Map<string, PendingRequest>();
  private nextId = 1;

  /**
   * Registers a request under a fresh id and hands the id to `send`, which
   * writes the frame. `onReply` runs synchronously when the reply is handled,
   * before any later frame, and before the promise's own handlers.
   */
  open<R>(type: RequestType, timeoutMs: number, send: (id: string) => void, onReply?: (data: R) => void): Promise<R> {
    const id = String(this.nextId++);
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ChatError('timeout', `The host did not answer ${type} within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      const settle = (value: unknown) => {
        onReply?.(value as R);
        resolve(value as R);
      };
      this.pending.set(id, { type, resolve: settle, reject, timer });
      send(id);
    });
  }

  /** A reply frame: settles the request it answers, if still waiting. */
  reply(re: string, data: unknown): void {
    const request = this.take(re);
    if (!request) return;
    const parsed = replySchemas[request.type].safeParse(data);
    if (parsed.success) request.resolve(parsed.data);
    else request.reject(new ChatError('bad_reply', `The host's answer to ${request.type} was not understood (${parsed.error.issues[0]?.message}).`));
  }

  /** An error frame: rejects the request it answers; false if it answers none (a notice). */
  error(frame: ErrorFrame): boolean {
    const request = frame.re === undefined ? undefined : this.take(frame.re);
    if (!request) return false;
    request.reject(new ChatError(frame.code, frame.message, frame.field, frame.retryAfterMs));
    return true;
  }

  /** Rejects every waiting request (the connection was lost, or the client closed). */
  failAll(error: ChatError): void {
    for (const [, request] of this.pending) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.pending.clear();
  }

  private take(id: string): PendingRequest | undefined {
    const request = this.pending.get(id);
    if (!request) return undefined;
    this.pending.delete(id);
    clearTimeout(request.timer);
    return request;
  }
}
