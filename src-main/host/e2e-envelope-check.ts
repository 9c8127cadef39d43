// What the host checks of an end-to-end encrypted DM (PROTOCOL.md,
// "End-to-end encrypted DMs"): only the envelope's cleartext header, cheaply.
// It cannot read the content and does not verify the signature (the
// receiving devices do, against the keys they hold); it refuses what no
// honest client would send, so that a confused or hostile client cannot
// store an envelope under another conversation, message or sender:
//   - e2e only in a DM, and then with text "" (the host never gets both);
//   - at most E2E_MAX_ENVELOPE_BYTES of JSON, of the envelope's shape;
//   - conversationId = the DM's key, messageId = the message's clientMsgId,
//     senderUserId = the sender, senderDeviceId = one of the sender's
//     published devices;
//   - recipients: published devices of the DM's two people only.
import { E2E_MAX_ENVELOPE_BYTES } from '../../src-shared/limits.js';
import { dmEnvelopeSchema } from '../../src-shared/e2e/dm-envelope-format.js';
import type { Conversation } from './conversation-access.js';
import type { DeviceStore } from './database/device-store.js';
import { RequestError } from './request-error.js';

/** The fields of a request that may carry an envelope. */
export interface E2eFields {
  text: string | undefined;
  e2e: string | undefined;
}

/** An envelope may come only in a DM, and never together with text. Call before anything is written. */
export function checkE2eFields(conv: Conversation, fields: E2eFields): void {
  if (fields.e2e === undefined) return;
  if (conv.kind !== 'dm') {
    throw new RequestError('invalid_field', 'End-to-end encryption is for direct messages; send channel messages without e2e.', 'e2e');
  }
  if (fields.text !== undefined && fields.text !== '') {
    throw new RequestError('invalid_field', 'An encrypted message carries its text inside e2e: send text as "".', 'text');
  }
}

/** What the envelope must name. */
export interface EnvelopeExpectation {
  conv: Conversation & { kind: 'dm' };
  /** The message's clientMsgId. */
  messageId: string;
  senderId: number;
}

const refuse = (message: string): never => {
  throw new RequestError('envelope_invalid', message, 'e2e');
};

/** Checks the envelope's cleartext header against its conversation, message, sender and the published devices. */
export function checkEnvelope(text: string, expected: EnvelopeExpectation, devices: DeviceStore): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > E2E_MAX_ENVELOPE_BYTES) refuse(`An encrypted message can be at most ${E2E_MAX_ENVELOPE_BYTES} bytes; this one has ${bytes}. Shorten it, or send it as a file.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    refuse('e2e is not JSON: send the envelope encryptDm made, as JSON text.');
  }
  const parsed = dmEnvelopeSchema.safeParse(json);
  if (!parsed.success) refuse('e2e is not an envelope of version 1 (see dm-envelope-format.ts); update the app.');
  const envelope = parsed.data!;
  const { conv, messageId, senderId } = expected;
  if (envelope.conversationId !== conv.key) refuse(`The envelope is for conversation ${envelope.conversationId}, not ${conv.key}: encrypt it for this one.`);
  if (envelope.messageId !== messageId) refuse('The envelope names another message id than clientMsgId: encrypt it with the same id.');
  if (envelope.senderUserId !== String(senderId)) refuse('The envelope names another sender: encrypt it with your own device.');
  if (!devices.get(senderId, envelope.senderDeviceId)) refuse('The envelope comes from a device you have not published: publish it first (device.publish).');
  const people = new Set(conv.userIds.map(String));
  for (const recipient of envelope.recipients) {
    if (!people.has(recipient.userId)) refuse('The envelope is encrypted to someone outside this conversation: encrypt it to the two of you only.');
    if (!devices.get(Number(recipient.userId), recipient.deviceId)) {
      refuse(`The envelope is encrypted to a device that is not published (${recipient.deviceId}): fetch devices.list and encrypt again.`);
    }
  }
}
