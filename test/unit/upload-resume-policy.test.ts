import { describe, expect, it } from 'vitest';
import {
  isRetryableUploadStatus,
  nextUploadStep,
  UPLOAD_RESUME_POLICY,
  uploadRetryDelay,
  UploadResumeTracker,
  type UploadResumeStep,
} from '../../src-shared/upload-resume-policy.js';

const cut = { status: 0, offset: null };

describe('isRetryableUploadStatus', () => {
  it('retries no answer, 408, 409, 429 and server errors', () => {
    for (const status of [0, 408, 409, 429, 500, 502, 503, 504]) expect(isRetryableUploadStatus(status), String(status)).toBe(true);
  });

  it('does not retry what a person has to fix: sign-in, membership, a gone upload, a changed file, a full disk', () => {
    for (const status of [400, 401, 403, 404, 405, 413, 416, 507, 200, 204, 302, 600]) expect(isRetryableUploadStatus(status), String(status)).toBe(false);
  });
});

describe('uploadRetryDelay', () => {
  it('starts at 500 ms and doubles up to 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => uploadRetryDelay(n))).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('follows the policy given', () => {
    expect([1, 2, 3].map((n) => uploadRetryDelay(n, { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 3 }))).toEqual([1, 2, 3]);
  });
});

describe('nextUploadStep', () => {
  it('asks the host for its offset after a cut or a server error', () => {
    expect(nextUploadStep(cut, 1)).toEqual({ action: 'ask-offset', delayMs: 500 });
    expect(nextUploadStep({ status: 503, offset: null }, 2)).toEqual({ action: 'ask-offset', delayMs: 1000 });
    expect(nextUploadStep({ status: 500, offset: 10 }, 1)).toEqual({ action: 'ask-offset', delayMs: 500 });
  });

  it('continues from the offset a 409 carries, and asks when it carries none', () => {
    expect(nextUploadStep({ status: 409, offset: 1000 }, 1)).toEqual({ action: 'continue', offset: 1000, delayMs: 500 });
    expect(nextUploadStep({ status: 409, offset: null }, 1)).toEqual({ action: 'ask-offset', delayMs: 500 });
  });

  it('gives up at once on a refusal, however few failures came before', () => {
    expect(nextUploadStep({ status: 507, offset: 10 }, 1)).toEqual({ action: 'give-up', reason: 'refused' });
    expect(nextUploadStep({ status: 404, offset: null }, 1)).toEqual({ action: 'give-up', reason: 'refused' });
  });

  it(`gives up after ${UPLOAD_RESUME_POLICY.maxRetries} retries`, () => {
    expect(nextUploadStep(cut, UPLOAD_RESUME_POLICY.maxRetries).action).toBe('ask-offset');
    expect(nextUploadStep(cut, UPLOAD_RESUME_POLICY.maxRetries + 1)).toEqual({ action: 'give-up', reason: 'kept-failing' });
    expect(nextUploadStep(cut, 1, { ...UPLOAD_RESUME_POLICY, maxRetries: 0 })).toEqual({ action: 'give-up', reason: 'kept-failing' });
  });
});

describe('UploadResumeTracker', () => {
  const steps = (tracker: UploadResumeTracker, n: number): UploadResumeStep[] => Array.from({ length: n }, () => tracker.failed(cut));

  it('counts failures in a row with growing waits, then gives up', () => {
    const tracker = new UploadResumeTracker(0);
    expect(steps(tracker, 6)).toEqual([
      { action: 'ask-offset', delayMs: 500 },
      { action: 'ask-offset', delayMs: 1000 },
      { action: 'ask-offset', delayMs: 2000 },
      { action: 'ask-offset', delayMs: 4000 },
      { action: 'ask-offset', delayMs: 5000 },
      { action: 'give-up', reason: 'kept-failing' },
    ]);
    expect(tracker.failures).toBe(6);
  });

  it('starts the count over when the host holds more bytes than before', () => {
    const tracker = new UploadResumeTracker(100);
    steps(tracker, 4);
    tracker.heldByHost(100); // the same offset: no progress
    expect(tracker.failures).toBe(4);
    tracker.heldByHost(50); // fewer (the host lost some): no progress either
    expect(tracker.failures).toBe(4);
    tracker.heldByHost(101);
    expect(tracker.failures).toBe(0);
    expect(tracker.failed(cut)).toEqual({ action: 'ask-offset', delayMs: 500 });
    // Progress is measured against the most the host ever held.
    tracker.heldByHost(60);
    tracker.heldByHost(101);
    expect(tracker.failures).toBe(1);
  });

  it('lets a long upload over a link that keeps dropping finish, as long as bytes keep arriving', () => {
    const tracker = new UploadResumeTracker(0);
    for (let held = 1; held <= 100; held++) {
      expect(tracker.failed(cut).action).toBe('ask-offset');
      tracker.heldByHost(held);
    }
  });

  it('uses the policy it was given', () => {
    const tracker = new UploadResumeTracker(0, { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 });
    expect(steps(tracker, 2)).toEqual([{ action: 'ask-offset', delayMs: 1 }, { action: 'give-up', reason: 'kept-failing' }]);
  });
});
