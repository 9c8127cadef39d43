// The way around discovery: type the address the host shows (or paste its
// share link), and optionally the session code from the host's screen, which
// the desktop then requires of whatever answers at that address.
import { useState, type FormEvent } from 'react';
import { TextField } from '../common/TextField.js';
import type { SessionTarget } from '../store/connection-slice.js';
import { parseAddress } from '../session/parse-address.js';

export function JoinByAddressForm({ onJoin, busy }: { onJoin: (target: SessionTarget) => void; busy: boolean }) {
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ address?: string; code?: string }>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseAddress(address, { code });
    if (!parsed.ok) {
      setErrors({ [parsed.field]: parsed.message });
      return;
    }
    setErrors({});
    onJoin(parsed.target);
  };

  return (
    <form className="join-by-address" onSubmit={onSubmit} noValidate>
      <TextField
        label="Address"
        value={address}
        onChange={(event) => setAddress(event.target.value)}
        error={errors.address}
        hint="host:port or the link the host shows — e.g. 192.168.1.20:47800"
        placeholder="192.168.1.20:47800"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        inputMode="url"
      />
      <TextField
        label="Session code (optional)"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={errors.code}
        hint="From the host’s screen, like 3F2A 9C01 7B44 D0E8 1A6C. Parley then connects only to that session."
        placeholder="XXXX XXXX XXXX XXXX XXXX"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        className="join-by-address__code"
      />
      <button type="submit" className="button" disabled={busy}>
        Join by address
      </button>
    </form>
  );
}
