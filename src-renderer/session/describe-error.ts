import { ChatError } from '../../src-shared/chat-client.js';

/** What a person reads for any error (ChatError's messages are written for people). */
export function describeError(error: unknown): string {
  if (error instanceof ChatError || error instanceof Error) return error.message;
  return String(error);
}
