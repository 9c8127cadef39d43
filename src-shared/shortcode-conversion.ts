// `:shortcode:` → emoji when a message is sent, as Slack and Mattermost do:
// `:tada:` becomes 🎉, several in one line all convert, a name nobody knows
// (`:not_an_emoji:`) stays as typed, and nothing inside `code` — an inline
// span or a ``` fenced block — changes (code is literal; `a:b:c` in a
// command line must survive).
import { SHORTCODE_ALIASES } from './emoji-shortcodes.js';

/** The emoji for a shortcode name (without the colons), or undefined. */
export type ShortcodeLookup = (name: string) => string | undefined;

export const aliasLookup: ShortcodeLookup = (name) => (Object.hasOwn(SHORTCODE_ALIASES, name) ? SHORTCODE_ALIASES[name] : undefined);

/** Names are lower-case letters, digits, `_`, `+` and `-` (`:+1:`, `:-1:`, `:100:`). */
const SHORTCODE = /:([a-z0-9_+-]+):/g;

/** Fenced blocks (``` or ~~~ to the matching fence or the end) and inline spans (a run of backticks to the same run); an unclosed run is itself skipped so it cannot open a span later. */
const CODE = /^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\2[`~]*[ \t]*(?=\n|$)|$)|(`+)[\s\S]*?[^`]\3(?!`)|`+/gm;

export function convertShortcodes(text: string, lookup: ShortcodeLookup = aliasLookup): string {
  if (!text.includes(':')) return text;
  const replace = (plain: string) => plain.replace(SHORTCODE, (whole, name: string) => lookup(name) ?? whole);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CODE)) {
    out += replace(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + replace(text.slice(last));
}
