// The IPC contract's shapes of sessions found, hosted and remembered (ipc-contract.ts has the channels).
import { z } from 'zod';
import { SESSION_NAME_MAX_CHARS } from '../limits.js';

// ---------------------------------------------------------------- shared shapes

/** A session found on the LAN by mDNS (`_parley._tcp`). */
export const discoveredSession = z.object({
  /** Session id from the TXT record (stable across host restarts). */
  id: z.string(),
  name: z.string(),
  /** Host name as advertised (e.g. "alice-laptop.local"). */
  hostName: z.string(),
  /** Addresses the service resolved to, IPv4 first. */
  addresses: z.array(z.string()),
  port: z.number().int(),
  /** People online, from the TXT record (refreshed as it changes). */
  online: z.number().int().min(0),
  protocol: z.number().int(),
  /** Signing in needs the session's passcode (TXT `passcode=1`). */
  passcodeRequired: z.boolean(),
  /** The session identity from TXT `fp` (64 hex digits): what a client pins; absent for a host run with --plain. */
  identity: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** wss://ADDRESS:PORT/ws for the first address (ws:// for a --plain host, which announces no identity). */
  url: z.string(),
});
export type DiscoveredSession = z.infer<typeof discoveredSession>;

export const discoveryStatus = z.object({
  /** Browsing is running (false if mDNS could not start: say why in `problem`). */
  browsing: z.boolean(),
  problem: z.string().nullable(),
  /** The network interfaces being browsed on, so the UI can say what it sees. */
  interfaces: z.array(z.object({ name: z.string(), address: z.string() })),
  sessions: z.array(discoveredSession),
});
export type DiscoveryStatus = z.infer<typeof discoveryStatus>;

export const hostStatus = z.object({
  running: z.boolean(),
  sessionName: z.string().nullable(),
  port: z.number().int().nullable(),
  /** https://ADDRESS:PORT/ for every LAN address, for people joining from a browser. */
  urls: z.array(z.string()),
  /** wss://127.0.0.1:PORT/ws — what this app itself connects to. */
  localUrl: z.string().nullable(),
  passcodeRequired: z.boolean(),
  /** The hosted session's identity (64 hex digits): this app trusts its own session by it. */
  identity: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  /**
   * Who this app handed the session over to (issue 11): set from the moment
   * everyone moved to their computer (while this one still passes on the
   * shared files) and kept once hosting stopped, so the card can say so.
   */
  handedOverTo: z.string().nullable().optional(),
  /** The last hand-over offer made from here and how it stands (until the session moved, or hosting stopped). */
  handOverOffer: z.object({ to: z.string(), state: z.enum(['offered', 'declined']) }).nullable().optional(),
});
export type HostStatus = z.infer<typeof hostStatus>;

/** Someone the hosted session can be handed over to: online in an app that can host (admins first). */
export const handOverCandidate = z.object({ id: z.number().int(), name: z.string(), isAdmin: z.boolean() });
export type HandOverCandidate = z.infer<typeof handOverCandidate>;

export const lastSession = z.object({
  url: z.string().max(512),
  sessionId: z.string().max(128).nullable(),
  sessionName: z.string().max(SESSION_NAME_MAX_CHARS),
  userName: z.string().max(64),
});
export type LastSession = z.infer<typeof lastSession>;

/** Which session the app hosts when started at login; null when that is off. */
export const hostAtLogin = z.object({ sessionName: z.string().nullable() });
export type HostAtLoginSetting = z.infer<typeof hostAtLogin>;
