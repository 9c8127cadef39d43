// The composer's "Insert emoji" button: remembers where the caret (or the
// selection) was when the picker opened, puts the chosen emoji there, and
// gives the composer its focus back with the caret after the emoji. Escape
// inserts nothing and leaves focus on the button, as any dialog does.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { insertAtCaret } from './emoji-suggestions.js';

export function useEmojiPickerInsert(textarea: RefObject<HTMLTextAreaElement | null>, draft: string, setText: (text: string) => void) {
  const [at, setAt] = useState<{ from: number; to: number } | null>(null);
  const caretAfter = useRef<number | null>(null);

  // A passive effect, so it runs after the dialog's own cleanup has returned focus to the button.
  useEffect(() => {
    const caret = caretAfter.current;
    if (at || caret === null || !textarea.current) return;
    caretAfter.current = null;
    textarea.current.focus();
    textarea.current.setSelectionRange(caret, caret);
  }, [at, textarea]);

  return {
    picking: at !== null,
    open() {
      const el = textarea.current;
      const end = el?.value.length ?? draft.length;
      setAt({ from: el?.selectionStart ?? end, to: el?.selectionEnd ?? end });
    },
    pick(emoji: string) {
      if (!at) return;
      const { text, caret } = insertAtCaret(draft, at.from, at.to, emoji);
      setText(text);
      caretAfter.current = caret;
      setAt(null);
    },
    close: () => setAt(null),
  };
}
