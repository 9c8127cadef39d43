import type { WebSocketConstructor } from '../../src-shared/chat-client.js';

/**
 * The browser's WebSocket as ChatClient's constructor type. The DOM types its
 * handlers with Event parameters where WebSocketLike says `unknown`, so the
 * two are not assignable as written, though they work alike at run time.
 */
export const browserWebSocket = (): WebSocketConstructor => WebSocket as unknown as WebSocketConstructor;
