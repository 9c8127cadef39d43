// Property-based fuzzing of the host's frame handling over real sockets:
// random strings, JSON values, well-typed frames with random fields, mutated
// valid frames and random binary, to a signed-in and to an unsigned
// connection. The host must answer every one with a well-formed `reply` or a
// listed error (never `server_error`, which means a handler threw), close only
// with a fatal code PROTOCOL.md lists, and keep serving everyone else.
//
// Reproduce a failure with the seed fast-check prints; explore with
// FUZZ_SEED=<n> FUZZ_SCALE=<k> npx vitest run test/integration/frame-fuzz.test.ts
// (which also prints what the frames hit).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARD_MAX_FRAME_BYTES, MAX_FRAME_BYTES, MAX_MESSAGE_CHARS, PROTOCOL_VERSION } from '../../src-shared/limits.js';
import { CLOSE_CODES, ERROR_CODE_LIST, ERROR_CODES, type ErrorCode } from '../../src-shared/protocol/error-codes.js';
import { hostFrame, requestSchemas } from '../../src-shared/protocol/frames.js';
import type { ChatClient } from '../../src-shared/chat-client.js';
import { collect, sleep, startHost, type Harness } from '../helpers/host-harness.js';
import { messageTexts, RawSocket, type RawFrame } from '../helpers/raw-socket.js';

const BASE_SEED = process.env.FUZZ_SEED === undefined ? 20240611 : Number(process.env.FUZZ_SEED);
/** FUZZ_SCALE=10 sends ten times as many frames. */
const SCALE = process.env.FUZZ_SCALE === undefined ? 1 : Number(process.env.FUZZ_SCALE);
const FUZZER_NAME = 'fuzzer';
const FUZZER_PASSWORD = 'fuzz-secret';
/** Replaced by the fuzzer's real resume token when sent, so `resume` can succeed. */
const TOKEN_PLACEHOLDER = '\u0000TOKEN\u0000';
const SENTINEL_PREFIX = '\u0000sentinel-';

/** Close codes of the fatal errors a fuzzing connection may earn. */
const fatalCloseCode = (code: ErrorCode): number | undefined => (ERROR_CODES[code] as { closeCode?: number }).closeCode;
const ALLOWED_CLOSES = new Map<number, ErrorCode | null>([
  [fatalCloseCode('unsupported_version')!, 'unsupported_version'],
  [fatalCloseCode('too_many_attempts')!, 'too_many_attempts'],
  [fatalCloseCode('flood')!, 'flood'],
  [fatalCloseCode('signed_out')!, 'signed_out'],
  [CLOSE_CODES.tooBig, null], // no error frame: ws closes it before any is parsed
]);

type Payload = { kind: 'text'; data: string } | { kind: 'binary'; data: Uint8Array };

// ---------------------------------------------------------------- arbitraries

// handover.start from the fuzzer (an admin) would really start a hand-over and
// hold every later write until it fails; take-over.test.ts covers it, and its
// wrong follow-ups (ready/abort for no hand-over) are fuzzed here.
const REQUEST_TYPES = (Object.keys(requestSchemas) as Array<keyof typeof requestSchemas>).filter((type) => type !== 'handover.start');

const safeStringify = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

const OMIT = Symbol('omit');
const maybe = <T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> =>
  fc.oneof({ weight: 12, arbitrary: plausible }, { weight: 1, arbitrary: fc.anything() }, { weight: 1, arbitrary: fc.constant(OMIT) });
/** Mostly `likely`, sometimes `other`. */
const mostly = <T, U>(likely: fc.Arbitrary<T>, other: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ weight: 4, arbitrary: likely }, { weight: 1, arbitrary: other });

