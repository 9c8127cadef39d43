// window.parley exists only in the desktop app (the preload puts it there).
import type { ParleyApi } from '../../src-shared/ipc/ipc-contract.js';

declare global {
  interface Window {
    parley?: ParleyApi;
  }
}

export {};
