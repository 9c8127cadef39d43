// Helpers of the identity screens: a button's action that runs once at a
// time and keeps its error to show beside it; focus on the screen's heading.
import { useEffect, useRef, useState } from 'react';
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

/**
 * Focus the screen's heading when it appears, so a screen reader reads where
 * the person is — deliberately not the Connect button, which one stray Enter
 * would press without reading the code.
 */
export function useFocusOnShow<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
