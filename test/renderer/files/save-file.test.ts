import { describe, expect, it, vi } from 'vitest';
import { httpBaseFromWs } from '../../../src-renderer/files/format.js';
import { ChatSession } from '../../../src-renderer/session/chat-session.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';
import { FakeChatClient } from '../helpers/fake-chat-client.js';
import { createFakePlatform } from '../helpers/fake-platform.js';
import { fakeFocus } from '../helpers/render-app.js';

describe('saving a shared file', () => {
  it('derives the HTTP base from the session’s WebSocket URL', () => {
    expect(httpBaseFromWs('ws://192.168.1.20:47800/ws')).toBe('http://192.168.1.20:47800');
    expect(httpBaseFromWs('wss://[fe80::1]:47800/ws')).toBe('https://[fe80::1]:47800');
    expect(httpBaseFromWs('not a url')).toBeNull();
  });

  it('asks for a ticket, then hands the full URL and a safe name to the download', async () => {
    const store = createAppStore();
    const platform = createFakePlatform('web', { served: { url: 'ws://10.0.0.5:47800/ws', label: '10.0.0.5:47800' } });
    platform.tokens.set('session-1', 'token-alice');
    const download = vi.fn();
    let client!: FakeChatClient;
    const session = new ChatSession({
      store,
      platform,
      focus: fakeFocus(),
      download,
      createClient: (url) => (client = new FakeChatClient(url)),
    });
    await session.start();
    client.handlers['file.ticket'] = ({ fileId }) => ({ url: `/api/files/${fileId}?ticket=t1`, expiresAt: 1 });
    await session.files.save({ id: 'Zq3', name: '../../evil:name.txt', size: 3, type: 'text/plain', sha256: 'a'.repeat(64), thumbnail: null, expiresAt: null });
    expect(client.requests.at(-1)).toEqual({ type: 'file.ticket', params: { fileId: 'Zq3' } });
    expect(download).toHaveBeenCalledWith('http://10.0.0.5:47800/api/files/Zq3?ticket=t1', 'evil_name.txt');
  });
});
