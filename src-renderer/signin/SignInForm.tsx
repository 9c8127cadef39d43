// Name, password and (when the session has one) passcode. The shared naming
// rules are checked before anything is sent; the host's answers land next to
// the field they concern.
import { useRef, useState, type FormEvent } from 'react';
import { PASSCODE_MAX_CHARS } from '../../src-shared/limits.js';
import { validatePassword, validateUserName } from '../../src-shared/names.js';
import { TextField } from '../common/TextField.js';
import type { SignInFields } from '../session/chat-session.js';
import { signInErrorsFrom, type SignInErrors, type SignInField } from './sign-in-errors.js';

export interface SignInFormProps {
  passcodeRequired: boolean;
  defaultName?: string;
  onSubmit: (fields: SignInFields) => Promise<void>;
}

export function SignInForm({ passcodeRequired, defaultName = '', onSubmit }: SignInFormProps) {
  const [name, setName] = useState(defaultName);
  const [password, setPassword] = useState('');
  const [passcode, setPasscode] = useState('');
  const [errors, setErrors] = useState<SignInErrors>({});
  const [busy, setBusy] = useState(false);
  const refs = {
    name: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    passcode: useRef<HTMLInputElement>(null),
  };

  const focusFirst = (found: SignInErrors) => {
    const field = (['name', 'password', 'passcode'] as SignInField[]).find((f) => found[f]);
    if (field) refs[field].current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found: SignInErrors = {};
    const nameCheck = validateUserName(name);
    if (!nameCheck.ok) found.name = nameCheck.message;
    const passwordCheck = validatePassword(password);
    if (!passwordCheck.ok) found.password = passwordCheck.message;
    if (passcodeRequired && !passcode) found.passcode = 'This session needs a passcode — ask whoever hosts it.';
    if (Object.keys(found).length > 0) {
      setErrors(found);
      focusFirst(found);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit({ name: nameCheck.ok ? nameCheck.value : name, password, ...(passcodeRequired && { passcode }) });
    } catch (error) {
      const next = signInErrorsFrom(error);
      setErrors(next);
      setBusy(false);
      focusFirst(next);
    }
  };

  return (
    <form className="form sign-in-form" onSubmit={(event) => void submit(event)} noValidate>
      {errors.general && (
        <p className="form__alert" role="alert">
          {errors.general}
        </p>
      )}
      <TextField
        ref={refs.name}
        label="Name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={errors.name}
        hint="The first sign-in claims a name for this session. Returning? Use the same name and password."
        autoComplete="username"
        autoCapitalize="words"
        spellCheck={false}
        autoFocus
      />
      <TextField
        ref={refs.password}
        label="Password"
        type="password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={errors.password}
        hint="At least 6 characters. It protects your name here."
        autoComplete="current-password"
      />
      {passcodeRequired && (
        <TextField
          ref={refs.passcode}
          label="Passcode"
          type="password"
          value={passcode}
          onChange={(event) => setPasscode(event.target.value)}
          error={errors.passcode}
          hint="This session has a passcode; whoever hosts it can tell you."
          maxLength={PASSCODE_MAX_CHARS}
          autoComplete="off"
        />
      )}
      <button type="submit" className="button button--primary button--block" aria-disabled={busy || undefined}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
