// "Where the work continues" after opening a conversation, creating or
// joining a channel, finishing an edit: the composer of the open conversation.
export function focusComposer(): void {
  document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message"]')?.focus();
}
