// Where messages are written. Enter sends, Shift+Enter starts a new line (and
// Enter while an input method is composing is left alone). Near the limit it
// says how many characters are left. While offline a message still "sends":
// it waits in ChatClient's outbox and shows as pending.
import { useEffect, useRef, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_CHARS } from '../../src-shared/limits.js';
import { useAppStore, useChatSession, usePlatform } from '../app/app-services.js';

/** Show the count once this few characters are left. */
const SHOW_REMAINING_BELOW = 500;

const codePoints = (text: string) => [...text].length;

export interface ComposerProps {
  conv: string;
  placeholder: string;
  /** Files picked with "Attach file" or pasted (an image from the clipboard). */
  onFiles?: (files: File[]) => void;
  /** Desktop: the Attach button opens the native dialog through main instead of <input type=file>. */
  onPick?: () => void;
}

export function Composer({ conv, placeholder, onFiles, onPick }: ComposerProps) {
  const session = useChatSession();
  const platform = usePlatform();
  const draft = useAppStore((s) => s.drafts[conv] ?? '');
  const setDraft = useAppStore((s) => s.setDraft);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);

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

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (!onFiles || files.length === 0) return;
    // A copied image (or files copied in a file manager): share them, paste no text.
    event.preventDefault();
    onFiles(files);
  };

  const countId = `composer-count-${conv}`;
  return (
    <form className="composer" onSubmit={onSubmit}>
      <div className={`composer__box${tooLong ? ' composer__box--invalid' : ''}`}>
        {onFiles && (
          <>
            <button type="button" className="composer__attach" aria-label="Attach file" title="Attach file" onClick={() => (onPick ? onPick() : picker.current?.click())}>
              <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                <path
                  d="M16.5 6.5 8.6 14.4a1.9 1.9 0 0 0 2.7 2.7l8-8a3.8 3.8 0 0 0-5.4-5.4l-8 8a5.7 5.7 0 0 0 8.1 8.1l6.4-6.4"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.8"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
            </button>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              data-testid="attach-input"
              onChange={(event) => {
                const files = Array.from(event.target.files ?? []);
                event.target.value = ''; // picking the same file again fires change again
                if (files.length) onFiles(files);
              }}
            />
          </>
        )}
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
          onPaste={onPaste}
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
