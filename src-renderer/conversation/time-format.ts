// Dates and times as people read them, in the reader's locale: day separators
// say "Today", "Yesterday" or the date; messages show the time. The one place
// the renderer formats a date or time (list, search results, threads, file
// rows, tooltips), so a time reads the same everywhere. Hours are 'numeric',
// never '2-digit': the locale decides 12 or 24 hours ("6:36 PM" in en-US,
// "18:36" in en-GB or de), as Slack and Signal do; no leading zero on a
// 12-hour clock.

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
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(ts);
}

// A row's time and its tooltip are formatted for every message drawn: making
// an Intl.DateTimeFormat each time was ~20% of rendering a page of 50
// (bench/dm-open, profile), so those two are made once per locale. (They keep
// the time zone they were made in until the page reloads.)
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'time' | 'full', locale: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}:${locale ?? ''}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, kind === 'time' ? { hour: 'numeric', minute: '2-digit' } : { dateStyle: 'full', timeStyle: 'short' });
    formatters.set(key, made);
  }
  return made;
}

/** "6:36 PM" or "18:36", as the locale writes it. */
export function timeLabel(ts: number, locale?: string): string {
  return formatter('time', locale).format(ts);
}

/**
 * When, in a list of things from any day (search results): the time for
 * today, "14 Mar" this year, "14 Mar 2025" before.
 */
export function shortWhenLabel(ts: number, now = Date.now(), locale?: string): string {
  if (dayKey(ts) === dayKey(now)) return timeLabel(ts, locale);
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(ts);
}

/** The full date and time, for a tooltip. */
export function fullTimeLabel(ts: number, locale?: string): string {
  return formatter('full', locale).format(ts);
}
