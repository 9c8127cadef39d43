import { describe, expect, it } from 'vitest';
import { parseClientFrame, type ParseResult } from '../../src-main/host/frame-parser.js';
import { CLIENT_ID_MAX_CHARS, MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../../src-shared/limits.js';
import type { RequestType } from '../../src-shared/protocol/frames.js';

const text = (value: unknown): ParseResult => parseClientFrame(Buffer.from(JSON.stringify(value), 'utf8'), false);
const raw = (data: string): ParseResult => parseClientFrame(Buffer.from(data, 'utf8'), false);
const frame = (type: string, fields: Record<string, unknown> = {}) => ({ v: PROTOCOL_VERSION, type, id: 'req-1', ...fields });

function errorOf(result: ParseResult) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.frame)}`);
  return result.error;
}

describe('parseClientFrame', () => {
  describe('#valid frames', () => {
    const valid: Record<RequestType, Array<Record<string, unknown>>> = {
      signin: [
        { name: 'alice', password: 'secret-pw' },
        { name: 'alice', password: 'secret-pw', passcode: 'open', mode: 'login', after: 12 },
      ],
      resume: [{ token: 'abc' }, { token: 'abc', after: 0 }, { token: 'abc', canHost: true }],
      send: [{ conv: 'ch:1', clientMsgId: 'm1', text: 'hello' }, { conv: 'dm:2:3', clientMsgId: 'm2', text: '' }, { conv: 'ch:1', clientMsgId: 'm3', text: 'yes', replyTo: 42 }, { conv: 'dm:2:3', clientMsgId: 'm4', text: '', e2e: '{"v":1}' }, { conv: 'ch:1', clientMsgId: 'm5', text: 'in thread', threadRoot: 42, alsoToChannel: true }],
      'thread.history': [{ conv: 'ch:1', root: 42 }, { conv: 'dm:1:2', root: 42, before: 100, limit: 20 }],
      'thread.read': [{ conv: 'ch:1', root: 42, seq: 50 }],
      history: [{ conv: 'ch:1' }, { conv: 'dm:1:2', before: 100, limit: 200 }, { conv: 'ch:1', after: 7 }, { conv: 'ch:1', around: 42, limit: 20 }],
      'message.edit': [{ seq: 42, text: 'lunch at 1?' }, { seq: 43, text: '', e2e: '{"v":1}' }],
      'message.delete': [{ seq: 42 }],
      react: [{ seq: 42, emoji: '👍', on: true }, { seq: 42, emoji: '👨‍👩‍👧‍👦', on: false }],
      search: [{ query: 'deploy friday' }, { query: 'café', conv: 'dm:1:2', before: 100, limit: 50 }],
      read: [{ conv: 'dm:3:7', seq: 1042 }, { conv: 'ch:1', seq: 0 }],
      mute: [{ conv: 'ch:4', muted: true }],
      'user.remove': [{ userId: 9, removed: true }, { userId: 9, removed: false }],
      'user.admin': [{ userId: 7, admin: true }],
      signout: [{}],
      'channel.create': [{ name: 'random' }, { name: 'random', topic: 'anything goes' }],
      'channel.join': [{ channel: 3 }, { channel: '#random' }],
      'channel.leave': [{ channelId: 2 }],
      'channel.list': [{}],
      'channel.members': [{ channelId: 1 }],
      'users.list': [{}],
      'profile.update': [{}, { displayName: 'Ann', statusText: 'Lunch', statusEmoji: '🍕' }],
      'channel.update': [{ channelId: 2, topic: 'Plans' }, { channelId: 2, name: 'plans' }],
      'channel.archive': [{ channelId: 2, archived: true }],
      typing: [{ conv: 'ch:1' }],
      'handover.start': [{}, { offer: 'o1' }],
      'handover.ready': [{ handover: 'h1', port: 47800, addresses: ['192.168.1.7', 'fd00::7'] }],
      'handover.abort': [{ handover: 'h1' }, { handover: 'h1', reason: 'disk full' }],
      'handover.decline': [{ offer: 'o1' }],
      'file.begin': [
        { conv: 'ch:1', clientMsgId: 'f1', name: 'plan.pdf', size: 1048576 },
        { conv: 'dm:1:2', clientMsgId: 'f2', name: 'cat.png', size: 0, mimeType: 'image/png', thumbnail: 'data:image/png;base64,AAAA', text: 'look' },
      ],
      'file.complete': [{ fileId: 'Zq3abcdefghijklmnopqrs', sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }],
      'file.cancel': [{ fileId: 'Zq3abcdefghijklmnopqrs' }],
      'file.ticket': [{ fileId: 'Zq3abcdefghijklmnopqrs' }],
      'file.offer': [
        {
          conv: 'ch:1',
          clientMsgId: 'f3',
          name: 'plan.pdf',
          size: 1048576,
          sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
          offer: { urls: ['https://192.168.1.20:41234/offers/Zq3abcdefghijklmnopqrs'], key: 'a'.repeat(43), identity: 'b'.repeat(64) },
        },
      ],
      'file.direct': [{ fileId: 'Zq3abcdefghijklmnopqrs' }],
      'device.publish': [
        { bundle: { v: 1, userId: '2', deviceId: 'd1', createdAt: 1700000000000, encryptionKey: 'AAAA', signingKey: 'BBBB', signature: 'CCCC' } },
      ],
      'devices.list': [{ userIds: [2] }, { userIds: [2, 3] }],
      ping: [{}],
    };
    for (const [type, variants] of Object.entries(valid)) {
      it(`accepts a valid ${type} frame`, () => {
        for (const fields of variants) {
          const result = text(frame(type, fields));
          expect(result).toEqual({ ok: true, frame: frame(type, fields) });
        }
      });
    }

    it('accepts a string as well as a buffer', () => {
      expect(parseClientFrame(JSON.stringify(frame('ping')), false)).toEqual({ ok: true, frame: frame('ping') });
    });

    it('drops fields the schema does not know', () => {
      expect(text({ ...frame('ping'), extra: [1, 2, 3] })).toEqual({ ok: true, frame: frame('ping') });
    });

    it('accepts a frame of exactly MAX_FRAME_BYTES and refuses one byte more', () => {
      const base = JSON.stringify({ ...frame('ping'), pad: '' });
      const exact = base.replace('"pad":""', `"pad":"${' '.repeat(MAX_FRAME_BYTES - base.length)}"`);
      expect(Buffer.byteLength(exact)).toBe(MAX_FRAME_BYTES);
      expect(raw(exact)).toEqual({ ok: true, frame: frame('ping') });
      expect(errorOf(raw(exact.replace('"pad":"', '"pad":" '))).code).toBe('frame_too_large');
    });
  });

  describe('#malformed input', () => {
    it('answers bad_frame when the JSON does not parse', () => {
      for (const data of ['', '{', '{"v":1,', 'not json', "{'v':1}", '{"v":1}}', '\u0000']) {
        expect(errorOf(raw(data)).code).toBe('bad_frame');
      }
    });

    it('answers bad_frame when the JSON is not an object', () => {
      for (const value of [[], [frame('ping')], 1, 0, -3.5, null, 'ping', true, false]) {
        const error = errorOf(text(value));
        expect(error.code).toBe('bad_frame');
        expect(error.re).toBeUndefined();
      }
    });

    it('answers bad_frame for a binary frame, even one holding valid JSON', () => {
      const error = errorOf(parseClientFrame(Buffer.from(JSON.stringify(frame('ping'))), true));
      expect(error.code).toBe('bad_frame');
    });

    it('answers frame_too_large when the frame is over MAX_FRAME_BYTES', () => {
      const big = JSON.stringify(frame('send', { conv: 'ch:1', clientMsgId: 'm1', text: 'x'.repeat(MAX_FRAME_BYTES) }));
      expect(errorOf(raw(big)).code).toBe('frame_too_large');
      expect(errorOf(parseClientFrame(Buffer.alloc(MAX_FRAME_BYTES + 1), true)).code).toBe('frame_too_large');
    });

    it('counts the bytes, not the UTF-16 units, of a string frame', () => {
      // 30 000 euro signs are 30 000 UTF-16 units but 90 000 UTF-8 bytes.
      const big = JSON.stringify(frame('send', { conv: 'ch:1', clientMsgId: 'm1', text: '€'.repeat(30_000) }));
      expect(big.length).toBeLessThan(MAX_FRAME_BYTES);
      expect(errorOf(parseClientFrame(big, false)).code).toBe('frame_too_large');
    });
  });

  describe('#version', () => {
    it('answers invalid_field naming v when v is missing or not a number', () => {
      for (const v of [undefined, '1', null, true, [1], { v: 1 }]) {
        const error = errorOf(text({ v, type: 'ping', id: 'a' }));
        expect(error).toMatchObject({ code: 'invalid_field', field: 'v', re: 'a' });
      }
    });

    it('answers unsupported_version when v is another number', () => {
      for (const v of [0, 2, -1, 1.5, 99]) {
        const error = errorOf(text({ v, type: 'ping', id: 'a' }));
        expect(error).toMatchObject({ code: 'unsupported_version', field: 'v', re: 'a' });
      }
    });
  });

  describe('#type', () => {
    it('answers unknown_type and echoes the id when the type is unknown', () => {
      for (const type of ['pong', 'PING', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        const error = errorOf(text({ v: PROTOCOL_VERSION, type, id: 'x-7' }));
        expect(error).toMatchObject({ code: 'unknown_type', re: 'x-7', field: 'type' });
      }
    });

    it('answers invalid_field naming type when the type is not a string', () => {
      for (const type of [undefined, 1, null, ['ping'], { ping: 1 }]) {
        expect(errorOf(text({ v: PROTOCOL_VERSION, type, id: 'x' }))).toMatchObject({ code: 'invalid_field', field: 'type', re: 'x' });
      }
    });

    it('echoes only an id that is a valid client id', () => {
      expect(errorOf(text({ v: PROTOCOL_VERSION, type: 'nope', id: 5 })).re).toBeUndefined();
      expect(errorOf(text({ v: PROTOCOL_VERSION, type: 'nope', id: '' })).re).toBeUndefined();
      expect(errorOf(text({ v: PROTOCOL_VERSION, type: 'nope', id: 'x'.repeat(CLIENT_ID_MAX_CHARS + 1) })).re).toBeUndefined();
      expect(errorOf(text({ v: PROTOCOL_VERSION, type: 'nope', id: 'x'.repeat(CLIENT_ID_MAX_CHARS) })).re).toBe('x'.repeat(CLIENT_ID_MAX_CHARS));
    });
  });

  describe('#fields', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['ping', { id: 5 }, 'id'],
      ['ping', { id: '' }, 'id'],
      ['signin', { name: 5, password: 'secret-pw' }, 'name'],
      ['signin', { name: 'alice' }, 'password'],
      ['signin', { name: 'alice', password: 'secret-pw', mode: 'steal' }, 'mode'],
      ['signin', { name: 'alice', password: 'secret-pw', after: -1 }, 'after'],
      ['signin', { name: 'alice', password: 'secret-pw', after: 1.5 }, 'after'],
      ['resume', { token: '' }, 'token'],
      ['resume', { token: 'x'.repeat(257) }, 'token'],
      ['send', { conv: 'ch:1', clientMsgId: 'm', text: 42 }, 'text'],
      ['send', { conv: 'ch:1', clientMsgId: 'm', text: null }, 'text'],
      ['send', { conv: 'general', clientMsgId: 'm', text: 'hi' }, 'conv'],
      ['send', { conv: 'ch:0', clientMsgId: 'm', text: 'hi' }, 'conv'],
      ['send', { conv: 'ch:1', clientMsgId: 7, text: 'hi' }, 'clientMsgId'],
      ['history', { conv: 'ch:1', limit: 0 }, 'limit'],
      ['history', { conv: 'ch:1', limit: 201 }, 'limit'],
      ['history', { conv: 'ch:1', before: '5' }, 'before'],
      ['channel.create', { name: ['x'] }, 'name'],
      ['channel.create', { name: 'x', topic: 't'.repeat(251) }, 'topic'],
      ['channel.join', { channel: true }, 'channel'],
      ['channel.join', { channel: 0 }, 'channel'],
      ['channel.leave', { channelId: '2' }, 'channelId'],
    ];
    for (const [type, fields, field] of cases) {
      it(`answers invalid_field naming ${field} for ${type} with ${JSON.stringify(fields).slice(0, 60)}`, () => {
        const error = errorOf(text({ v: PROTOCOL_VERSION, type, id: 'req-9', ...fields }));
        expect(error.code).toBe('invalid_field');
        expect(error.field).toBe(field);
        expect(error.message).toContain(field);
        // The id is echoed when it is itself valid.
        expect(error.re).toBe(field === 'id' ? undefined : 'req-9');
      });
    }
  });

  describe('#robustness', () => {
    it('never throws, whatever the bytes', () => {
      const samples: Buffer[] = [
        Buffer.from([0xff, 0xfe, 0xfd]),
        Buffer.from('{"v":1,"type":"ping","id":"\ud800"}'),
        Buffer.from('{"__proto__":{"v":1},"type":"ping","id":"a"}'),
        Buffer.from('{"v":1,"type":"ping","id":"a","constructor":{"prototype":{}}}'),
        Buffer.from('9'.repeat(1000)),
        Buffer.from('['.repeat(10_000)),
      ];
      for (const sample of samples) {
        for (const isBinary of [false, true]) {
          expect(() => parseClientFrame(sample, isBinary)).not.toThrow();
        }
      }
    });

    it('does not take a __proto__ key for v', () => {
      expect(errorOf(raw('{"__proto__":{"v":1},"type":"ping","id":"a"}'))).toMatchObject({ code: 'invalid_field', field: 'v' });
    });
  });
});
