// The DNS-SD record a session is announced with on the LAN (PROTOCOL.md,
// "Discovery"): service type `_parley._tcp`, and a TXT record holding what a
// joiner needs before connecting — never a secret. This is the executable copy
// of that section; change the two together. The Node side (publishing with
// bonjour-service, instance names, reading answers) is in src-main/discovery.
import { z } from 'zod';

/** The DNS-SD service type: instances are `<name>._parley._tcp.local`. */
export const MDNS_SERVICE_TYPE = 'parley';

/** DNS-SD (RFC 6763 §6.1): one TXT string, `key=value`, is at most 255 bytes. */
export const MAX_TXT_STRING_BYTES = 255;

const utf8 = new TextEncoder();

/** Length of `text` in UTF-8, the encoding of TXT strings. */
export function utf8ByteLength(text: string): number {
  return utf8.encode(text).length;
}

/**
 * The TXT record of a session. Every value is a string (TXT has no other
 * type); keys not listed are ignored, so later versions may add some.
 */
export const sessionTxtRecord = z
  .object({
    /** Protocol version (PROTOCOL_VERSION), decimal. */
    v: z.string(),
    /** The session's id (GET /api/session `id`). */
    id: z.string(),
    /** The session's name as people see it; shortened to fit one TXT string. */
    name: z.string(),
    /** People signed in now, decimal. */
    online: z.string().regex(/^\d+$/),
    /** "1" when joining needs the session passcode (the passcode itself is never sent). */
    passcode: z.enum(['0', '1']),
    /** The session identity (src-shared/session-identity.ts): 64 hex digits; absent for a host run with --plain. */
    fp: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .superRefine((txt, ctx) => {
    for (const [key, value] of Object.entries(txt)) {
      if (utf8ByteLength(`${key}=${value}`) > MAX_TXT_STRING_BYTES) {
        ctx.addIssue({ code: 'custom', path: [key], message: `TXT entry ${key} is longer than ${MAX_TXT_STRING_BYTES} bytes` });
      }
    }
  });

export type SessionTxtRecord = z.infer<typeof sessionTxtRecord>;

/**
 * A received TXT record, checked: null when it is not a usable Parley
 * session's. Beyond the schema a joiner also ignores a record whose `v` is
 * not a number, or whose `id` or `name` is blank.
 */
export function parseSessionTxt(txt: unknown): (SessionTxtRecord & { protocol: number }) | null {
  const result = sessionTxtRecord.safeParse(txt);
  if (!result.success) return null;
  const protocol = Number(result.data.v);
  if (!/^\d{1,6}$/.test(result.data.v) || !Number.isSafeInteger(protocol)) return null;
  if (result.data.id.trim() === '' || result.data.name.trim() === '') return null;
  return { ...result.data, protocol };
}
