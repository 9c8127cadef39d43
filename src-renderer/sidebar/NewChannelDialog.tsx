// A small dialog: name (checked with the shared naming rules as typed) and an
// optional topic. The host's answer (e.g. "#design exists already") is shown
// next to the field it concerns.
import { useRef, useState, type FormEvent } from 'react';
import { CHANNEL_TOPIC_MAX_CHARS } from '../../src-shared/limits.js';
import { cleanChannelName, validateChannelName } from '../../src-shared/names.js';
import { ChatError } from '../../src-shared/chat-client.js';
import { useChatSession } from '../app/app-services.js';
import { Dialog } from '../common/Dialog.js';
import { TextField } from '../common/TextField.js';
import { describeError } from '../session/describe-error.js';

export function NewChannelDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const session = useChatSession();
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [errors, setErrors] = useState<{ name?: string; topic?: string; general?: string }>({});
  const [busy, setBusy] = useState(false);
  const nameField = useRef<HTMLInputElement>(null);

  const cleaned = cleanChannelName(name);
  const preview = name.trim() && cleaned !== name.trim() ? `It will be called #${cleaned}.` : 'Lower-case letters, digits, “-” and “_”. Spaces become “-”.';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const check = validateChannelName(name);
    if (!check.ok) {
      setErrors({ name: check.message });
      nameField.current?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await session.channels.create(name, topic);
      onCreated();
    } catch (error) {
      const field = error instanceof ChatError ? error.field : undefined;
      if (field === 'name' || field === 'topic') setErrors({ [field]: describeError(error) });
      else setErrors({ general: describeError(error) });
      setBusy(false);
      if (field !== 'topic') nameField.current?.focus();
    }
  };

  return (
    <Dialog title="New channel" onClose={onClose} description="Channels are where a group talks about one thing. Everyone in the session can find and join them.">
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField ref={nameField} label="Channel name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} hint={preview} placeholder="e.g. design-team" autoComplete="off" data-autofocus />
        <TextField label="Topic (optional)" value={topic} onChange={(e) => setTopic(e.target.value)} error={errors.topic} maxLength={CHANNEL_TOPIC_MAX_CHARS} placeholder="What is it about?" autoComplete="off" />
        {errors.general && (
          <p className="form__alert" role="alert">
            {errors.general}
          </p>
        )}
        <div className="form__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {busy ? 'Creating…' : 'Create channel'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
