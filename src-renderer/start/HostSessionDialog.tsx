// "Host a session": a name and an optional passcode, then this app runs the
// session host (host:start) and joins it.
import { useState, type FormEvent } from 'react';
import { PASSCODE_MAX_CHARS, SESSION_NAME_MAX_CHARS } from '../../src-shared/limits.js';
import { Dialog } from '../common/Dialog.js';
import { TextField } from '../common/TextField.js';

export interface HostSessionDialogProps {
  onClose: () => void;
  onStart: (options: { sessionName: string; passcode?: string }) => Promise<void>;
}

export function HostSessionDialog({ onClose, onStart }: HostSessionDialogProps) {
  const [sessionName, setSessionName] = useState('');
  const [passcode, setPasscode] = useState('');
  const [errors, setErrors] = useState<{ sessionName?: string; general?: string }>({});
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const name = sessionName.trim();
    if (!name) {
      setErrors({ sessionName: 'Give the session a name people will recognise, like “Office” or “LAN party”.' });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await onStart({ sessionName: name, ...(passcode && { passcode }) });
    } catch (error) {
      setErrors({ general: error instanceof Error ? error.message : String(error) });
      setBusy(false);
    }
  };

  return (
    <Dialog title="Host a session" onClose={onClose} description="This computer runs the session; others on the network find it in Parley or open its address in a browser. It runs while Parley is open.">
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField label="Session name" value={sessionName} onChange={(e) => setSessionName(e.target.value)} error={errors.sessionName} maxLength={SESSION_NAME_MAX_CHARS} placeholder="e.g. Office LAN" autoComplete="off" data-autofocus />
        <TextField
          label="Passcode (optional)"
          value={passcode}
          onChange={(e) => setPasscode(e.target.value)}
          maxLength={PASSCODE_MAX_CHARS}
          hint="If set, people need it to sign in. Leave empty to let anyone on the network join."
          autoComplete="off"
        />
        {errors.general && (
          <p className="form__alert" role="alert">
            Could not start hosting: {errors.general}
          </p>
        )}
        <div className="form__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {busy ? 'Starting…' : 'Start hosting'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
