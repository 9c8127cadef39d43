// The exact bytes a signature or an AEAD's associated data covers. This is an
// encoding, not a primitive: a domain tag (so a signature made for one purpose
// never verifies as another), a newline, then JSON of a *nested array* of
// strings and safe integers. Arrays keep their order and JSON.stringify writes
// strings and integers one way only, so the same fields always give the same
// bytes on every platform, and a receiver re-derives them from the fields it
// parsed instead of trusting bytes it was sent.

export type CanonicalValue = string | number | CanonicalValue[];

function check(value: CanonicalValue): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('canonical bytes take safe integers only');
  } else if (Array.isArray(value)) {
    for (const item of value) check(item);
  } else if (typeof value !== 'string') {
    throw new TypeError('canonical bytes take strings, safe integers and arrays only');
  }
}

/** `domain` + "\n" + JSON of `fields`, as UTF-8. */
export function canonicalBytes(domain: string, fields: CanonicalValue[]): Uint8Array {
  check(fields);
  return new TextEncoder().encode(`${domain}\n${JSON.stringify(fields)}`);
}
