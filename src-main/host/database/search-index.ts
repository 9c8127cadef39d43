// Full-text search (FTS5 table messages_fts, migration 4): indexing new
// messages in bulk, and searching the conversations a person may read, with
// the matches' positions for highlighting. End-to-end encrypted DMs are never
// indexed: their text is '' (the envelope is in messages.e2e) and they are
// left out by name as well, so that nothing of them could reach the index
// even if a later change stored something in their text. Clients search
// their decrypted copies themselves.
import type Database from 'libsql';
import type { SearchHit } from '../../../src-shared/protocol/frames.js';
import { VISIBLE_CONVS } from './message-rows.js';
import type { MessageStore } from './message-store.js';
import type { Row } from './row.js';

/** Private markers around a search match in highlight(); stored text cannot hold them (cleanMessageText). */
const MARK_START = '\u0001';
const MARK_END = '\u0002';

export class SearchIndex {
  private readonly stmts;

  /** `messages` loads each hit as it is now. */
  constructor(private readonly db: Database.Database, private readonly messages: MessageStore) {
    this.stmts = {
      indexedSeq: db.prepare('SELECT indexed_seq FROM fts_state WHERE id = 1'),
      maxMessageSeq: db.prepare('SELECT IFNULL(MAX(seq), 0) AS s FROM messages'),
      indexRange: db.prepare(
        `INSERT INTO messages_fts(rowid, text, conv) SELECT seq, text, replace(conv, ':', 'x') FROM messages
         WHERE seq > ? AND seq <= ? AND kind IN ('text', 'file') AND text != '' AND e2e IS NULL`,
      ),
      setIndexedSeq: db.prepare('UPDATE fts_state SET indexed_seq = ? WHERE id = 1'),
      searchAll: db.prepare(
        `SELECT m.seq, highlight(messages_fts, 0, char(1), char(2)) AS marked
         FROM messages_fts CROSS JOIN messages m ON m.seq = messages_fts.rowid
         WHERE messages_fts MATCH ? AND messages_fts.rowid < ? AND m.deleted_by IS NULL AND ${VISIBLE_CONVS}
         ORDER BY messages_fts.rowid DESC LIMIT ?`,
      ),
      searchConv: db.prepare(
        `SELECT m.seq, highlight(messages_fts, 0, char(1), char(2)) AS marked
         FROM messages_fts CROSS JOIN messages m ON m.seq = messages_fts.rowid
         WHERE messages_fts MATCH ? AND messages_fts.rowid < ? AND m.deleted_by IS NULL AND m.conv = ?
         ORDER BY messages_fts.rowid DESC LIMIT ?`,
      ),
    };
  }

  /**
   * Adds every message not yet in the search index to it, in one statement
   * (one FTS5 segment), and returns how many were looked at. The host calls it
   * every SEARCH_INDEX_INTERVAL_MS; find() calls it first, so a search always
   * sees every committed message. Must not run inside someone else's open
   * transaction that may roll back (it commits its own).
   */
  indexPending(): number {
    const from = Number((this.stmts.indexedSeq.get() as Row).indexed_seq);
    const to = Number((this.stmts.maxMessageSeq.get() as Row).s);
    if (to <= from) return 0;
    this.db.transaction(() => {
      this.stmts.indexRange.run(from, to);
      this.stmts.setIndexedSeq.run(to);
    })();
    return to - from;
  }

  /**
   * Full-text search over the conversations `userId` may read now (or only
   * `conv`, which the caller checked), newest first, deleted messages left
   * out. `match` comes from buildFtsQuery. Highlights are UTF-16 offsets.
   */
  find(userId: number, match: string, opts: { conv?: string; before?: number; limit: number }): { hits: SearchHit[]; hasMore: boolean } {
    this.indexPending();
    const before = opts.before ?? Number.MAX_SAFE_INTEGER;
    const rows = (
      opts.conv === undefined
        ? this.stmts.searchAll.all(`{text} : (${match})`, before, userId, userId, userId, opts.limit + 1)
        : this.stmts.searchConv.all(`{text} : (${match}) AND {conv} : "${opts.conv.replace(/[^a-z0-9:]/g, '').replaceAll(':', 'x')}"`, before, opts.conv, opts.limit + 1)
    ) as Row[];
    const hasMore = rows.length > opts.limit;
    const hits = rows.slice(0, opts.limit).flatMap((row): SearchHit[] => {
      const message = this.messages.bySeq(Number(row.seq));
      return message ? [{ message, highlights: highlightRanges(String(row.marked)) }] : [];
    });
    return { hits, hasMore };
  }
}

/** [start, end) UTF-16 offsets of the text between the private markers of highlight(). */
function highlightRanges(marked: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let offset = 0;
  let start = -1;
  for (const part of marked.split(/([\u0001\u0002])/u)) {
    if (part === MARK_START) start = offset;
    else if (part === MARK_END) {
      if (start >= 0 && offset > start) ranges.push([start, offset]);
      start = -1;
    } else offset += part.length;
  }
  return ranges;
}
