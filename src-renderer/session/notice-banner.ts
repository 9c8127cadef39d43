// The notice banner above the conversation: one at a time, the newest
// replacing the last; a notice that fades goes after NOTICE_SHOWN_MS, one
// that does not stays until the next.
import type { AppStore } from '../store/app-store.js';

const NOTICE_SHOWN_MS = 8000;

export class NoticeBanner {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly store: AppStore;

  constructor(store: AppStore) {
    this.store = store;
  }

  show(code: string, text: string, fades: boolean): void {
    this.store.getState().setBanner({ code, text });
    if (this.timer) clearTimeout(this.timer);
    this.timer = fades ? setTimeout(() => this.store.getState().setBanner(null), NOTICE_SHOWN_MS) : null;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
