// Bounded waits for the terminal client: a cancellable delay, and waiting
// until a condition holds after some event from the host (or time runs out).
// Neither keeps the process alive past its bound.
import type { ChatClient } from '../../src-shared/chat-client.js';

/** Resolves after `ms`, or when `cancel` is called; never keeps the process alive past that. */
export function delay(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done!: () => void;
  const promise = new Promise<void>((resolve) => {
    done = resolve;
    timer = setTimeout(resolve, ms);
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(timer);
      done();
    },
  };
}

/** Resolves when `condition` holds after some event (or already does), or after `ms`. */
export async function waitFor(client: ChatClient, condition: () => boolean, ms: number): Promise<void> {
  if (condition()) return;
  const timeout = delay(ms);
  const stop = client.on('event', () => {
    if (condition()) timeout.cancel();
  });
  await timeout.promise;
  stop();
}
