// A button's action: runs once at a time, keeps its error to show beside it.
import { useState } from 'react';
import { describeError } from '../session/describe-error.js';

/** Runs a button's action once at a time and keeps its error to show. */
export function useAction(): { busy: boolean; problem: string | null; run: (action: () => Promise<void>) => void } {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    action().then(
      () => setBusy(false),
      (error: unknown) => {
        setBusy(false);
        setProblem(describeError(error));
      },
    );
  };
  return { busy, problem, run };
}
