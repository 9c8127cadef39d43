import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import { createServices, signedInServices } from '../helpers/render-app.js';
import { createFakePlatform, FP_OFFICE } from '../helpers/fake-platform.js';
import { ALICE, message, messageEvent, snapshot } from '../helpers/fixtures.js';

describe('ChatSession', () => {
  describe('#start', () => {
    it('in a browser, connects to the host that served the page and shows sign-in without a token', async () => {
      const services = createServices();
      await services.session.start();
      expect(services.client.url).toBe('ws://192.168.1.20:47800/ws');
      expect(services.store.getState().phase).toBe('signin');
      expect(services.store.getState().session?.name).toBe('Office LAN');
    });

    it('resumes with the token saved for the session and remembers the session', async () => {
      const services = await signedInServices();
      expect(services.client.resumeCalls).toEqual(['token-alice']);
      expect(services.store.getState().phase).toBe('chat');
      expect(services.platform.tokens.get('session-1')).toBe('token-alice');
      expect(services.platform.lastSession).toEqual({ url: 'ws://192.168.1.20:47800/ws', sessionId: 'session-1', sessionName: 'Office LAN', userName: 'Alice' });
    });

    it('forgets a token the host no longer knows and asks to sign in', async () => {
      const services = createServices({
        configure: (client) => {
          client.resumeResult = new ChatError('token_invalid', 'That saved sign-in is no longer valid', 'token');
        },
      });
      services.platform.tokens.set('session-1', 'stale');
      await services.session.start();
      expect(services.store.getState().phase).toBe('signin');
      expect(services.store.getState().startProblem).toMatch(/no longer valid/);
      expect(services.platform.tokens.has('session-1')).toBe(false);
    });

    it('on the desktop with no last session, shows "Find or host"', async () => {
      const services = createServices({ platform: createFakePlatform('desktop') });
      await services.session.start();
      expect(services.store.getState().phase).toBe('choose');
      expect(services.clients).toHaveLength(0);
    });

    it('on the desktop, rejoins the last session, and says so when it cannot be reached', async () => {
      const platform = createFakePlatform('desktop');
      platform.lastSession = { url: 'wss://10.0.0.5:47800/ws', sessionId: 'session-1', sessionName: 'Office LAN', userName: 'Alice' };
      platform.trust!.known.set('10.0.0.5:47800', FP_OFFICE);
      const services = createServices({
        platform,
        configure: (client) => {
          client.connectError = new ChatError('disconnected', 'Could not reach the host at wss://10.0.0.5:47800/ws.');
        },
      });
      await services.session.start();
      expect(services.client.url).toBe('wss://10.0.0.5:47800/ws');
      expect(services.store.getState().phase).toBe('choose');
      expect(services.store.getState().startProblem).toMatch(/Could not reach “Office LAN”/);
      expect(services.store.getState().lastUserName).toBe('Alice');
    });
  });

  describe('a last session saved as ws:// (before the host served TLS)', () => {
    it('goes to wss:// when the host answers over TLS now, with no plain-connection warning', async () => {
      const platform = createFakePlatform('desktop');
      platform.lastSession = { url: 'ws://10.0.0.5:47800/ws', sessionId: 'session-1', sessionName: 'Office LAN', userName: 'Alice' };
      platform.trust!.known.set('10.0.0.5:47800', FP_OFFICE);
      platform.trust!.servesTlsNow.add('10.0.0.5:47800');
      const services = createServices({ platform });
      services.platform.tokens.set('session-1', 'token-alice');
      await services.session.start();
      expect(services.client.url).toBe('wss://10.0.0.5:47800/ws');
      expect(services.store.getState().identityPrompt).toBeNull();
      expect(services.store.getState().target?.url).toBe('wss://10.0.0.5:47800/ws');
    });

    it('still warns about a plain connection when only plain answers there (a --plain host)', async () => {
      const platform = createFakePlatform('desktop');
      platform.lastSession = { url: 'ws://10.0.0.6:47800/ws', sessionId: 'session-1', sessionName: 'Bench', userName: 'Alice' };
      const services = createServices({ platform });
      await services.session.start();
      expect(services.store.getState().identityPrompt).toMatchObject({ kind: 'plain', url: 'ws://10.0.0.6:47800/ws' });
    });
  });

  describe('#signIn', () => {
    it('signs in with mode auto, and leaves out an empty passcode', async () => {
      const services = createServices();
      await services.session.start();
      await services.session.signIn({ name: 'Alice', password: 'secret-pw', passcode: '' });
      expect(services.client.signInCalls).toEqual([{ name: 'Alice', password: 'secret-pw', mode: 'auto' }]);
      expect(services.store.getState().phase).toBe('chat');
    });

    it('reconnects first when the host closed the idle socket (sign-in deadline)', async () => {
      const services = createServices();
      await services.session.start();
      services.client.setState('idle');
      await services.session.signIn({ name: 'Alice', password: 'secret-pw' });
      expect(services.store.getState().phase).toBe('chat');
    });
  });

  describe('events', () => {
    it('notifies for messages from others unless I am reading that conversation in a focused window', async () => {
      const services = await signedInServices();
      const { client, platform, focus } = services;
      // #general is open and the window has focus: nothing.
      client.fire('event', messageEvent(message({ seq: 20, conv: 'ch:1', text: 'here and now' })), { replay: false });
      expect(platform.notifications).toEqual([]);
      // Another conversation, window focused: notified.
      client.fire('event', messageEvent(message({ seq: 21, conv: 'dm:1:2', text: 'seen it?' })), { replay: false });
      focus.set(false);
      client.fire('event', messageEvent(message({ seq: 22, conv: 'ch:2', text: 'ping @Alice', mentions: [1] })), { replay: false });
      // A channel notifies only of mentions, until its level is "all new messages"; the level is saved on this device.
      client.fire('event', messageEvent(message({ seq: 23, conv: 'ch:1', text: 'just chatting' })), { replay: false });
      services.session.notifications.setLevel('ch:1', 'all');
      expect(platform.notifyLevels.get(`${services.store.getState().session!.id}.1`)).toEqual({ 'ch:1': 'all' });
      client.fire('event', messageEvent(message({ seq: 24, conv: 'ch:1', text: 'while away' })), { replay: false });
      client.fire('event', messageEvent(message({ seq: 26, conv: 'dm:1:2', text: 'old news' })), { replay: true });
      client.fire('event', messageEvent(message({ seq: 27, conv: 'ch:1', from: 1, fromName: 'Alice', text: 'mine' })), { replay: false });
      expect(platform.notifications).toEqual([
        { title: 'Bob', body: 'seen it?', conv: 'dm:1:2' },
        { title: 'Bob mentioned you in #design', body: 'ping @Alice', conv: 'ch:2' },
        { title: 'Bob in #general', body: 'while away', conv: 'ch:1' },
      ]);
      // "Nothing" for the DM: not even a direct message notifies.
      services.session.notifications.setLevel('dm:1:2', 'none');
      client.fire('event', messageEvent(message({ seq: 28, conv: 'dm:1:2', text: 'hello?' })), { replay: false });
      expect(platform.notifications).toHaveLength(3);
    });

    it('opens the conversation of a clicked notification', async () => {
      const services = await signedInServices();
      services.platform.clickNotification('ch:2');
      expect(services.store.getState().active).toBe('ch:2');
      expect(services.client.requests.some((r) => r.type === 'history' && (r.params as { conv: string }).conv === 'ch:2')).toBe(true);
    });

    it('sets the badge to unread DMs plus mentions', async () => {
      const services = await signedInServices();
      services.client.fire('event', messageEvent(message({ seq: 30, conv: 'dm:1:2' })), { replay: false });
      services.client.fire('event', messageEvent(message({ seq: 31, conv: 'ch:2', text: '@Alice hi', mentions: [1] })), { replay: false });
      services.client.fire('event', messageEvent(message({ seq: 32, conv: 'ch:2', text: 'hi all' })), { replay: false });
      expect(services.platform.badges.at(-1)).toBe(2);
      services.session.openConversation('dm:1:2');
      expect(services.platform.badges.at(-1)).toBe(1);
    });

    it('asks for the channel list when a message arrives from a channel it does not know', async () => {
      const services = await signedInServices();
      services.client.fire('event', messageEvent(message({ seq: 40, conv: 'ch:77', kind: 'join', text: '', from: ALICE.id, fromName: 'Alice' })), { replay: false });
      expect(services.client.requests.map((r) => r.type)).toContain('channel.list');
    });

    it('goes back to sign-in when the saved token stops working during a reconnect', async () => {
      const services = await signedInServices();
      services.client.fire('authRequired', new ChatError('token_invalid', 'no longer valid'));
      expect(services.store.getState().phase).toBe('signin');
      expect(services.platform.tokens.has('session-1')).toBe(false);
    });
  });

  it('signs out: forgets the token and shows sign-in again', async () => {
    const services = await signedInServices();
    await services.session.signOut();
    expect(services.platform.tokens.has('session-1')).toBe(false);
    expect(services.store.getState().phase).toBe('signin');
    expect(services.store.getState().me).toBeNull();
    expect(services.clients).toHaveLength(2);
    expect(snapshot().user.name).toBe('Alice');
  });
});
