// Message search (PROTOCOL.md, "Search"): the query shown in the results
// panel, its hits newest first, and paging. null while the panel is closed.
// ChatSession runs the requests and applies the answers here.
import type { StateCreator } from 'zustand';
import type { SearchHit } from '../../src-shared/protocol/frames.js';
import type { AppState } from './app-store.js';

/** A hit; `local`: found among the DMs decrypted on this device (the host cannot search encrypted DMs). */
export type ShownHit = SearchHit & { local?: boolean };

export interface SearchState {
  query: string;
  /** Only this conversation; null = everywhere I am. */
  conv: string | null;
  hits: ShownHit[];
  hasMore: boolean;
  loading: boolean;
  /** The host refused the query (query_invalid) or the request failed: its words. */
  error: string | null;
  /** Which search this is (searchRuns when it started): answers to older ones are ignored. */
  run: number;
}

export interface SearchSlice {
  search: SearchState | null;
  /** Searches started so far (never goes back, also across closing the panel). */
  searchRuns: number;
  startSearch(query: string, conv: string | null): number;
  /** Applies a page of hits (appended when `more`), unless a newer search started since. */
  applySearchPage(run: number, page: { hits: ShownHit[]; hasMore: boolean }, more: boolean): void;
  setSearchLoading(run: number, loading: boolean, error?: string | null): void;
  closeSearch(): void;
}

export const createSearchSlice: StateCreator<AppState, [], [], SearchSlice> = (set, get) => ({
  search: null,
  searchRuns: 0,

  startSearch: (query, conv) => {
    const run = get().searchRuns + 1;
    set({ searchRuns: run, search: { query, conv, hits: [], hasMore: false, loading: true, error: null, run } });
    return run;
  },

  applySearchPage: (run, page, more) => {
    const search = get().search;
    if (!search || search.run !== run) return;
    const hits = more ? [...search.hits, ...page.hits.filter((h) => !search.hits.some((held) => held.message.seq === h.message.seq))] : page.hits;
    set({ search: { ...search, hits, hasMore: page.hasMore, loading: false, error: null } });
  },

  setSearchLoading: (run, loading, error = null) => {
    const search = get().search;
    if (!search || search.run !== run) return;
    set({ search: { ...search, loading, error } });
  },

  closeSearch: () => set({ search: null }),
});
