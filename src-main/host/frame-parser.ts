// Turns raw WebSocket data into a validated request frame, or into the error
// the host answers with. Pure: never throws, whatever the input.
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../../src-shared/limits.js';
import { requestSchemas, type RequestFrame, type RequestType } from '../../src-shared/protocol/frames.js';
import type { ErrorCode } from '../../src-shared/protocol/error-codes.js';

export interface FrameError {
  code: ErrorCode;
  message: string;
  re?: string;
  field?: string;
}

export type ParseResult = { ok: true; frame: RequestFrame } | { ok: false; error: FrameError };

const fail = (code: ErrorCode, message: string, re?: string, field?: string): ParseResult => ({
  ok: false,
  error: { code, message, ...(re !== undefined && { re }), ...(field !== undefined && { field }) },
});

export function parseClientFrame(data: Buffer | string, isBinary: boolean): ParseResult {
  const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (size > MAX_FRAME_BYTES) {
    return fail('frame_too_large', `Frames can be at most ${MAX_FRAME_BYTES} bytes; this one has ${size}. Files go over HTTP, not as chat frames.`);
  }
  if (isBinary) return fail('bad_frame', 'Frames are UTF-8 JSON text; binary frames are not accepted.');
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return fail('bad_frame', 'That frame is not valid JSON. Send one JSON object per frame.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('bad_frame', 'A frame must be a JSON object like {"v":1,"type":"ping","id":"1"}.');
  }
  const obj = value as Record<string, unknown>;
  const re = typeof obj.id === 'string' && obj.id.length > 0 && obj.id.length <= 64 ? obj.id : undefined;
  if (obj.v !== PROTOCOL_VERSION) {
    if (typeof obj.v === 'number') {
      return fail('unsupported_version', `This host speaks protocol v${PROTOCOL_VERSION}, not v${obj.v}. Update the app.`, re, 'v');
    }
    return fail('invalid_field', `Every frame needs "v": ${PROTOCOL_VERSION}.`, re, 'v');
  }
  if (typeof obj.type !== 'string') return fail('invalid_field', 'Every frame needs a string "type".', re, 'type');
  if (!Object.hasOwn(requestSchemas, obj.type)) {
    return fail('unknown_type', `Unknown frame type "${obj.type.slice(0, 40)}". See PROTOCOL.md for the list.`, re, 'type');
  }
  const schema = requestSchemas[obj.type as RequestType];
  const parsed = schema.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'frame';
    return fail('invalid_field', `Field "${field}" of ${obj.type}: ${issue.message}.`, re, field);
  }
  return { ok: true, frame: parsed.data as RequestFrame };
}
