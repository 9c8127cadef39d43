// Where messages are written. Enter sends, Shift+Enter starts a new line (and
// Enter while an input method is composing is left alone). Near the limit it
// says how many characters are left. While offline a message still "sends":
// it waits in ChatClient's outbox and shows as pending.
import { useEffect, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_CHARS } from '../../src-shared/limits.js';
import { useAppStore, useChatSession, usePlatform } from '../app/app-services.js';

/** Show the count once this few characters are left. */
const SHOW_REMAINING_BELOW = 500;

const codePoints = (text: string) => [...text].length;

export function Composer({ conv, placeholder }: { conv: string; placeholder: string }) {
  const session = useChatSession();
  const platform = usePlatform();
  const draft = useAppStore((s) => s.drafts[conv] ?? '');
  const setDraft = useAppStore((s) => s.setDraft);
  const textarea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    // Put the cursor here when a conversation opens, where a physical keyboard is likely.
    if (window.matchMedia?.('(pointer: fine)').matches) textarea.current?.focus();
  }, [conv]);

  const text = draft.trim();
  const remaining = MAX_MESSAGE_CHARS - codePoints(text);
  const tooLong = remaining < 0;
  const canSend = text.length > 0 && !tooLong;

  const send = () => {
    if (!canSend) return;
    platform.prepareNotifications();
    session.send(conv, text);
    setDraft(conv, '');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
    textarea.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  const countId = `composer-count-${conv}`;
  return (
    <form className="composer" onSubmit={onSubmit}>
      <div className={`composer__box${tooLong ? ' composer__box--invalid' : ''}`}>
        <textarea
          ref={textarea}
          className="composer__input"
          aria-label="Message"
          aria-describedby={remaining <= SHOW_REMAINING_BELOW ? countId : undefined}
          aria-invalid={tooLong || undefined}
          placeholder={placeholder}
          rows={1}
          value={draft}
          onChange={(event) => {
            setDraft(conv, event.target.value);
            if (event.target.value.trim()) session.typing(conv);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="composer__send" disabled={!canSend} aria-label="Send">
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" fill="currentColor" />
          </svg>
        </button>
      </div>
      <div className="composer__footer">
        <span className="composer__hint">
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
        </span>
        {remaining <= SHOW_REMAINING_BELOW && (
          <span id={countId} className={`composer__count${tooLong ? ' composer__count--over' : ''}`} aria-live="polite">
            {tooLong ? `${-remaining} characters over the limit — shorten it or split it` : `${remaining} characters left`}
          </span>
        )}
      </div>
    </form>
  );
}
