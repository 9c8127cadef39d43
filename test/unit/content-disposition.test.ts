import { describe, expect, it } from 'vitest';
import { contentDisposition } from '../../src-main/http/content-disposition.js';

/** The name a client decodes from `filename*` (RFC 5987). */
const decoded = (header: string) => decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)![1]!);

describe('contentDisposition', () => {
  it('gives both forms for a plain name', () => {
    expect(contentDisposition('attachment', 'plan.pdf')).toBe(`attachment; filename="plan.pdf"; filename*=UTF-8''plan.pdf`);
    expect(contentDisposition('inline', 'cat.png')).toBe(`inline; filename="cat.png"; filename*=UTF-8''cat.png`);
  });

  it('keeps the quoted form to printable ASCII without quotes, backslashes or %', () => {
    const header = contentDisposition('attachment', 'Grüße "100%" \\ 日本.txt');
    expect(header).toContain('filename="Gr__e _100__ _ __.txt"');
    expect(decoded(header)).toBe('Grüße "100%" \\ 日本.txt');
  });

  it("percent-encodes ' ( ) * ! in the UTF-8 form, which RFC 5987 does not allow bare", () => {
    const header = contentDisposition('attachment', "it's (really) *done*!.txt");
    const utf8 = header.slice(header.indexOf("UTF-8''") + 7);
    expect(utf8).not.toMatch(/['()*!]/);
    expect(decoded(header)).toBe("it's (really) *done*!.txt");
  });

  it('never lets a name end the header value early', () => {
    const header = contentDisposition('attachment', 'a";\r\nx-evil: 1.txt');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.split('filename="')[1]!.split('"')[0]).toBe('a_;__x-evil: 1.txt');
  });
});
