// Content negotiation on Accept-Encoding (RFC 9110 §12.5.3), for the web
// client's files: which of the encodings the host has for a file may the
// client take, best first.
//
//  - No header at all: identity only. The RFC would allow any coding, but old
//    clients and simple tools that send nothing expect plain bytes.
//  - `coding;q=x`: x is 0–1; q=0 means "not acceptable". Codings are
//    case-insensitive; `x-gzip` is gzip. An entry whose q is not a number in
//    0–1 is ignored (a garbled header falls back to identity, never to a
//    coding the client cannot read).
//  - `*` stands for every coding not named in the header.
//  - identity is acceptable unless excluded (`identity;q=0`, or `*;q=0`
//    without identity named); when the header does not name it, it ranks
//    below every coding it does name.
//  - Ties go to the host's order of preference: br (smallest), then gzip, then
//    identity. Browsers list `gzip, deflate, br, zstd` all at q=1, so they get
//    br.

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** The host's order of preference: smallest first. */
export const SUPPORTED_ENCODINGS: readonly ContentEncoding[] = ['br', 'gzip', 'identity'];

const ALIASES: Record<string, string> = { 'x-gzip': 'gzip' };
const Q_PATTERN = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** The header's entries: lower-case coding → q (first mention wins); malformed entries dropped. */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const entry of header.split(',')) {
    const [rawCoding = '', ...params] = entry.split(';');
    const name = rawCoding.trim().toLowerCase();
    if (name === '') continue;
    const coding = ALIASES[name] ?? name;
    let q = 1;
    let valid = true;
    for (const param of params) {
      const [key = '', value = ''] = param.split('=').map((s) => s.trim());
      if (key.toLowerCase() !== 'q') continue;
      if (!Q_PATTERN.test(value)) valid = false;
      else q = Number(value);
    }
    if (valid && !weights.has(coding)) weights.set(coding, q);
  }
  return weights;
}

/**
 * The encodings among `available` that the client accepts, best first.
 * Empty when nothing available is acceptable (the caller answers 406).
 */
export function acceptableEncodings(
  header: string | string[] | undefined,
  available: readonly ContentEncoding[] = SUPPORTED_ENCODINGS,
): ContentEncoding[] {
  if (header === undefined) return available.includes('identity') ? ['identity'] : [];
  const weights = parseAcceptEncoding(Array.isArray(header) ? header.join(',') : header);
  const star = weights.get('*');
  const ranked: Array<{ encoding: ContentEncoding; q: number }> = [];
  for (const encoding of available) {
    let q = weights.get(encoding) ?? star;
    // identity not named: acceptable (unless `*;q=0`), below anything named.
    if (q === undefined || (encoding === 'identity' && !weights.has('identity') && q > 0)) {
      q = encoding === 'identity' ? Number.MIN_VALUE : 0;
    }
    if (q > 0) ranked.push({ encoding, q });
  }
  const preference = (e: ContentEncoding) => SUPPORTED_ENCODINGS.indexOf(e);
  return ranked.sort((a, b) => b.q - a.q || preference(a.encoding) - preference(b.encoding)).map((r) => r.encoding);
}
