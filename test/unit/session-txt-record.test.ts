// The TXT record of PROTOCOL.md "Discovery", as src-shared/protocol/session-txt-record.ts
// defines it: the schema both the advertiser and every joiner use, and how a
// joiner reads a record it received.
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src-shared/limits.js';
import { MAX_TXT_STRING_BYTES, MDNS_SERVICE_TYPE, parseSessionTxt, sessionTxtRecord, utf8ByteLength } from '../../src-shared/protocol/session-txt-record.js';

const TXT = { v: '1', id: 'abc-123', name: 'Design team', online: '2', passcode: '0' } as const;

describe('MDNS_SERVICE_TYPE', () => {
  it('is _parley._tcp', () => {
    expect(`_${MDNS_SERVICE_TYPE}._tcp`).toBe('_parley._tcp');
  });
});

describe('sessionTxtRecord', () => {
  it('accepts the record PROTOCOL.md shows, and drops keys it does not know', () => {
    expect(sessionTxtRecord.parse({ ...TXT, v: String(PROTOCOL_VERSION) })).toEqual({ ...TXT, v: String(PROTOCOL_VERSION) });
    expect(sessionTxtRecord.parse({ ...TXT, later: 'x' })).toEqual(TXT);
  });

  it('carries the session identity as fp (64 hex digits), and refuses anything else there', () => {
    const fp = 'a1'.repeat(32);
    expect(sessionTxtRecord.parse({ ...TXT, fp })).toEqual({ ...TXT, fp });
    expect(sessionTxtRecord.safeParse({ ...TXT, fp: 'A1'.repeat(32) }).success).toBe(false);
    expect(sessionTxtRecord.safeParse({ ...TXT, fp: 'a1' }).success).toBe(false);
  });

  it('holds every key=value within one 255-byte TXT string, counted in UTF-8', () => {
    const fits = 'ü'.repeat((MAX_TXT_STRING_BYTES - 'name='.length) / 2); // 250 bytes: "name=" + 250 = 255 exactly
    expect(sessionTxtRecord.safeParse({ ...TXT, name: fits }).success).toBe(true);
    const result = sessionTxtRecord.safeParse({ ...TXT, name: `${fits}a` });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['name'], message: 'TXT entry name is longer than 255 bytes' });
  });

  it('utf8ByteLength counts UTF-8 bytes, not characters', () => {
    expect([utf8ByteLength('a'), utf8ByteLength('é'), utf8ByteLength('🦊'), utf8ByteLength('')]).toEqual([1, 2, 4, 0]);
  });
});

describe('parseSessionTxt', () => {
  it('accepts a Parley TXT record (extra keys ignored) and reads the protocol version', () => {
    expect(parseSessionTxt({ ...TXT, extra: 'x' })).toEqual({ ...TXT, protocol: 1 });
  });

  it.each([
    ['missing keys', { v: '1', id: 'a' }],
    ['online not a number', { ...TXT, online: 'lots' }],
    ['passcode not 0/1', { ...TXT, passcode: 'yes' }],
    ['version not a number', { ...TXT, v: 'one' }],
    ['empty id', { ...TXT, id: '  ' }],
    ['empty name', { ...TXT, name: '' }],
    ['boolean value (key without =)', { ...TXT, online: true }],
    ['not an object', 'v=1'],
    ['nothing', undefined],
  ])('ignores a malformed record: %s', (_label, txt) => {
    expect(parseSessionTxt(txt)).toBeNull();
  });
});

