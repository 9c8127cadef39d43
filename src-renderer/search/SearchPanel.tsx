// The results of a message search, newest first: where, who, when, and the
// text (Markdown rendered down to plain text) with the matched words marked. Choosing a hit opens its conversation
// at that message (ChatSession.jumpToMessage).
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../src-shared/protocol/frames.js';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { fullTimeLabel, shortWhenLabel } from '../conversation/time-format.js';
import { describeError } from '../session/describe-error.js';
import { conversationTitle, personName } from '../store/selectors.js';
import { plainSearchExcerpt } from './plain-excerpt.js';
import type { AppState } from '../store/app-store.js';
import './search.css';

/** "#design", or "DM with Bob". */
function whereLabel(names: Pick<AppState, 'channels' | 'users' | 'me'>, conv: string): string {
  const title = conversationTitle(names, conv);
  return conv.startsWith('dm:') ? `DM with ${title}` : title;
}

/** Characters of a hit's text shown (about three lines of the panel); the rest is cut with "…". */
const EXCERPT_CHARS = 280;

function HitText({ hit }: { hit: SearchHit }) {
  const pieces = plainSearchExcerpt(hit.message.text, hit.highlights, EXCERPT_CHARS);
  return (
    <span className="search-hit__text">
      {pieces.map((piece, i) => (piece.marked ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>))}
    </span>
  );
}

export interface SearchPanelProps {
  /** The open conversation ("Only this conversation" searches it). */
  conv: string;
  /** Narrow layouts: the panel covers the conversation, so choosing a hit closes it. */
  onChosen?: () => void;
}

export function SearchPanel({ conv, onChosen }: SearchPanelProps) {
  const session = useChatSession();
  const search = useAppStore((s) => s.search);
  const channels = useAppStore((s) => s.channels);
  const users = useAppStore((s) => s.users);
  const me = useAppStore((s) => s.me);
  const names: Pick<AppState, 'channels' | 'users' | 'me'> = { channels, users, me };
  const [jumpError, setJumpError] = useState<string | null>(null);
  const run = search?.run;
  useEffect(() => {
    setJumpError(null);
  }, [run]);
  if (!search) return null;

  const only = search.conv !== null;
  const scopeConv = search.conv ?? conv;
  const open = (hit: SearchHit) => {
    setJumpError(null);
    session.history.jumpTo(hit.message.conv, hit.message.seq).then(
      () => onChosen?.(),
      (error: unknown) => setJumpError(describeError(error)),
    );
  };

  return (
    <aside className="search-panel" aria-label="Search results">
      <div className="search-panel__header">
        <h2 className="search-panel__title">
          Results for “{search.query}”
        </h2>
        <button type="button" className="icon-button" aria-label="Close search results" onClick={() => session.search.close()}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <label className="search-panel__scope">
        <input type="checkbox" checked={only} onChange={(event) => void session.search.run(search.query, event.target.checked ? conv : null)} />
        <span>
          Only this conversation
          {only && <span className="search-panel__scope-name"> ({conversationTitle(names, scopeConv)})</span>}
        </span>
      </label>
      <div className="search-panel__body">
        {search.error ? (
          <p className="search-panel__problem" role="alert">
            {search.error}
          </p>
        ) : search.loading && search.hits.length === 0 ? (
          <p className="search-panel__status" role="status">
            Searching…
          </p>
        ) : search.hits.length === 0 ? (
          <p className="search-panel__status" role="status">
            No messages match “{search.query}”{only ? ` in ${conversationTitle(names, scopeConv)}` : ''}. Try fewer or other words.
          </p>
        ) : (
          <>
            <p className="visually-hidden" role="status">
              {search.hits.length === 1 ? '1 message found' : `${search.hits.length}${search.hasMore ? ' or more' : ''} messages found`}
            </p>
            <ul className="search-panel__list" role="list">
              {search.hits.map((hit) => (
                <li key={hit.message.seq}>
                  <button type="button" className="search-hit" onClick={() => open(hit)}>
                    <span className="search-hit__meta">
                      <span className="search-hit__where">{whereLabel(names, hit.message.conv)}</span>
                      <span className="search-hit__from" title={hit.message.fromName}>
                        {personName(names.users, hit.message.from, hit.message.fromName)}
                      </span>
                      {hit.local && <span className="search-hit__local">searched on this device</span>}
                      <time className="search-hit__time" dateTime={new Date(hit.message.ts).toISOString()} title={fullTimeLabel(hit.message.ts)}>
                        {shortWhenLabel(hit.message.ts)}
                      </time>
                    </span>
                    <HitText hit={hit} />
                  </button>
                </li>
              ))}
            </ul>
            {search.hasMore && (
              <button type="button" className="button button--small search-panel__more" disabled={search.loading} onClick={() => void session.search.more()}>
                {search.loading ? 'Loading…' : 'Load more'}
              </button>
            )}
          </>
        )}
        {jumpError && (
          <p className="search-panel__problem" role="alert">
            Could not open that message: {jumpError}
          </p>
        )}
      </div>
    </aside>
  );
}
