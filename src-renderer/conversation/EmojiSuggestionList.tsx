// The `:` completion's listbox above the composer (use-emoji-completion.ts
// holds its state): each option an emoji and its `:shortcode:`. Mouse picks
// keep focus in the textarea; the keyboard stays in the textarea throughout
// (aria-activedescendant), as with the @mention list it looks like.
import type { EmojiCandidate } from './emoji-suggestions.js';

export interface EmojiSuggestionListProps {
  id: string;
  candidates: readonly EmojiCandidate[];
  active: number;
  onPick: (index: number) => void;
  onHover: (index: number) => void;
}

export const emojiOptionId = (listId: string, index: number) => `${listId}-${index}`;

export function EmojiSuggestionList({ id, candidates, active, onPick, onHover }: EmojiSuggestionListProps) {
  return (
    <ul className="mention-list" id={id} role="listbox" aria-label="Emoji">
      {candidates.map((candidate, index) => (
        <li
          key={candidate.emoji}
          id={emojiOptionId(id, index)}
          role="option"
          aria-selected={index === active}
          className="mention-list__option"
          onMouseDown={(event) => {
            event.preventDefault(); // keep focus in the textarea
            onPick(index);
          }}
          onMouseEnter={() => onHover(index)}
        >
          <span className="emoji-list__emoji">{candidate.emoji}</span>
          <span className="mention-list__name emoji-list__code">:{candidate.code}:</span>
        </li>
      ))}
    </ul>
  );
}
