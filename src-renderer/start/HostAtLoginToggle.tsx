// Desktop, while hosting: "Start Parley at login and host this session". The
// setting lives in main (login-hosting.ts), which registers the login item
// and keeps a passcode encrypted; this checkbox shows and changes it. It is
// checked only when the session hosted at login is the one hosted now — after
// hosting another session, it offers to switch to that one.
import { useEffect, useId, useState } from 'react';
import type { HostingFeature } from '../platform/platform.js';

export const HOST_AT_LOGIN_LABEL = 'Start Parley at login and host this session';

export function HostAtLoginToggle({ hosting, sessionName }: { hosting: HostingFeature; sessionName: string }) {
  const [atLogin, setAtLogin] = useState<string | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();

  useEffect(() => {
    let live = true;
    hosting.getHostAtLogin().then(
      (value) => live && setAtLogin(value),
      () => live && setAtLogin(null),
    );
    return () => {
      live = false;
    };
  }, [hosting]);

  const change = async (enabled: boolean) => {
    setSaving(true);
    setProblem(null);
    try {
      setAtLogin(await hosting.setHostAtLogin(enabled));
    } catch (error) {
      // Main's message says what to do (e.g. no keyring to keep the passcode in).
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="hosting-card__login">
      <label className="hosting-card__login-toggle">
        <input
          type="checkbox"
          checked={atLogin === sessionName}
          disabled={atLogin === undefined || saving}
          aria-describedby={hintId}
          onChange={(e) => void change(e.target.checked)}
        />
        <span>{HOST_AT_LOGIN_LABEL}</span>
      </label>
      <p id={hintId} className="hosting-card__hint">
        {atLogin && atLogin !== sessionName
          ? `Parley now hosts “${atLogin}” at login. Tick this to host “${sessionName}” instead.`
          : 'Parley opens in the tray when you log in, so people can join without you opening it.'}
      </p>
      {problem && (
        <p className="hosting-card__problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
