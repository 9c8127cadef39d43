import { describe, expect, it } from 'vitest';
import { acceptableEncodings, parseAcceptEncoding } from '../../src-main/host/accept-encoding.js';

describe('parseAcceptEncoding', () => {
  it('reads codings and q-values, case-insensitively, with x-gzip as gzip', () => {
    expect([...parseAcceptEncoding('GZIP;q=0.5, br ;Q=1, X-Gzip;q=0.2, identity;q=0')]).toEqual([
      ['gzip', 0.5],
      ['br', 1],
      ['identity', 0],
    ]);
  });

  it('drops entries whose q is not a number in 0–1', () => {
    expect([...parseAcceptEncoding('br;q=2, gzip;q=abc, deflate;q=0.1234, identity;q=.5, zstd;q=1.000')]).toEqual([['zstd', 1]]);
  });
});

describe('acceptableEncodings', () => {
  it('prefers br, then gzip, when the browser lists them all at q=1', () => {
    expect(acceptableEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip', 'identity']);
    expect(acceptableEncodings('gzip, deflate')).toEqual(['gzip', 'identity']);
  });

  it('follows the client’s q-values over the host’s preference', () => {
    expect(acceptableEncodings('br;q=0.5, gzip')).toEqual(['gzip', 'br', 'identity']);
    expect(acceptableEncodings('identity, gzip;q=0.5')).toEqual(['identity', 'gzip']);
    expect(acceptableEncodings('br;q=0, gzip;q=0')).toEqual(['identity']);
  });

  it('sends identity when there is no header, or an empty one', () => {
    expect(acceptableEncodings(undefined)).toEqual(['identity']);
    expect(acceptableEncodings('')).toEqual(['identity']);
    expect(acceptableEncodings('deflate, zstd')).toEqual(['identity']);
  });

  it('reads * as every coding not named, identity last unless named', () => {
    expect(acceptableEncodings('*')).toEqual(['br', 'gzip', 'identity']);
    expect(acceptableEncodings('gzip;q=0.3, *;q=0.6')).toEqual(['br', 'gzip', 'identity']);
    expect(acceptableEncodings('*;q=0.5, identity')).toEqual(['identity', 'br', 'gzip']);
  });

  it('excludes identity only when told to: identity;q=0, or *;q=0 without identity named', () => {
    expect(acceptableEncodings('gzip, identity;q=0')).toEqual(['gzip']);
    expect(acceptableEncodings('br, *;q=0')).toEqual(['br']);
    expect(acceptableEncodings('*;q=0, identity;q=0.1')).toEqual(['identity']);
    expect(acceptableEncodings('deflate, identity;q=0')).toEqual([]);
  });

  it('offers only what is available', () => {
    expect(acceptableEncodings('br, gzip', ['gzip', 'identity'])).toEqual(['gzip', 'identity']);
    expect(acceptableEncodings('br, gzip', ['identity'])).toEqual(['identity']);
  });

  it('joins a header sent on several lines', () => {
    expect(acceptableEncodings(['gzip;q=0.9', 'br;q=0.1'])).toEqual(['gzip', 'br', 'identity']);
  });
});
