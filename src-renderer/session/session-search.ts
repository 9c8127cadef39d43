// Full-text search over the messages of my conversations (`search`): a new
// query, the next page ("Load more"), closing the results. The store's
// search slice holds the results panel; a run number there drops the answer
// to a query that was replaced meanwhile.
import { SEARCH_PAGE_DEFAULT } from '../../src-shared/limits.js';
import { describeError } from './describe-error.js';
import type { SessionContext } from './session-context.js';

export class SessionSearch {
  constructor(private readonly context: SessionContext) {}

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
      this.state.applySearchPage(run, page, false);
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

  close(): void {
    this.state.closeSearch();
  }
}