const anyNumber = fc.oneof(
  fc.nat({ max: 50 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e300, -0),
);
const shortString = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));
const fieldArbs: Record<string, fc.Arbitrary<unknown>> = {
  name: mostly(fc.constantFrom(FUZZER_NAME, 'FUZZER', 'watcher', 'alice', 'Al', 'x', '  bob  ', 'Zoë', 'a'.repeat(33), '#general', 'bo\u200bb', 'fuzz-room'), shortString),
  password: mostly(fc.constantFrom(FUZZER_PASSWORD, 'secret-pw', 'wrong-pw', 'short', ''), shortString),
  passcode: shortString,
  mode: mostly(fc.constantFrom('auto', 'register', 'login'), shortString),
  after: mostly(fc.nat({ max: 100 }), anyNumber),
  token: fc.oneof(fc.constant(TOKEN_PLACEHOLDER), fc.string({ minLength: 1, maxLength: 64 }), fc.constant('t'.repeat(257))),
  conv: mostly(fc.constantFrom('ch:1', 'ch:1', 'ch:2', 'ch:3', 'ch:999', 'dm:1:2', 'dm:1:3', 'dm:2:3', 'dm:1:999', 'dm:2:1', 'dm:1:1', 'ch:9999999999', 'ch:0', 'ch:01', 'general'), shortString),
  clientMsgId: mostly(fc.string({ minLength: 1, maxLength: 64 }), fc.constantFrom('dup-1', 'dup-2', '', 'x'.repeat(65))),
  text: fc.oneof(
    { weight: 6, arbitrary: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '   ', 'hello', '\u0000', '\ud800')) },
    { weight: 1, arbitrary: fc.integer({ min: MAX_MESSAGE_CHARS - 2, max: MAX_MESSAGE_CHARS + 2 }).map((n) => 'y'.repeat(n)) },
  ),
  before: mostly(fc.nat({ max: 100 }), anyNumber),
  around: mostly(fc.nat({ max: 100 }), anyNumber),
  seq: mostly(fc.nat({ max: 100 }), anyNumber),
  replyTo: mostly(fc.nat({ max: 100 }), anyNumber),
  threadRoot: mostly(fc.nat({ max: 100 }), anyNumber),
  alsoToChannel: mostly(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
  root: mostly(fc.nat({ max: 100 }), anyNumber),
  emoji: mostly(fc.constantFrom('👍', '❤️', '🇩🇪', '👨‍👩‍👧‍👦', 'a', '👍👍', ''), shortString),
  on: mostly(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
  query: mostly(fc.constantFrom('hello', 'cafe fri', '"x" OR y*', 'NEAR(a b)', '', '!!!', 'w '.repeat(17)), shortString),
  muted: mostly(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
  // The fuzzer is the admin: it may try itself (1) and nobody (999), never the watcher, who must stay signed in.
  userId: mostly(fc.constantFrom(1, 999), fc.constantFrom(0, -1, 1.5, '2', null)),
  removed: mostly(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
  admin: mostly(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
  limit: mostly(fc.integer({ min: -1, max: 201 }), anyNumber),
  topic: mostly(fc.string({ maxLength: 40 }), fc.integer({ min: 248, max: 252 }).map((n) => 't'.repeat(n))),
  channel: fc.oneof(fc.integer({ min: -1, max: 8 }), fc.constantFrom('#general', 'general', '#Random Stuff', 'fuzz-room', '#', ' # x '), shortString),
  channelId: mostly(fc.integer({ min: -1, max: 8 }), fc.oneof(anyNumber, shortString)),
  size: mostly(fc.constantFrom(0, 1, 10, 1024, 5 * 1024 ** 3), anyNumber),
  mimeType: mostly(fc.constantFrom('image/png', 'application/pdf', 'text/html; x', ''), shortString),
  thumbnail: mostly(fc.constantFrom('data:image/png;base64,AAAA', 'data:image/svg+xml;base64,AAAA', 'javascript:x'), shortString),
  fileId: mostly(fc.constantFrom('AAAAAAAAAAAAAAAAAAAAAA', '../../etc/passwd', 'x'), fc.string({ minLength: 1, maxLength: 64 })),
  sha256: mostly(fc.constantFrom('0'.repeat(64), 'F'.repeat(64), ''), shortString),
  canHost: mostly(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
  handover: mostly(fc.constantFrom('h1', 'AAAAAAAAAAAAAAAA', ''), shortString),
  port: mostly(fc.constantFrom(1, 47800, 65535, 0, 65536), anyNumber),
  addresses: mostly(fc.constantFrom(['127.0.0.1'], ['fd00::1', '10.0.0.2'], [], Array(9).fill('10.0.0.1')), fc.jsonValue({ maxDepth: 2 })),
  reason: shortString,
  offer: mostly(
    fc.record({
      urls: fc.constantFrom(['http://127.0.0.1:1/offers/AAAAAAAAAAAAAAAAAAAAAA'], ['http://10.0.0.1:2/offers/AAAAAAAAAAAAAAAAAAAAAA', 'http://10.0.0.2:2/offers/BBBBBBBBBBBBBBBBBBBBBB'], [], ['ftp://x/offers/A']),
      key: fc.constantFrom('a'.repeat(43), 'short', ''),
    }),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  e2e: mostly(
    fc.oneof(
      fc.constantFrom('{}', '{"v":1}', 'not json', '[]', 'null'),
      fc.record({ v: fc.constantFrom(1, 2), conversationId: fc.constantFrom('dm:1:2', 'ch:1', ''), messageId: shortString, senderUserId: fc.constantFrom('1', '2', 'x'), senderDeviceId: shortString }).map((e) => JSON.stringify(e)),
      fc.integer({ min: 48 * 1024 - 2, max: 48 * 1024 + 2 }).map((n) => 'e'.repeat(n)),
    ),
    fc.jsonValue({ maxDepth: 1 }),
  ),
  bundle: mostly(
    fc.record({
      v: fc.constantFrom(1, 2),
      userId: fc.constantFrom('1', '2', '999', ''),
      deviceId: fc.constantFrom('d1', 'd2', 'x'.repeat(65)),
      createdAt: fc.constantFrom(0, 1700000000000, -1),
      encryptionKey: fc.constantFrom('A'.repeat(43), 'short', '!!'),
      signingKey: fc.constantFrom('B'.repeat(43), ''),
      signature: fc.constantFrom('C'.repeat(86), 'x'),
    }),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  displayName: mostly(fc.constantFrom('Alice Liddell', '', ' ', 'x'.repeat(65), 'Zoë 🎉', '\u202eevil'), shortString),
  statusText: mostly(fc.constantFrom('In a meeting', '', 'x'.repeat(141), '🌴 away'), shortString),
  statusEmoji: mostly(fc.constantFrom('🌴', '', ':tada:', 'not an emoji', '🎉🎉'), shortString),
  archived: mostly(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
  userIds: mostly(fc.constantFrom([1], [1, 2, 2], [999], [], Array(101).fill(1)), fc.jsonValue({ maxDepth: 2 })),
};
const fieldsOf = (type: keyof typeof requestSchemas): string[] =>
  Object.keys(requestSchemas[type].shape).filter((k) => k !== 'v' && k !== 'type' && k !== 'id');

const idArb = fc.oneof({ weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: 64 }) }, { weight: 1, arbitrary: fc.anything() });

/** `{v: 1, type: <known type>, id, ...fields}` with plausible or random field values. */
const typedFrame: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(...REQUEST_TYPES).chain((type) =>
  fc
    .record({
      id: idArb,
      fields: fc.record(Object.fromEntries(fieldsOf(type).map((k) => [k, maybe(fieldArbs[k]!)]))),
      extra: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), { freq: 5 }),
    })
    .map(({ id, fields, extra }) => {
      const frame: Record<string, unknown> = { v: PROTOCOL_VERSION, type, id, ...(extra ?? {}) };
      for (const [k, value] of Object.entries(fields)) if (value !== OMIT) frame[k] = value;
      frame.v = PROTOCOL_VERSION;
      frame.type = type;
      return frame;
    }),
);

/** Frames every field of which is valid (for mutation). */
const validFrame: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(
  { type: 'ping' },
  { type: 'signin', name: FUZZER_NAME, password: FUZZER_PASSWORD },
  { type: 'signin', name: 'newcomer', password: 'secret-pw', mode: 'register' },
  { type: 'resume', token: TOKEN_PLACEHOLDER, after: 0 },
  { type: 'send', conv: 'ch:1', clientMsgId: 'm-1', text: 'hello' },
  { type: 'history', conv: 'ch:1', before: 10, limit: 5 },
  { type: 'send', conv: 'ch:1', clientMsgId: 'm-2', text: 'in a thread', threadRoot: 3, alsoToChannel: true },
  { type: 'thread.history', conv: 'ch:1', root: 3, before: 10 },
  { type: 'thread.read', conv: 'ch:1', root: 3, seq: 5 },
  { type: 'channel.create', name: 'fuzz-room', topic: 'hi' },
  { type: 'channel.join', channel: '#fuzz-room' },
  { type: 'channel.join', channel: 1 },
  { type: 'channel.leave', channelId: 2 },
  { type: 'channel.list' },
  { type: 'channel.members', channelId: 1 },
  { type: 'users.list' },
  { type: 'profile.update', displayName: 'Fuzz Er', statusText: 'fuzzing', statusEmoji: '🎉' },
  { type: 'channel.update', channelId: 2, topic: 'new topic', name: 'fuzz-room-2' },
  { type: 'channel.archive', channelId: 2, archived: true },
).map((f) => ({ v: PROTOCOL_VERSION, id: 'valid-1', ...f }));

type Mutation =
  | { kind: 'delete'; key: number }
  | { kind: 'set'; key: number; value: unknown }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'version'; value: unknown }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'wrap' }
  | { kind: 'double' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.nat(), value: fc.oneof(fc.anything(), anyNumber, shortString) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom('__proto__', 'constructor', 'toString', 'x'), value: fc.anything() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('version' as const), value: fc.oneof(fc.constantFrom(2, 0, '1', null, 1.0000001), fc.anything()) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom('"', '{', '}', ',', ':', '\\', '0', 'n', ' ') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'double' as const }) },
);

