// Ctrl/Cmd+K: a dialog with one combobox to jump to a conversation or a
// person (arrow keys move, Enter chooses, Escape closes), or to search the
// messages for what was typed.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useAppStore, useChatSession } from '../app/app-services.js';
import { Dialog } from '../common/Dialog.js';
import { describeError } from '../session/describe-error.js';
import { switcherItems, type SwitcherItem } from './switcher-items.js';
import './switcher.css';

export interface QuickSwitcherProps {
  onClose: () => void;
  /** Called after a conversation was opened (closes the drawer on narrow screens). */
  onNavigate?: () => void;
}

export function QuickSwitcher({ onClose, onNavigate }: QuickSwitcherProps) {
  const session = useChatSession();
  const channels = useAppStore((s) => s.channels);
  const dms = useAppStore((s) => s.dms);
  const users = useAppStore((s) => s.users);
  const me = useAppStore((s) => s.me);
  const active = useAppStore((s) => s.active);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();
  const items = useMemo(() => switcherItems({ channels, dms, users, me }, query), [channels, dms, users, me, query]);
  const selected = Math.min(index, items.length - 1);
  const optionId = (i: number) => `${listId}-option-${i}`;

  const choose = (item: SwitcherItem | undefined) => {
    if (!item) return;
    setProblem(null);
    switch (item.kind) {
      case 'conversation':
        session.openConversation(item.conv);
        break;
      case 'person':
        session.openDmWith(item.userId);
        break;
      case 'search':
        void session.search.run(item.query, null);
        break;
      case 'join':
        session.channels.join(item.channelId).then(
          () => {
            onClose();
            onNavigate?.();
          },
          (error: unknown) => setProblem(describeError(error)),
        );
        return;
    }
    onClose();
    if (item.kind !== 'search') onNavigate?.();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setIndex(items.length === 0 ? 0 : (selected + 1) % items.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setIndex(items.length === 0 ? 0 : (selected - 1 + items.length) % items.length);
    } else if (event.key === 'Home' && event.ctrlKey) {
      event.preventDefault();
      setIndex(0);
    } else if (event.key === 'End' && event.ctrlKey) {
      event.preventDefault();
      setIndex(items.length - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(items[selected]);
    }
  };

  return (
    <Dialog title="Quick switcher" onClose={onClose}>
      <div className="switcher">
        <input
          className="field__input switcher__input"
          role="combobox"
          aria-label="Jump to a conversation or person"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={selected >= 0 ? optionId(selected) : undefined}
          placeholder="Jump to a conversation or person"
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setIndex(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul className="switcher__list" role="listbox" id={listId} aria-label="Conversations and people">
          {items.map((item, i) => (
            <li
              key={item.key}
              id={optionId(i)}
              role="option"
              aria-selected={i === selected}
              className={`switcher__option${i === selected ? ' switcher__option--selected' : ''}${item.kind === 'search' ? ' switcher__option--search' : ''}`}
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => i !== selected && setIndex(i)}
              onClick={() => choose(item)}
            >
              <span className="switcher__label">{item.label}</span>
              <span className="switcher__detail">
                {item.kind === 'conversation' && item.conv === active ? 'Open now' : item.detail}
              </span>
            </li>
          ))}
        </ul>
        {items.length === 0 && <p className="switcher__empty">Type a name to find a channel or a person.</p>}
        {problem && (
          <p className="form__alert" role="alert">
            {problem}
          </p>
        )}
        <p className="switcher__hint" aria-hidden="true">
          <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close
        </p>
      </div>
    </Dialog>
  );
}
