// Which protocol request carries each kind of outbox entry (outbox-store.ts):
// a message is sent with `send` under its client id (so a retry is stored
// once; an encrypted DM's envelope goes as queued, with text ""), an edit, deletion or reaction with its own request; each answers with
// the message's new state. ChatClient's outbox flush uses it; it lives apart
// so that the mapping from outbox items to requests is in one small place.
import type { Message, ReplyData, RequestParams, RequestType } from './protocol/frames.js';
import type { OutboxItem } from './outbox-store.js';

/** What sends a request and resolves with the host's validated reply (ChatClient). */
export interface Requester {
  request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<ReplyData<T>>;
}

/** Sends one outbox entry; resolves with the message as the host now has it. */
export async function requestForOutboxItem(client: Requester, item: OutboxItem): Promise<Message> {
  switch (item.kind) {
    case 'send':
      return (
        await client.request('send', {
          conv: item.conv,
          clientMsgId: item.id,
          text: item.text,
          ...(item.replyTo !== undefined && { replyTo: item.replyTo }),
          ...(item.e2e !== undefined && { e2e: item.e2e }),
          ...(item.threadRoot !== undefined && { threadRoot: item.threadRoot }),
          ...(item.alsoToChannel !== undefined && { alsoToChannel: item.alsoToChannel }),
        })
      ).message;
    case 'edit':
      return (await client.request('message.edit', { seq: item.seq, text: item.text, ...(item.e2e !== undefined && { e2e: item.e2e }) })).message;
    case 'delete':
      return (await client.request('message.delete', { seq: item.seq })).message;
    case 'react':
      return (await client.request('react', { seq: item.seq, emoji: item.emoji, on: item.on })).message;
  }
}