function mutate(frame: Record<string, unknown>, m: Mutation): string {
  const copy: Record<string, unknown> = { ...frame };
  const keys = Object.keys(copy);
  const json = JSON.stringify(frame);
  switch (m.kind) {
    case 'delete':
      delete copy[keys[m.key % keys.length]!];
      return safeStringify(copy);
    case 'set':
      copy[keys[m.key % keys.length]!] = m.value;
      return safeStringify(copy);
    case 'add':
      Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      return safeStringify(copy);
    case 'version':
      copy.v = m.value;
      return safeStringify(copy);
    case 'truncate':
      return json.slice(0, m.at % json.length);
    case 'insert': {
      const at = m.at % (json.length + 1);
      return json.slice(0, at) + m.text + json.slice(at);
    }
    case 'replace': {
      const at = m.at % json.length;
      return json.slice(0, at) + m.text + json.slice(at + 1);
    }
    case 'wrap':
      return `[${json}]`;
    case 'double':
      return json + json;
  }
}

const text = (data: string): Payload => ({ kind: 'text', data });

const stringPayload: fc.Arbitrary<Payload> = fc
  .oneof(
    { weight: 30, arbitrary: fc.string() },
    { weight: 30, arbitrary: fc.string({ unit: 'binary' }) },
    { weight: 10, arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }) },
    { weight: 10, arbitrary: fc.constantFrom('', ' ', '{', '}', '[]', '{}', 'null', 'true', '1e999', '"\\ud800"', '{"v":1}', '{"type":"ping"}', '\u0000', '\ufeff{"v":1,"type":"ping","id":"bom"}') },
    { weight: 1, arbitrary: fc.constantFrom(MAX_FRAME_BYTES - 20, MAX_FRAME_BYTES + 1, MAX_FRAME_BYTES * 2).map((n) => 'z'.repeat(n)) },
    { weight: 1, arbitrary: fc.constant(HARD_MAX_FRAME_BYTES + 1).map((n) => 'z'.repeat(n)) },
  )
  .map(text);

