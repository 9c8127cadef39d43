import { describe, expect, it } from 'vitest';
import { fullTimeLabel, shortWhenLabel, timeLabel } from '../../../src-renderer/conversation/time-format.js';

const EVENING = new Date(2026, 2, 14, 18, 6).getTime(); // 14 March 2026, 18:06 local
const MORNING = new Date(2026, 2, 14, 6, 36).getTime();
/** Intl puts a narrow no-break space before "PM" in newer ICU versions. */
const plain = (s: string) => s.replace(/\s/gu, ' ');

describe('time format', () => {
  it('follows the locale: 12-hour without a leading zero in en-US, 24-hour in en-GB and de', () => {
    expect(plain(timeLabel(MORNING, 'en-US'))).toBe('6:36 AM');
    expect(plain(timeLabel(EVENING, 'en-US'))).toBe('6:06 PM');
    expect(timeLabel(EVENING, 'en-GB')).toBe('18:06');
    expect(timeLabel(EVENING, 'de-DE')).toBe('18:06');
  });

  it('search results show the same time as the list for today, and the date for other days', () => {
    const now = new Date(2026, 2, 14, 20, 0).getTime();
    expect(shortWhenLabel(MORNING, now, 'en-US')).toBe(timeLabel(MORNING, 'en-US'));
    expect(shortWhenLabel(new Date(2026, 0, 3, 9).getTime(), now, 'en-US')).toBe('Jan 3');
    expect(shortWhenLabel(new Date(2025, 0, 3, 9).getTime(), now, 'en-US')).toBe('Jan 3, 2025');
  });

  it('the tooltip carries the full date and the time in the same clock', () => {
    const full = plain(fullTimeLabel(EVENING, 'en-US'));
    expect(full).toContain('March 14, 2026');
    expect(full).toContain('6:06 PM');
  });
});
