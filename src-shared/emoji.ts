// What counts as "one emoji" for a reaction (PROTOCOL.md, "react"): a single
// grapheme made of emoji characters — a pictograph with its variation
// selector, skin tone, ZWJ sequence or tag sequence, a flag (two regional
// indicators) or a keycap — of at most REACTION_EMOJI_MAX_CHARS UTF-16 units.
import { REACTION_EMOJI_MAX_CHARS } from './limits.js';

const EMOJI_GRAPHEME =
  /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3)(?:[\u{1F3FB}-\u{1F3FF}\uFE0F\u200D\u20E3\u{E0020}-\u{E007F}]|\p{Extended_Pictographic})*$/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function isSingleEmoji(text: string): boolean {
  if (text.length === 0 || text.length > REACTION_EMOJI_MAX_CHARS) return false;
  let count = 0;
  for (const _ of graphemes.segment(text)) if (++count > 1) return false;
  return EMOJI_GRAPHEME.test(text);
}
