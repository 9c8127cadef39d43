// ChatClient against a fake socket that never answers (a blackholed address).
import { describe, expect, it } from 'vitest';
import { ChatClient, type WebSocketLike } from '../../src-shared/chat-client.js';

class SilentSocket implements WebSocketLike {
  readyState = 0;
  onopen = null;
  onmessage = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror = null;
  send(): void {}
  close(): void {
    this.readyState = 3;
  }
}

describe('ChatClient', () => {
  describe('#connect', () => {
    it('gives up with a clear timeout when the host never answers', async () => {
      const client = new ChatClient({ url: 'ws://10.255.255.1:47800/ws', WebSocket: SilentSocket, requestTimeoutMs: 50 });
      await expect(client.connect()).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('No answer from ws://10.255.255.1:47800/ws') });
      expect(client.state).toBe('idle');
    });

    it('rejects a pending connect when closed', async () => {
      const client = new ChatClient({ url: 'ws://example.invalid/ws', WebSocket: SilentSocket, requestTimeoutMs: 60_000 });
      const connecting = client.connect();
      client.close();
      await expect(connecting).rejects.toMatchObject({ code: 'closed' });
      expect(client.state).toBe('closed');
    });
  });

  describe('#request', () => {
    it('refuses at once when not connected', async () => {
      const client = new ChatClient({ url: 'ws://example.invalid/ws', WebSocket: SilentSocket });
      await expect(client.request('ping', {})).rejects.toMatchObject({ code: 'disconnected' });
    });
  });
});
