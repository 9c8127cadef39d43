// "Alice is typing…" under the list. The store drops entries when their time
// is up or when that person's message arrives.
import { useMemo } from 'react';
import { useAppStore } from '../app/app-services.js';
import { personName, typingText } from '../store/selectors.js';

export function TypingIndicator({ conv }: { conv: string }) {
  const entries = useAppStore((s) => s.typing[conv]);
  const users = useAppStore((s) => s.users);
  const meId = useAppStore((s) => s.me?.id);
  const text = useMemo(() => {
    if (!entries) return '';
    const names = Object.keys(entries)
      .map(Number)
      .filter((id) => id !== meId)
      .map((id) => personName(users, id, 'Someone'));
    return typingText(names);
  }, [entries, users, meId]);
  return (
    <div className="typing-indicator" aria-live="polite">
      {text && (
        <>
          <span className="typing-indicator__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {text}
        </>
      )}
    </div>
  );
}
