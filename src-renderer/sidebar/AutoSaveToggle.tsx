// Desktop only: "Save" either asks where (the native save dialog) or puts the
// file straight into the Downloads folder. The choice lives in main's settings.
import { useEffect, useState } from 'react';
import type { FilesFeature } from '../platform/platform.js';

export function AutoSaveToggle({ files }: { files: FilesFeature }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    files.getAutoSave().then(
      (value) => live && setEnabled(value),
      () => live && setEnabled(false),
    );
    return () => {
      live = false;
    };
  }, [files]);

  const change = (next: boolean) => {
    setEnabled(next);
    setProblem(null);
    files.setAutoSave(next).catch(() => {
      setEnabled(!next);
      setProblem('Could not save this setting — try again.');
    });
  };

  return (
    <label className="sidebar-toggle">
      <input type="checkbox" checked={enabled ?? false} disabled={enabled === null} onChange={(e) => change(e.target.checked)} />
      <span>Save files to Downloads without asking</span>
      {problem && (
        <span className="sidebar-toggle__problem" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}
