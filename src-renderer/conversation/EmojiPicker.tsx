// "Choose a reaction" (or "Insert emoji" from the composer): the common emoji, and a search over every emoji's name.
// A modal dialog (focus stays inside, Escape closes, focus goes back to the
// button that opened it); arrow keys move between emoji, Enter picks one.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Dialog } from '../common/Dialog.js';
import { COMMON_EMOJI, loadAllEmoji, searchEmoji, type EmojiEntry } from './emoji-data.js';

const COLUMNS = 8;

export interface EmojiPickerProps {
  onPick: (emoji: string) => void;
  onClose: () => void;
  /** "Choose a reaction" on a message, "Insert emoji" from the composer. */
  title?: string;
}

export function EmojiPicker({ onPick, onClose, title = 'Choose a reaction' }: EmojiPickerProps) {
  const [query, setQuery] = useState('');
  const [all, setAll] = useState<EmojiEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const grid = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!query.trim() || all) return;
    let live = true;
    loadAllEmoji().then(
      (list) => live && setAll(list),
      () => live && setProblem('Could not load the emoji list — pick one of the common ones.'),
    );
    return () => {
      live = false;
    };
  }, [query, all]);

  const searching = query.trim().length > 0;
  const shown: readonly EmojiEntry[] = searching ? (all ? searchEmoji(all, query) : searchEmoji(COMMON_EMOJI, query)) : COMMON_EMOJI;

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(grid.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS, Home: -index, End: buttons.length - 1 - index }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = index + step;
    if (next < 0 && event.key === 'ArrowUp') {
      grid.current?.closest('[role="dialog"]')?.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
  };

  return (
    <Dialog title={title} onClose={onClose}>
      <div className="emoji-picker">
        <input
          className="field__input emoji-picker__search"
          type="search"
          aria-label="Search emoji"
          placeholder="Search emoji"
          value={query}
          data-autofocus
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              grid.current?.querySelector<HTMLButtonElement>('button')?.focus();
            } else if (event.key === 'Enter') {
              event.preventDefault();
              const first = shown[0];
              if (first) onPick(first.emoji);
            }
          }}
        />
        <p className="emoji-picker__label" id="emoji-picker-label">
          {searching ? (shown.length ? `Emoji matching “${query.trim()}”` : '') : 'Common'}
        </p>
        {problem && searching && !all && <p className="emoji-picker__problem">{problem}</p>}
        {shown.length === 0 && searching ? (
          <p className="emoji-picker__empty">{all || problem ? `No emoji match “${query.trim()}”.` : 'Loading…'}</p>
        ) : (
          <div ref={grid} className="emoji-picker__grid" role="group" aria-labelledby="emoji-picker-label" onKeyDown={move}>
            {shown.map((entry) => (
              <button key={entry.emoji} type="button" className="emoji-picker__emoji" aria-label={entry.name} title={entry.name} onClick={() => onPick(entry.emoji)}>
                {entry.emoji}
              </button>
            ))}
          </div>
        )}
      </div>
    </Dialog>
  );
}