const jsonPayload: fc.Arbitrary<Payload> = fc
  .oneof(
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.anything().map(safeStringify),
    fc.record({ v: fc.oneof(fc.constant(PROTOCOL_VERSION), fc.anything()), type: fc.oneof(fc.constantFrom(...REQUEST_TYPES), fc.anything()), id: fc.anything() }).map(safeStringify),
    fc.array(typedFrame, { maxLength: 3 }).map(safeStringify),
  )
  .map(text);

const typedPayload: fc.Arbitrary<Payload> = typedFrame.map((f) => text(safeStringify(f)));

const mutatedPayload: fc.Arbitrary<Payload> = fc
  .tuple(fc.oneof(validFrame, typedFrame), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([frame, mutations]) => {
    let data = JSON.stringify(frame);
    for (const m of mutations) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        parsed = undefined;
      }
      data = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? mutate(parsed as Record<string, unknown>, m) : data + String(m.kind);
    }
    return text(data);
  });

const binaryPayload: fc.Arbitrary<Payload> = fc
  .oneof(
    fc.uint8Array({ maxLength: 300 }),
    typedFrame.map((f) => new Uint8Array(Buffer.from(safeStringify(f)))),
    fc.constant(new Uint8Array(0)),
  )
  .map((data): Payload => ({ kind: 'binary', data }));

