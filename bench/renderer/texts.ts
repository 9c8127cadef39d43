// The text of the bench's i-th message, the same for the seeded host and the
// baseline page (bench/renderer/baseline/), so both render the same rows.
// Every 17th message has a second line with a bare URL (Markdown: a link).
const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');

export function messageText(i: number): string {
  const length = 3 + ((i * 7919) % 40);
  const body = Array.from({ length }, (_, k) => words[(i + k * 13) % words.length]).join(' ');
  return i % 17 === 0 ? `msg ${i}: ${body}\nsecond line, see https://example.com/${i}` : `msg ${i}: ${body}`;
}

/** A thread reply's text: "reply 12 of 1000: …". */
export function replyText(root: number, n: number, of: number): string {
  return `reply ${n} of ${of} to ${root}: ${messageText(root * 31 + n).replace(/^msg \d+: /, '')}`;
}
