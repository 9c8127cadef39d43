// The IPC contract's shapes of trust: which session main found at an address (ipc-contract.ts has the channels).
import { z } from 'zod';
import { SESSION_NAME_MAX_CHARS } from '../limits.js';

// ---------------------------------------------------------------- trust (desktop: main checks each host's identity)

export const fingerprint = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * What main found at a session's address before anything is sent to it
 * (src-main/trust/session-trust.ts). The renderer shows the code and, for a
 * first contact, asks the person to confirm (trust:accept); for a changed
 * identity it shows what happened and connects nowhere.
 */
export const trustCheck = z.discriminatedUnion('status', [
  /** Remembered for this address, or what the person / discovery expected: connect. */
  z.object({ status: z.literal('trusted'), address: z.string(), fingerprint, code: z.string() }),
  /** Never seen and nothing expected: show the code and ask; trust:accept remembers it. */
  z.object({ status: z.literal('first-contact'), address: z.string(), fingerprint, code: z.string() }),
  /**
   * Another identity than the one trusted for this address or session
   * (`why`: remembered at the address, expected by the person, or remembered
   * for the same session id elsewhere — a spoofed announcement). Nothing was sent.
   */
  z.object({
    status: z.literal('changed'),
    address: z.string(),
    fingerprint,
    code: z.string(),
    trustedCode: z.string(),
    why: z.enum(['remembered', 'expected', 'session']),
    message: z.string(),
  }),
  /** A ws:// host (run with --plain): nothing to check, and nothing is encrypted. */
  z.object({ status: z.literal('plain'), address: z.string() }),
]);
export type TrustCheck = z.infer<typeof trustCheck>;

export const trustCheckRequest = z.object({
  url: z.string().max(512).regex(/^wss?:\/\/[^/?#\s]+\/ws$/, 'expected wss://host:port/ws'),
  /** A fingerprint (64 hex) or session code (20 hex digits, any spacing) the session must have. */
  expected: z.string().max(100).optional(),
  /**
   * Where `expected` came from: the person (typed code, share link/QR, their
   * own hosted session) overrides what was remembered for the address;
   * discovery (an unauthenticated mDNS record) must also agree with it.
   */
  expectedFrom: z.enum(['person', 'discovery']).optional(),
  /** The session id from discovery: a different identity remembered for the same id is refused too. */
  sessionId: z.string().max(128).optional(),
  sessionName: z.string().max(SESSION_NAME_MAX_CHARS).optional(),
});
export type TrustCheckRequest = z.infer<typeof trustCheckRequest>;

/** trust:follow: the session joined at `from` was announced at `to` with the same id and identity (src-shared/session-rediscovery.ts). */
export const trustFollowRequest = z.object({
  from: trustCheckRequest.shape.url,
  to: trustCheckRequest.shape.url,
  sessionId: z.string().min(1).max(128),
  sessionName: z.string().max(SESSION_NAME_MAX_CHARS).optional(),
});
export type TrustFollowRequest = z.infer<typeof trustFollowRequest>;
export const trustFollow = z.object({ address: z.string(), code: z.string() });
export type TrustFollow = z.infer<typeof trustFollow>;
