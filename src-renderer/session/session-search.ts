// Full-text search over the messages of my conversations (`search`): a new
// query, the next page ("Load more"), closing the results. The store's
// search slice holds the results panel; a run number there drops the answer
// to a query that was replaced meanwhile.
//
// The host cannot search encrypted DMs (it never has their text): the DMs
// decrypted on this device since the page loaded are searched here
// (encrypted-dms.ts) and their hits merged into the first page, newest first,
// each marked `local` ("searched on this device").
import { SEARCH_PAGE_DEFAULT } from '../../src-shared/limits.js';
import type { SearchHit } from '../../src-shared/protocol/frames.js';
import type { ShownHit } from '../store/search-slice.js';
import { describeError } from './describe-error.js';
import type { EncryptedDms } from './encrypted-dms.js';
import type { SessionContext } from './session-context.js';

export class SessionSearch {
  constructor(
    private readonly context: SessionContext,
    private readonly dms: EncryptedDms | null = null,
  ) {}

  private get state() {
    return this.context.store.getState();
  }

  /** Searches every conversation I am in (or only `conv`), newest first; the results panel shows the answer. */
  async run(query: string, conv: string | null = null): Promise<void> {
    const trimmed = query.trim();
    if (!trimmed) return;
    const run = this.state.startSearch(trimmed, conv);
    try {
      const page = await this.context.requireClient().request('search', { query: trimmed, limit: SEARCH_PAGE_DEFAULT, ...(conv && { conv }) });
      this.state.applySearchPage(run, { ...page, hits: this.withLocal(page.hits, trimmed, conv) }, false);
    } catch (error) {
      this.state.setSearchLoading(run, false, describeError(error));
    }
  }

  /** The next page of the current search ("Load more"). */
  async more(): Promise<void> {
    const search = this.state.search;
    if (!search || search.loading || !search.hasMore) return;
    const before = search.hits[search.hits.length - 1]?.message.seq;
    const { run, query, conv } = search;
    this.state.setSearchLoading(run, true);
    try {
      const page = await this.context.requireClient().request('search', {
        query,
        limit: SEARCH_PAGE_DEFAULT,
        ...(conv && { conv }),
        ...(before !== undefined && { before }),
      });
      this.state.applySearchPage(run, page, true);
    } catch (error) {
      this.state.setSearchLoading(run, false, describeError(error));
    }
  }

  /** The host's hits and this device's (not already among them), newest first. */
  private withLocal(hits: SearchHit[], query: string, conv: string | null): ShownHit[] {
    const local = this.dms?.searchLocal(query, conv) ?? [];
    if (local.length === 0) return hits;
    const held = new Set(hits.map((h) => h.message.seq));
    const mine = local.filter((h) => !held.has(h.message.seq)).map((h) => ({ ...h, local: true }));
    return [...hits, ...mine].sort((a, b) => b.message.seq - a.message.seq);
  }

  close(): void {
    this.state.closeSearch();
  }
}
