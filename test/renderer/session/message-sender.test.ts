import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import { TYPING_NOTICE_INTERVAL_MS } from '../../../src-shared/limits.js';
import { sortedDms } from '../../../src-renderer/store/selectors.js';
import { signedInServices } from '../helpers/render-app.js';
import { ALICE, message, messageEvent, snapshot } from '../helpers/fixtures.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('MessageSender', () => {
  describe('#send', () => {
    it('shows the message pending until acknowledged', async () => {
      const services = await signedInServices();
      services.session.messages.send('ch:1', 'hello');
      const [sent] = services.client.sent;
      expect(services.store.getState().pending['ch:1']).toMatchObject([{ text: 'hello', status: 'sending', clientMsgId: sent!.clientMsgId }]);
      sent!.resolve(message({ seq: 50, from: ALICE.id, fromName: 'Alice', clientMsgId: sent!.clientMsgId, text: 'hello' }));
      await flush();
      expect(services.store.getState().pending['ch:1']).toEqual([]);
      expect(services.store.getState().messages['ch:1']!.map((m) => m.text)).toEqual(['hello']);
    });

    it('applies my acknowledged message once, as its event would: the DM moves to the top', async () => {
      const services = await signedInServices({
        configure: (client) => {
          client.resumeResult = snapshot({ dms: [{ conv: 'dm:1:2', peer: 2, lastSeq: 5 }, { conv: 'dm:1:3', peer: 3, lastSeq: 8 }] });
        },
      });
      const { client, session, store } = services;
      session.openConversation('dm:1:2');
      session.messages.send('dm:1:2', 'hi Bob');
      const sent = client.sent[0]!;
      const stored = message({ seq: 51, conv: 'dm:1:2', from: ALICE.id, fromName: 'Alice', clientMsgId: sent.clientMsgId, text: 'hi Bob' });
      // The real order: the reply (the promise and the client's 'sent'), then the echoed event.
      sent.resolve(stored);
      await flush();
      client.fire('event', messageEvent(stored), { replay: false });
      const state = store.getState();
      expect(state.messages['dm:1:2']!.filter((m) => m.text === 'hi Bob')).toHaveLength(1);
      expect(state.pending['dm:1:2']).toEqual([]);
      expect(sortedDms(state.dms).map((dm) => dm.conv)).toEqual(['dm:1:2', 'dm:1:3']);
      expect(state.unread['dm:1:2']).toBeUndefined();
    });

    it('marks a refused message failed and retries it with the same client id', async () => {
      const services = await signedInServices();
      services.session.messages.send('ch:1', 'too much');
      const first = services.client.sent[0]!;
      first.reject(new ChatError('text_too_long', 'Messages can be at most 4000 characters.', 'text'));
      await flush();
      expect(services.store.getState().pending['ch:1']![0]).toMatchObject({ status: 'failed', error: 'Messages can be at most 4000 characters.' });
      services.session.messages.retry(first.clientMsgId);
      expect(services.client.sent[1]!.clientMsgId).toBe(first.clientMsgId);
      expect(services.store.getState().pending['ch:1']![0]!.status).toBe('sending');
    });
  });

  describe('#typing', () => {
    it('sends a typing notice at most every TYPING_NOTICE_INTERVAL_MS per conversation', async () => {
      const services = await signedInServices();
      const typingRequests = () => services.client.requests.filter((r) => r.type === 'typing').length;
      services.session.messages.typing('ch:1', 1000);
      services.session.messages.typing('ch:1', 1500);
      services.session.messages.typing('ch:2', 1500);
      expect(typingRequests()).toBe(2);
      services.session.messages.typing('ch:1', 1000 + TYPING_NOTICE_INTERVAL_MS);
      expect(typingRequests()).toBe(3);
    });
  });
});
