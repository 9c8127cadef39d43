// Local search over decrypted DMs, for the terminal client's /search and the
// app's search (browser and desktop). The host cannot search encrypted DMs
// (it never has their text), so a search merges the host's hits with these.
// The index lives only in memory, for this run of the client (or this page):
// it holds the DMs decrypted since it started (delivered live, or seen in
// history) and is gone at exit or reload — nothing decrypted is written to disk.
// Matching follows the host's rules closely enough for a terminal: every word
// of the query must occur (case-insensitive), the last may be the start of a
// word.
import type { Message, SearchHit } from '../../src-shared/protocol/frames.js';

export class DmIndex {
  private readonly bySeq = new Map<number, { message: Message; text: string; searchText: string }>();

  /**
   * Remembers (or replaces, after an edit) a decrypted DM: `text` as a quote
   * of it shows it, `searchText` what a search matches and shows (a file's
   * caption and its name).
   */
  add(message: Message, text: string, searchText = text): void {
    if (message.deleted) this.bySeq.delete(message.seq);
    else this.bySeq.set(message.seq, { message, text, searchText });
  }

  remove(seq: number): void {
    this.bySeq.delete(seq);
  }

  /** The decrypted text of a DM seen in this run (a file's caption, else its name), for a quote of it. */
  text(seq: number): string | undefined {
    return this.bySeq.get(seq)?.text;
  }

  /** Hits for `query`, newest first, the message carrying its decrypted text. */
  search(query: string): SearchHit[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const { message, searchText: text } of this.bySeq.values()) {
      const lower = text.toLowerCase();
      const highlights: Array<[number, number]> = [];
      const all = words.every((word) => {
        const found = [...lower.matchAll(new RegExp(escape(word), 'g'))].map((m) => m.index);
        for (const at of found) highlights.push([at, at + word.length]);
        return found.length > 0;
      });
      if (all) hits.push({ message: { ...message, text }, highlights: highlights.sort((a, b) => a[0] - b[0]) });
    }
    return hits.sort((a, b) => b.message.seq - a.message.seq);
  }
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
