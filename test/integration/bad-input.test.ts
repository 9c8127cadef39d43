// Bad input over a real socket: every mistake gets its exact error code, and
// the non-fatal ones leave the very same connection working.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  HARD_MAX_FRAME_BYTES,
  MAX_FRAME_BYTES,
  PRE_SIGNIN_MAX_FRAME_BYTES,
  MAX_MESSAGE_CHARS,
  MAX_SIGNIN_FAILURES_PER_CONNECTION,
  PROTOCOL_VERSION,
} from '../../src-shared/limits.js';
import { CLOSE_CODES, ERROR_CODES } from '../../src-shared/protocol/error-codes.js';
import { startHost, type Harness } from '../helpers/host-harness.js';
import { messageTexts, RawSocket } from '../helpers/raw-socket.js';

describe('ChatHost', () => {
  describe('bad input', () => {
    let h: Harness;
    /** Signed in all along; sees what the sockets under test send to #general. */
    let observer: RawSocket;
    const sockets: RawSocket[] = [];
    let n = 0;

    const open = async (): Promise<RawSocket> => {
      const socket = await RawSocket.open(h.url);
      sockets.push(socket);
      return socket;
    };
    const openSignedIn = async (): Promise<RawSocket> => {
      const socket = await open();
      await socket.signIn(`tester${++n}`);
      return socket;
    };

    /** The same connection still answers a ping, and (if signed in) its message reaches the observer. */
    const expectStillWorks = async (socket: RawSocket, signedIn = true): Promise<void> => {
      const pong = await socket.request('ping');
      expect(pong).toMatchObject({ type: 'reply', data: { now: expect.any(Number) } });
      if (!signedIn) return;
      const text = `still here ${++n}`;
      const sent = await socket.request('send', { conv: 'ch:1', clientMsgId: `ok-${n}`, text });
      expect(sent).toMatchObject({ type: 'reply', data: { message: { text }, duplicate: false } });
      await observer.waitFor(() => messageTexts(observer, 'ch:1').includes(text));
      expect(socket.isOpen).toBe(true);
    };

    beforeAll(async () => {
      h = await startHost();
      observer = await RawSocket.open(h.url);
      await observer.signIn('observer');
    });
    afterEach(() => {
      for (const socket of sockets.splice(0)) socket.close();
    });
    afterAll(async () => {
      observer.close();
      await h.stop();
    });

    it('answers bad_frame to malformed JSON and keeps the connection', async () => {
      const socket = await openSignedIn();
      socket.sendText('{"v":1,"type":"ping","id":');
      const error = await socket.waitFor((f) => f.type === 'error');
      expect(error).toMatchObject({ v: PROTOCOL_VERSION, code: 'bad_frame', message: expect.any(String) });
      expect(error.re).toBeUndefined();
      await expectStillWorks(socket);
    });

    it('answers bad_frame to JSON that is not an object and keeps the connection', async () => {
      const socket = await openSignedIn();
      for (const text of ['[1,2]', '42', 'null', '"ping"']) {
        const from = socket.frames.length;
        socket.sendText(text);
        expect(await socket.waitFor((f) => f.type === 'error', { from })).toMatchObject({ code: 'bad_frame' });
      }
      await expectStillWorks(socket);
    });

    it('answers unknown_type, echoing the id, and keeps the connection', async () => {
      const socket = await openSignedIn();
      const error = await socket.request('channel.delete', { channelId: 2 });
      expect(error).toMatchObject({ type: 'error', code: 'unknown_type', field: 'type' });
      await expectStillWorks(socket);
    });

    it('answers invalid_field naming the field when a field has the wrong type, and keeps the connection', async () => {
      const socket = await openSignedIn();
      expect(await socket.request('send', { conv: 'ch:1', clientMsgId: 'm1', text: 42 })).toMatchObject({
        type: 'error',
        code: 'invalid_field',
        field: 'text',
      });
      expect(await socket.request('send', { conv: 1, clientMsgId: 'm1', text: 'hi' })).toMatchObject({ code: 'invalid_field', field: 'conv' });
      expect(await socket.request('history', { conv: 'ch:1', limit: 'ten' })).toMatchObject({ code: 'invalid_field', field: 'limit' });
      expect(await socket.request('channel.leave', { channelId: null })).toMatchObject({ code: 'invalid_field', field: 'channelId' });
      // A frame whose id itself is wrong cannot be answered by id.
      const from = socket.frames.length;
      socket.sendJson({ v: PROTOCOL_VERSION, type: 'ping', id: 7 });
      const error = await socket.waitFor((f) => f.type === 'error', { from });
      expect(error).toMatchObject({ code: 'invalid_field', field: 'id' });
      expect(error.re).toBeUndefined();
      // Nothing of it was stored.
      expect(messageTexts(observer)).not.toContain('hi');
      await expectStillWorks(socket);
    });

    it('answers frame_too_large to a frame over MAX_FRAME_BYTES (but under the hard limit) and keeps the connection', async () => {
      const socket = await openSignedIn();
      const id = socket.newId();
      socket.sendJson({ v: PROTOCOL_VERSION, type: 'send', id, conv: 'ch:1', clientMsgId: 'big', text: 'x'.repeat(MAX_FRAME_BYTES) });
      const error = await socket.waitFor((f) => f.type === 'error');
      expect(error).toMatchObject({ code: 'frame_too_large' });
      await expectStillWorks(socket);
    });

    it('answers text_too_long to MAX_MESSAGE_CHARS + 1 code points, and accepts exactly MAX_MESSAGE_CHARS', async () => {
      const socket = await openSignedIn();
      // Astral characters: two UTF-16 units each, one code point.
      const tooLong = await socket.request('send', { conv: 'ch:1', clientMsgId: 'long', text: '😀'.repeat(MAX_MESSAGE_CHARS + 1) });
      expect(tooLong).toMatchObject({ type: 'error', code: 'text_too_long', field: 'text' });
      const justRight = await socket.request('send', { conv: 'ch:1', clientMsgId: 'long2', text: '😀'.repeat(MAX_MESSAGE_CHARS) });
      expect(justRight).toMatchObject({ type: 'reply', data: { duplicate: false } });
      // The refused one was not stored under its clientMsgId: sending it again, fixed, is new.
      const fixed = await socket.request('send', { conv: 'ch:1', clientMsgId: 'long', text: 'shorter' });
      expect(fixed).toMatchObject({ type: 'reply', data: { duplicate: false, message: { text: 'shorter' } } });
      await expectStillWorks(socket);
    });

    it('answers text_empty to empty or blank text and keeps the connection', async () => {
      const socket = await openSignedIn();
      for (const text of ['', '   ', '\n\t ']) {
        expect(await socket.request('send', { conv: 'ch:1', clientMsgId: `e${text.length}`, text })).toMatchObject({
          type: 'error',
          code: 'text_empty',
          field: 'text',
        });
      }
      await expectStillWorks(socket);
    });

    it('answers bad_frame to a binary frame and keeps the connection', async () => {
      const socket = await openSignedIn();
      socket.sendBinary(Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, type: 'ping', id: 'b1' })));
      const error = await socket.waitFor((f) => f.type === 'error');
      expect(error).toMatchObject({ code: 'bad_frame' });
      expect(socket.frames.some((f) => f.type === 'reply' && f.re === 'b1')).toBe(false);
      await expectStillWorks(socket);
    });

    it('answers not_signed_in to a request before sign-in, and the connection can still sign in', async () => {
      const socket = await open();
      for (const [type, params] of [
        ['send', { conv: 'ch:1', clientMsgId: 'early', text: 'too early' }],
        ['history', { conv: 'ch:1' }],
        ['channel.list', {}],
        ['users.list', {}],
      ] as const) {
        expect(await socket.request(type, params)).toMatchObject({ type: 'error', code: 'not_signed_in' });
      }
      await expectStillWorks(socket, false);
      await socket.signIn(`late${++n}`);
      await expectStillWorks(socket);
      expect(messageTexts(observer)).not.toContain('too early');
    });

    it('answers already_signed_in to a second sign-in on the same connection and keeps it', async () => {
      const socket = await openSignedIn();
      expect(await socket.request('signin', { name: 'someone-else', password: 'secret-pw' })).toMatchObject({ code: 'already_signed_in' });
      await expectStillWorks(socket);
    });

    it('answers unsupported_version to a frame with v 2 and closes with 4002', async () => {
      const socket = await openSignedIn();
      const error = await socket.request('ping', { v: 2 });
      expect(error).toMatchObject({ type: 'error', code: 'unsupported_version' });
      expect(ERROR_CODES.unsupported_version.closeCode).toBe(CLOSE_CODES.unsupportedVersion);
      expect((await socket.closedWithin(3000)).code).toBe(4002);
    });

    it('closes with 1009 a frame over HARD_MAX_FRAME_BYTES, and keeps serving others', async () => {
      const socket = await openSignedIn();
      const bystander = await openSignedIn();
      socket.sendText(JSON.stringify({ v: PROTOCOL_VERSION, type: 'ping', id: 'huge', pad: 'x'.repeat(HARD_MAX_FRAME_BYTES) }));
      expect((await socket.closedWithin(3000)).code).toBe(CLOSE_CODES.tooBig);
      expect(socket.frames.some((f) => f.re === 'huge')).toBe(false);
      await expectStillWorks(bystander);
      const fresh = await openSignedIn();
      await expectStillWorks(fresh);
    });

    it('closes with 1009 a frame over PRE_SIGNIN_MAX_FRAME_BYTES before sign-in; after sign-in such a frame is fine', async () => {
      const anonymous = await open();
      anonymous.sendText(JSON.stringify({ v: PROTOCOL_VERSION, type: 'ping', id: 'early', pad: 'x'.repeat(PRE_SIGNIN_MAX_FRAME_BYTES) }));
      expect((await anonymous.closedWithin(3000)).code).toBe(CLOSE_CODES.tooBig);
      expect(anonymous.frames.some((f) => f.re === 'early')).toBe(false);

      // A sign-in frame with every field at its longest still fits.
      const longest = await open();
      const answer = await longest.request('signin', { name: 'L'.repeat(32), password: '🔑'.repeat(256), passcode: 'p'.repeat(128) });
      expect(answer.type).toBe('reply');

      const member = await openSignedIn();
      const reply = await member.request('ping', { pad: 'x'.repeat(PRE_SIGNIN_MAX_FRAME_BYTES * 4) });
      expect(reply).toMatchObject({ type: 'reply' });
      await expectStillWorks(member);
    });

    it('closes with 1007 a text frame that is not UTF-8 (WebSocket rule, enforced by ws), and keeps serving others', async () => {
      const socket = await openSignedIn();
      // Sent as a text frame: ws does not check what it sends.
      socket.ws.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
      expect((await socket.closedWithin(3000)).code).toBe(1007);
      await expectStillWorks(observer);
    });

    it(`closes with 4003 after ${MAX_SIGNIN_FAILURES_PER_CONNECTION} wrong passwords on one connection`, async () => {
      const socket = await open();
      for (let i = 1; i <= MAX_SIGNIN_FAILURES_PER_CONNECTION; i++) {
        const answer = await socket.request('signin', { name: 'observer', password: `wrong-pw-${i}` });
        expect(answer).toMatchObject({ type: 'error', code: 'wrong_password', field: 'password' });
        if (i < MAX_SIGNIN_FAILURES_PER_CONNECTION) await expectStillWorks(socket, false);
      }
      const fatal = await socket.waitFor((f) => f.type === 'error' && f.code === 'too_many_attempts');
      expect(fatal.re).toBeUndefined();
      expect((await socket.closedWithin(3000)).code).toBe(CLOSE_CODES.tooManyAttempts);
      // The name is not locked: another connection signs in with the right password.
      const again = await open();
      await again.signIn('observer');
    });

    it('counts wrong passwords per connection, not per name', async () => {
      const first = await open();
      for (let i = 1; i < MAX_SIGNIN_FAILURES_PER_CONNECTION; i++) {
        expect(await first.request('signin', { name: 'observer', password: `nope-${i}` })).toMatchObject({ code: 'wrong_password' });
      }
      const second = await open();
      expect(await second.request('signin', { name: 'observer', password: 'nope-x' })).toMatchObject({ code: 'wrong_password' });
      expect(second.isOpen).toBe(true);
      await first.signIn('observer');
      await expectStillWorks(first);
    });
  });

  describe('auth timeout', () => {
    it('closes with 4001 a socket that does not sign in within authTimeoutMs', async () => {
      // 1 s: long enough for the other socket's scrypt sign-in even on a busy machine.
      const h = await startHost({ limits: { authTimeoutMs: 1000 } });
      try {
        const idle = await RawSocket.open(h.url);
        const opened = Date.now();
        const signedIn = await RawSocket.open(h.url);
        await signedIn.signIn('prompt');
        const closed = await idle.closedWithin(5000);
        expect(closed.code).toBe(CLOSE_CODES.authTimeout);
        expect(Date.now() - opened).toBeGreaterThanOrEqual(900);
        expect(Date.now() - opened).toBeLessThan(4000);
        expect(idle.frames).toContainEqual(expect.objectContaining({ type: 'error', code: 'auth_timeout' }));
        // Whoever signed in in time stays.
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(signedIn.isOpen).toBe(true);
        expect(await signedIn.request('ping')).toMatchObject({ type: 'reply' });
        signedIn.close();
      } finally {
        await h.stop();
      }
    });

    it('is not reset by frames that are not a sign-in', async () => {
      const h = await startHost({ limits: { authTimeoutMs: 300 } });
      try {
        const chatty = await RawSocket.open(h.url);
        const timer = setInterval(() => chatty.isOpen && chatty.sendRequest('ping'), 50);
        try {
          expect((await chatty.closedWithin(3000)).code).toBe(CLOSE_CODES.authTimeout);
        } finally {
          clearInterval(timer);
        }
      } finally {
        await h.stop();
      }
    });
  });
});
