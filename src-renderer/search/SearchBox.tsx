// The "Search messages" box in the conversation header: Enter searches every
// conversation I am in; the results panel then offers "Only this conversation".
import { useState, type FormEvent } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import './search.css';

export function SearchBox() {
  const session = useChatSession();
  const current = useAppStore((s) => s.search?.query ?? null);
  const [query, setQuery] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!query.trim()) return;
    void session.search.run(query, null);
  };

  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <svg className="search-box__icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
        <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M20 20l-4-4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <input
        className="search-box__input"
        type="search"
        aria-label="Search messages"
        placeholder="Search messages"
        value={query}
        maxLength={400}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && current !== null) session.search.close();
        }}
        enterKeyHint="search"
      />
    </form>
  );
}