// ---------------------------------------------------------------- the targets

interface Target {
  label: 'signed-in' | 'unsigned';
  socket: RawSocket;
  /** Frames up to here were checked. */
  checked: number;
}

describe('ChatHost', () => {
  describe('frame fuzzing', () => {
    let h: Harness;
    const hostLog: string[] = [];
    let fuzzerToken = '';
    let signed: Target;
    let unsigned: Target;
    /** Every socket used, retired ones too: their late frames are checked at the end. */
    const allSockets: RawSocket[] = [];
    const violations: string[] = [];
    const recent: string[] = [];
    const stats = { frames: 0, replacedSigned: 0, replacedUnsigned: 0, closes: new Map<number, number>(), codes: new Map<string, number>() };
    /** Connected (not signed in) from the start; signs in at the end. */
    let steady: RawSocket;
    /** A ChatClient signed in all along. */
    let watcher: ChatClient;
    let watcherEvents: ReturnType<typeof collect>;

    const describeFrame = (frame: RawFrame) => JSON.stringify(frame).slice(0, 300);
    const violation = (target: Target | null, what: string) => {
      violations.push(`${target?.label ?? 'socket'}: ${what}\n  recent fuzz frames: ${recent.map((r) => r.slice(0, 200)).join('\n    ')}`);
    };

    const openSigned = async (): Promise<RawSocket> => {
      const socket = await RawSocket.open(h.url);
      allSockets.push(socket);
      let answer = await socket.request('resume', { token: fuzzerToken });
      if (answer.type === 'error' && answer.code === 'token_invalid') {
        // A fuzzed signout forgot the token: sign in again for a new one.
        answer = await socket.request('signin', { name: FUZZER_NAME, password: FUZZER_PASSWORD });
        if (answer.type === 'reply') fuzzerToken = (answer.data as { token: string }).token;
      }
      if (answer.type !== 'reply') throw new Error(`resume failed: ${describeFrame(answer)}`);
      return socket;
    };
    const openUnsigned = async (): Promise<RawSocket> => {
      const socket = await RawSocket.open(h.url);
      allSockets.push(socket);
      return socket;
    };

    /** Checks the frames a target received since the last check. */
    const checkFrames = (target: Target) => {
      const frames = target.socket.frames;
      for (; target.checked < frames.length; target.checked++) {
        const frame = frames[target.checked]!;
        const parsed = hostFrame.safeParse(frame);
        if (!parsed.success) {
          violation(target, `malformed host frame ${describeFrame(frame)}: ${parsed.error.issues[0]?.message}`);
          continue;
        }
        if (frame.type === 'error') {
          const code = frame.code as ErrorCode;
          stats.codes.set(code, (stats.codes.get(code) ?? 0) + 1);
          if (code === 'invalid_field') stats.codes.set(`field:${String(frame.field)}`, (stats.codes.get(`field:${String(frame.field)}`) ?? 0) + 1);
          if (!ERROR_CODE_LIST.includes(code)) violation(target, `unlisted error code ${describeFrame(frame)}`);
          if (code === 'server_error') violation(target, `server_error (a handler threw): ${describeFrame(frame)}\n  host log: ${hostLog.slice(-3).join('\n')}`);
        }
      }
      if (target.socket.garbage.length > 0) violation(target, `non-JSON frames from the host: ${String(target.socket.garbage[0]).slice(0, 200)}`);
    };

    /** A closed target must have been closed with a listed fatal code (after its error frame). */
    const checkClose = (target: Target) => {
      const info = target.socket.closeInfo;
      if (!info) return;
      stats.closes.set(info.code, (stats.closes.get(info.code) ?? 0) + 1);
      if (!ALLOWED_CLOSES.has(info.code)) {
        violation(target, `closed with ${info.code} ${info.reason}, not a fatal code of PROTOCOL.md`);
        return;
      }
      const errorCode = ALLOWED_CLOSES.get(info.code);
      if (errorCode && !target.socket.frames.some((f) => f.type === 'error' && f.code === errorCode)) {
        violation(target, `closed with ${info.code} without a ${errorCode} error frame first`);
      }
    };

    /** Replaces a target that was closed, or (the unsigned one) that signed in. */
    const refresh = async (target: Target) => {
      const signedInNow = target.label === 'unsigned' && target.socket.frames.some((f) => f.type === 'reply' && (f.data as { token?: unknown } | null)?.token !== undefined);
      if (target.socket.isOpen && !signedInNow) return;
      if (target.socket.closeInfo === null) {
        // Signed in by a fuzz frame, or still closing: let late answers land, then retire it.
        await Promise.race([target.socket.closed, sleep(200)]);
        checkFrames(target);
        checkClose(target);
        if (target.socket.isOpen) target.socket.close();
      }
      if (target.label === 'signed-in') stats.replacedSigned++;
      else stats.replacedUnsigned++;
      target.socket = target.label === 'signed-in' ? await openSigned() : await openUnsigned();
      target.checked = 0;
    };

    const send = (socket: RawSocket, payload: Payload) => {
      if (payload.kind === 'binary') socket.sendBinary(payload.data);
      else socket.sendText(payload.data.split(TOKEN_PLACEHOLDER).join(fuzzerToken));
    };

    let sentinels = 0;
    /** Sends the payload to one target, then a ping; waits for the ping's reply or for the close. */
    const fuzzOne = async (target: Target, payload: Payload) => {
      await refresh(target);
      const socket = target.socket;
      send(socket, payload);
      stats.frames++;
      const sentinel = `${SENTINEL_PREFIX}${++sentinels}`;
      socket.sendRequest('ping', {}, sentinel);
      await Promise.race([socket.answer(sentinel, 5000).catch(() => undefined), socket.closed]);
      if (!socket.isOpen && !socket.closeInfo) await socket.closedWithin(3000).catch(() => undefined);
      // A fatal error must be followed by the close.
      if (socket.frames.some((f) => f.type === 'error' && ERROR_CODES[f.code as ErrorCode]?.fatal) && !socket.closeInfo) {
        await socket.closedWithin(3000).catch(() => violation(target, 'a fatal error was not followed by a close'));
      }
      if (socket.isOpen && !socket.frames.some((f) => f.re === sentinel)) violation(target, 'no answer to a ping after the fuzz frame');
      checkFrames(target);
      if (socket.closeInfo) checkClose(target);
    };

    const property = (arb: fc.Arbitrary<Payload>) =>
      fc.asyncProperty(arb, async (payload) => {
        recent.push(payload.kind === 'binary' ? `binary ${Buffer.from(payload.data).toString('hex').slice(0, 120)}` : JSON.stringify(payload.data.slice(0, 300)));
        if (recent.length > 4) recent.shift();
        await Promise.all([fuzzOne(signed, payload), fuzzOne(unsigned, payload)]);
        // Cleared once reported, so that later tests report only their own.
        if (violations.length > 0) throw new Error(violations.splice(0).join('\n'));
      });

    // Shrinking is off: the host is stateful, and each violation names the frame behind it.
    const run = (arb: fc.Arbitrary<Payload>, numRuns: number, seedOffset: number) =>
      fc.assert(property(arb), { numRuns: Math.round(numRuns * SCALE), seed: BASE_SEED + seedOffset, endOnFailure: true });

    beforeAll(async () => {
      h = await startHost({
        limits: { ratePerSecond: 1e6, burst: 1e6, authTimeoutMs: 120_000 },
        log: (line) => hostLog.push(line),
      });
      const first = await RawSocket.open(h.url);
      allSockets.push(first);
      const answer = await first.request('signin', { name: FUZZER_NAME, password: FUZZER_PASSWORD });
      fuzzerToken = (answer.data as { token: string }).token;
      signed = { label: 'signed-in', socket: first, checked: 0 };
      unsigned = { label: 'unsigned', socket: await openUnsigned(), checked: 0 };
      steady = await RawSocket.open(h.url);
      watcher = await h.signIn('watcher');
      watcherEvents = collect(watcher);
    });

    afterAll(async () => {
      for (const socket of [...allSockets, steady]) socket.close();
      await h.stop();
    });

    it('answers arbitrary strings with listed errors only', async () => {
      await run(stringPayload, 250, 1);
    });

    it('answers arbitrary JSON values with listed errors only', async () => {
      await run(jsonPayload, 250, 2);
    });

    it('answers frames of known types with random fields with a reply or a listed error', async () => {
      await run(typedPayload, 500, 3);
    });

    it('answers mutated valid frames with a reply or a listed error', async () => {
      await run(mutatedPayload, 350, 4);
    });

    it('answers random binary frames with bad_frame or frame_too_large', async () => {
      const before = stats.codes.get('bad_frame') ?? 0;
      await run(binaryPayload, 150, 5);
      expect((stats.codes.get('bad_frame') ?? 0) - before).toBeGreaterThan(250 * SCALE);
    });

    it('still serves a client connected all along, and left nothing broken', async () => {
      // Late answers (sign-ins hash on the thread pool) land, then everything is checked.
      await sleep(300);
      checkFrames(signed);
      checkFrames(unsigned);
      for (const socket of allSockets) {
        const target: Target = { label: 'unsigned', socket, checked: 0 };
        checkFrames(target);
        if (socket.closeInfo && socket.closeInfo.code !== 1000) checkClose(target);
      }
      expect(violations).toEqual([]);
      expect(hostLog.filter((line) => line.includes('failed'))).toEqual([]);
      expect(stats.frames).toBeGreaterThanOrEqual(3000 * SCALE);
      if (process.env.FUZZ_SEED !== undefined) console.log(JSON.stringify({ ...stats, closes: [...stats.closes], codes: [...stats.codes], replies: allSockets.reduce((n, s) => n + s.frames.filter((f) => f.type === 'reply').length, 0), sockets: allSockets.length }));

      // The well-behaved client connected all along signs in, sends and receives.
      expect(steady.isOpen).toBe(true);
      await steady.signIn('steady');
      const sent = await steady.request('send', { conv: 'ch:1', clientMsgId: 'steady-1', text: 'after the storm' });
      expect(sent).toMatchObject({ type: 'reply', data: { duplicate: false, message: { text: 'after the storm' } } });
      await steady.waitFor(() => messageTexts(steady, 'ch:1').includes('after the storm'));
      await watcherEvents.waitFor(() => watcherEvents.texts('ch:1').includes('after the storm'));
      const reply = await watcher.send('ch:1', 'still here').done;
      expect(reply.text).toBe('still here');
      await steady.waitFor(() => messageTexts(steady, 'ch:1').includes('still here'));
      expect(watcher.state).toBe('online');
    });
  });
});
