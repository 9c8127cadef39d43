// Editing one of my messages in place: Enter saves, Shift+Enter starts a new
// line, Escape cancels; Save and Cancel buttons do the same. `:shortcode:`s
// become emoji on save, as on send (Slack does the same for edits).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_CHARS } from '../../src-shared/limits.js';
import { convertShortcodes } from '../../src-shared/shortcode-conversion.js';
import { describeError } from '../session/describe-error.js';
import { shortcodeLookup } from './emoji-suggestions.js';

export interface MessageEditorProps {
  initial: string;
  onSave: (text: string) => Promise<void>;
  onCancel: () => void;
  /** A file's caption may become empty. */
  allowEmpty?: boolean;
}

export function MessageEditor({ initial, onSave, onCancel, allowEmpty = false }: MessageEditorProps) {
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const el = field.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const trimmed = convertShortcodes(text.trim(), shortcodeLookup);
  const tooLong = [...trimmed].length > MAX_MESSAGE_CHARS;

  const save = () => {
    if (saving) return;
    if (trimmed === initial.trim()) {
      onCancel();
      return;
    }
    if (!trimmed && !allowEmpty) {
      setProblem('A message cannot be empty — delete it instead.');
      return;
    }
    if (tooLong) {
      setProblem(`That is over ${MAX_MESSAGE_CHARS} characters — shorten it.`);
      return;
    }
    setSaving(true);
    setProblem(null);
    onSave(trimmed).then(
      () => setSaving(false),
      (error: unknown) => {
        setSaving(false);
        setProblem(describeError(error));
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    }
  };

  return (
    <div className="message-editor">
      <textarea
        ref={field}
        className="message-editor__input"
        aria-label="Edit message"
        aria-invalid={tooLong || undefined}
        rows={Math.min(8, Math.max(1, text.split('\n').length))}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {problem && (
        <p className="message-editor__problem" role="alert">
          {problem}
        </p>
      )}
      <div className="message-editor__actions">
        <span className="message-editor__hint">
          <kbd>Enter</kbd> to save · <kbd>Esc</kbd> to cancel
        </span>
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button button--small button--primary" onClick={save} disabled={saving}>
          Save
        </button>
      </div>
    </div>
  );
}
