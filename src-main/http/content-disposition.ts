// Content-Disposition for a served file (RFC 6266, with RFC 5987's UTF-8 form):
// every browser and download manager picks up `filename*`, old ones fall back
// to the ASCII `filename`. The name is whatever the caller decided to show
// (the host and the offer server pass a sanitised one, src-shared/file-names.ts).

/** `attachment; filename="ascii"; filename*=UTF-8''utf8` (or `inline; …`). */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  // The quoted form: printable ASCII only, and no quote, backslash or % (some clients decode it).
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  // encodeURIComponent leaves ' ( ) * ! alone; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
