// Dates and times as people read them, in the reader's locale: day separators
// say "Today", "Yesterday" or the date; messages show the time. The one place
// the renderer formats a date or time (list, search results, threads, file
// rows, tooltips), so a time reads the same everywhere. Hours are 'numeric',
// never '2-digit': the locale decides 12 or 24 hours ("6:36 PM" in en-US,
// "18:36" in en-GB or de), as Slack and Signal do; no leading zero on a
// 12-hour clock.

/**
 * One Intl.DateTimeFormat per locale and set of options, kept: building one
 * costs far more than formatting with it, and every message row formats its
 * time two or three times (bench/renderer/README.md: a quarter of the list's
 * main-thread time went on constructing formatters).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

/** A local calendar day, e.g. "2026-3-14". */
export function dayKey(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function dayLabel(ts: number, now = Date.now(), locale?: string): string {
  const today = startOfDay(now);
  const day = startOfDay(ts);
  if (day === today) return 'Today';
  const yesterday = new Date(today);
  yesterday.setDate(yesterday.getDate() - 1);
  if (day === yesterday.getTime()) return 'Yesterday';
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return formatter(locale, { weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(ts);
}

const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const FULL: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

/** "6:36 PM" or "18:36", as the locale writes it. */
export function timeLabel(ts: number, locale?: string): string {
  return formatter(locale, TIME).format(ts);
}

/**
 * When, in a list of things from any day (search results): the time for
 * today, "14 Mar" this year, "14 Mar 2025" before.
 */
export function shortWhenLabel(ts: number, now = Date.now(), locale?: string): string {
  if (dayKey(ts) === dayKey(now)) return timeLabel(ts, locale);
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return formatter(locale, { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(ts);
}

/** The full date and time, for a tooltip. */
export function fullTimeLabel(ts: number, locale?: string): string {
  return formatter(locale, FULL).format(ts);
}
