// The way around discovery: type the address the host shows.
import { useState, type FormEvent } from 'react';
import { TextField } from '../common/TextField.js';
import type { SessionTarget } from '../store/connection-slice.js';
import { parseAddress } from '../session/parse-address.js';

export function JoinByAddressForm({ onJoin, busy }: { onJoin: (target: SessionTarget) => void; busy: boolean }) {
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseAddress(address);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    onJoin(parsed.target);
  };

  return (
    <form className="join-by-address" onSubmit={onSubmit} noValidate>
      <TextField
        label="Address"
        value={address}
        onChange={(event) => setAddress(event.target.value)}
        error={error}
        hint="host:port, as the host shows it — e.g. 192.168.1.20:47800"
        placeholder="192.168.1.20:47800"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        inputMode="url"
        addon={
          <button type="submit" className="button" disabled={busy}>
            Join by address
          </button>
        }
      />
    </form>
  );
}
