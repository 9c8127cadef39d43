// Files: begin an upload, offer a file directly, complete, cancel, and the
// tickets that let members download (from the host, or from the sender).
import type { ReplyData } from '../../../src-shared/protocol/frames.js';
import { checkE2eFields, checkEnvelope } from '../e2e-envelope-check.js';
import { issueOfferTicket, issueTicket, offerIdFromUrl } from '../file-tickets.js';
import { RequestError } from '../request-error.js';
import { replyWhenDone, type Handlers, type HostParts } from './request-context.js';

export function fileHandlers(parts: HostParts): Handlers<'file.begin' | 'file.offer' | 'file.direct' | 'file.complete' | 'file.cancel' | 'file.ticket'> {
  const { access, uploads, fanOut } = parts;
  return {
    'file.begin': (conn, frame) => {
      const conv = access.requireWritable(conn.user.id, frame.conv);
      if (frame.e2e !== undefined) {
        // An encrypted file: caption, real name and type are inside the envelope; a thumbnail would show the picture to the host.
        checkE2eFields(conv, { text: frame.text, e2e: frame.e2e });
        if (frame.thumbnail !== undefined) throw new RequestError('invalid_field', 'An encrypted file has no thumbnail on the host: put its preview inside the envelope.', 'thumbnail');
        if (conv.kind === 'dm') checkEnvelope(frame.e2e, { conv, messageId: frame.clientMsgId, senderId: conn.user.id }, parts.db.devices);
      }
      const clean = uploads.cleanFields(frame);
      replyWhenDone(parts, conn, frame.id, uploads.begin(conn.user.id, conv, frame, clean), { reply: (reply) => reply });
    },

    'file.offer': (conn, frame) => {
      const conv = access.requireWritable(conn.user.id, frame.conv);
      const clean = uploads.cleanFields(frame);
      const offerIds = new Set(frame.offer.urls.map(offerIdFromUrl));
      if (offerIds.size !== 1 || offerIds.has(null)) {
        throw new RequestError('invalid_field', 'Every offer URL must end in /offers/<the same offer id>.', 'offer');
      }
      replyWhenDone(parts, conn, frame.id, uploads.offer(conn.user.id, conv, frame, clean), {
        reply: (result) => result satisfies ReplyData<'file.offer'>,
        publish: ({ message, duplicate }) => {
          if (!duplicate) fanOut.message(message, conv);
        },
      });
    },

    'file.direct': (conn, frame) => {
      // The same refusals as file.ticket: a non-member learns nothing about the file.
      const row = uploads.fileById(frame.fileId);
      access.require(conn.user.id, row.conv);
      if (!row.offer || row.state === 'expired') {
        throw new RequestError('file_not_found', 'The sender does not offer this file directly; download it from the host.', 'fileId');
      }
      const { ticket, expiresAt } = issueOfferTicket(Buffer.from(row.offer.key, 'base64url'), offerIdFromUrl(row.offer.urls[0]!)!, conn.user.id);
      conn.reply(frame.id, { urls: row.offer.urls, ticket, expiresAt, identity: row.offer.identity } satisfies ReplyData<'file.direct'>);
    },

    'file.complete': (conn, frame) => {
      replyWhenDone(parts, conn, frame.id, uploads.complete(conn.user.id, frame.fileId, frame.sha256), {
        reply: (result) => result satisfies ReplyData<'file.complete'>,
        publish: ({ message, duplicate }) => {
          // The conversation is looked up again: the uploader may have left it while the bytes arrived.
          const conv = access.readable(conn.user.id, message.conv);
          if (!duplicate && conv) fanOut.message(message, conv);
        },
      });
    },

    'file.cancel': (conn, frame) => {
      replyWhenDone(parts, conn, frame.id, uploads.cancel(conn.user.id, frame.fileId), {
        reply: (fileId) => ({ fileId }) satisfies ReplyData<'file.cancel'>,
      });
    },

    'file.ticket': (conn, frame) => {
      const row = uploads.fileById(frame.fileId);
      access.require(conn.user.id, row.conv);
      if (row.state !== 'complete' || row.expiresAt === null || row.expiresAt <= Date.now()) {
        throw new RequestError('file_not_found', 'The host no longer holds this file (it expired), or it is not fully uploaded yet.', 'fileId');
      }
      const { ticket, expiresAt } = issueTicket(parts.ticketKey, row.id, conn.user.id);
      conn.reply(frame.id, { url: `/api/files/${row.id}?ticket=${ticket}`, expiresAt } satisfies ReplyData<'file.ticket'>);
    },
  };
}
