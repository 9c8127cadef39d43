// The desktop app's chat socket (DESIGN.md, "Processes"): the renderer never
// opens a connection to a LAN address itself. Its WebSocket-like object
// (src-renderer/platform/message-port-websocket.ts) creates a MessageChannel,
// keeps one port and hands the other, with the session URL, to the preload
// (window.postMessage → ipcRenderer.postMessage on CHAT_SOCKET_CHANNEL). The
// main process (src-main/app/chat-socket-bridge.ts) opens the real connection
// over TLS, pinned to the identity it trusts for that address, and relays
// frames over the port. These are the messages each way, checked on arrival.
import { z } from 'zod';
import { HARD_MAX_FRAME_BYTES } from '../limits.js';

/** The window.postMessage tag and ipc channel of "open a chat socket for me". */
export const CHAT_SOCKET_CHANNEL = 'chat:open-socket';

/** wss://HOST:PORT/ws (or ws:// for a host run with --plain). */
export const chatSocketUrl = z
  .string()
  .max(512)
  .regex(/^wss?:\/\/[^/?#\s]+\/ws$/, 'expected wss://host:port/ws');

export const openSocketRequest = z.object({ url: chatSocketUrl });
export type OpenSocketRequest = z.infer<typeof openSocketRequest>;

/** Renderer → main, over the port. */
export const socketPortFromRenderer = z.discriminatedUnion('type', [
  z.object({ type: z.literal('send'), data: z.string().max(HARD_MAX_FRAME_BYTES) }),
  z.object({ type: z.literal('close'), code: z.number().int().min(1000).max(4999).optional(), reason: z.string().max(123).optional() }),
]);
export type SocketPortFromRenderer = z.infer<typeof socketPortFromRenderer>;

/** Main → renderer, over the port. */
export const socketPortFromMain = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open') }),
  z.object({ type: z.literal('message'), data: z.string() }),
  /** The connection failed (unreachable, TLS); a `close` follows. */
  z.object({ type: z.literal('error'), message: z.string() }),
  /**
   * The host at that address presented another identity than the one
   * trusted: nothing was sent to it. A `close` follows.
   */
  z.object({ type: z.literal('refused'), address: z.string(), code: z.string().nullable(), trustedCode: z.string(), message: z.string() }),
  z.object({ type: z.literal('close'), code: z.number().int(), reason: z.string() }),
]);
export type SocketPortFromMain = z.infer<typeof socketPortFromMain>;

/** Close code main reports when it refused the host's identity (4000–4999 are the application's). */
export const CLOSE_IDENTITY_REFUSED = 4010;
/** Close code when main has no trusted identity for the address (trust:check was not run or not accepted). */
export const CLOSE_NOT_TRUSTED = 4011;
