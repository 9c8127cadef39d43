// "Is the person looking at this window?" — focused and visible. Unread counts
// and notifications depend on it.
export interface FocusSource {
  isFocused(): boolean;
  /** Called on every change; returns the unsubscribe function. */
  subscribe(listener: (focused: boolean) => void): () => void;
}

export function browserFocus(): FocusSource {
  const isFocused = () => document.visibilityState !== 'hidden' && document.hasFocus();
  return {
    isFocused,
    subscribe(listener) {
      // The focus event fires before document.hasFocus() settles in some browsers.
      const update = () => setTimeout(() => listener(isFocused()), 0);
      window.addEventListener('focus', update);
      window.addEventListener('blur', update);
      document.addEventListener('visibilitychange', update);
      return () => {
        window.removeEventListener('focus', update);
        window.removeEventListener('blur', update);
        document.removeEventListener('visibilitychange', update);
      };
    },
  };
}
