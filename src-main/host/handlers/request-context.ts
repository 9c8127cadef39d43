// What every request handler gets: the signed-in connection and its frame,
// and the host's parts. Handlers are grouped by domain (message-handlers.ts,
// channel-handlers.ts, …); each is a plain function of (conn, frame) that
// checks, then writes through `commitThenReply` (or answers from memory).
// Knowing one handler is enough to write the next by analogy.
import type { RequestFrame, RequestType } from '../../../src-shared/protocol/frames.js';
import type { CommitBatcher } from '../commit-batcher.js';
import type { ConversationAccess } from '../conversation-access.js';
import type { SessionDatabase } from '../database/session-database.js';
import type { FanOut } from '../fan-out.js';
import type { FileStore } from '../file-store.js';
import type { FileUploads } from '../file-uploads.js';
import type { HostConnection, SignedInUser } from '../host-connection.js';
import type { MessageWriter } from '../message-writer.js';
import { replyError } from '../request-error.js';
import type { SeqCounter } from '../seq-counter.js';
import type { SessionState } from '../session-state.js';

export interface HostParts {
  db: SessionDatabase;
  state: SessionState;
  access: ConversationAccess;
  seq: SeqCounter;
  batcher: CommitBatcher;
  messages: MessageWriter;
  fanOut: FanOut;
  uploads: FileUploads;
  store: FileStore;
  ticketKey: Buffer;
  log: (line: string) => void;
}

export type SignedInConnection = HostConnection & { user: SignedInUser };

/** Requests answered before sign-in (by the dispatcher and sign-in.ts), not by handlers. */
export type PreSignInType = 'signin' | 'resume' | 'ping';
export type HandledType = Exclude<RequestType, PreSignInType>;

export type Handler<T extends HandledType> = (conn: SignedInConnection, frame: Extract<RequestFrame, { type: T }>) => void;
export type Handlers<K extends HandledType> = { [T in K]: Handler<T> };

/** What happens once a handler's write has committed, in this order. */
export interface AfterCommit<T> {
  /** Brings the host's memory in step with what was committed (membership, flags). */
  apply?: (value: T) => void;
  /** The reply's data. */
  reply: (value: T) => unknown;
  /** Tells everyone else (fan-out). */
  publish?: (value: T) => void;
}

/**
 * The one write path of a handler: `write` runs inside the next batch (its
 * seq numbers and rows rolled back if it throws); once the batch committed,
 * memory is updated, the request answered and the change published. If the
 * write or the commit fails, the request is answered with the error and
 * nothing else happens.
 */
export function commitThenReply<T>(parts: HostParts, conn: HostConnection, re: string, write: () => T, then: AfterCommit<T>): void {
  parts.batcher.run(write, (result) => {
    if (!result.ok) return replyError(conn, re, result.error, parts.log);
    then.apply?.(result.value);
    conn.reply(re, then.reply(result.value));
    then.publish?.(result.value);
  });
}

/** The same for work that is asynchronous (file checks on disk): answers when `work` settles. */
export function replyWhenDone<T>(parts: HostParts, conn: HostConnection, re: string, work: Promise<T>, then: AfterCommit<T>): void {
  work.then(
    (value) => {
      then.apply?.(value);
      conn.reply(re, then.reply(value));
      then.publish?.(value);
    },
    (error: unknown) => replyError(conn, re, error, parts.log),
  );
}
