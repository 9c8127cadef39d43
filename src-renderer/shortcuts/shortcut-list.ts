// Every keyboard shortcut Parley has, in one place: the "Keyboard shortcuts"
// dialog (Ctrl+/, ⌘/ on macOS) lists exactly these, and the README's
// "Keyboard" section follows them. The handlers live where the keys act
// (use-global-shortcuts.ts, use-roving-messages.ts, Composer, MessageEditor,
// MessageActions, EmojiPicker, QuickSwitcher); add a line here with any new one.

/** A key combination: `Mod` is Ctrl, or ⌘ on macOS; `Alt` is ⌥ Option on macOS. */
export type Keys = readonly string[];

export interface Shortcut {
  /** Alternatives, each a combination ("Alt", "↑"). */
  keys: readonly Keys[];
  does: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: readonly Shortcut[];
}

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Anywhere',
    shortcuts: [
      { keys: [['Mod', 'K']], does: 'Jump to a conversation or person, or search' },
      { keys: [['Alt', '↑'], ['Alt', '↓']], does: 'Previous or next conversation in the sidebar' },
      { keys: [['Alt', 'Shift', '↑'], ['Alt', 'Shift', '↓']], does: 'Previous or next conversation with unread messages' },
      { keys: [['Esc']], does: 'Mark the open conversation read (when no dialog or menu is open)' },
      { keys: [['Mod', '/']], does: 'Show these keyboard shortcuts' },
    ],
  },
  {
    title: 'Messages',
    shortcuts: [
      { keys: [['Tab']], does: 'Into the message list (one stop), then on to the composer' },
      { keys: [['↑'], ['↓']], does: 'Previous or next message' },
      { keys: [['Page Up'], ['Page Down']], does: 'About a screen of messages up or down' },
      { keys: [['Home'], ['End']], does: 'Oldest loaded or newest message' },
      { keys: [['Enter']], does: 'Into the message: its actions (react, reply, reply in thread, edit, delete)' },
      { keys: [['←'], ['→']], does: 'Between a message’s actions' },
      { keys: [['Esc']], does: 'From a message’s actions back to the message' },
      { keys: [['Esc']], does: 'In a thread: close it, back to its message' },
      { keys: [['Ctrl', 'End'], ['Ctrl', 'Home']], does: 'Out of the list, to the composer or to what is above it' },
    ],
  },
  {
    title: 'Writing',
    shortcuts: [
      { keys: [['Enter']], does: 'Send' },
      { keys: [['Shift', 'Enter']], does: 'New line' },
      { keys: [['↑']], does: 'In an empty composer: edit your last message' },
      { keys: [['@'], [':']], does: 'Mention someone, or complete an emoji' },
      { keys: [['Esc']], does: 'Close the suggestions, or stop replying' },
      { keys: [['Enter'], ['Esc']], does: 'While editing a message: save, or cancel' },
    ],
  },
];

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

/** How a key is written on this platform. */
export function keyLabel(key: string, mac = isMacPlatform()): string {
  if (key === 'Mod') return mac ? '⌘' : 'Ctrl';
  if (key === 'Alt') return mac ? '⌥ Option' : 'Alt';
  return key;
}

/** "Ctrl+/" or "⌘/" — for a button's title. */
export function keysText(keys: Keys, mac = isMacPlatform()): string {
  return keys.map((key) => keyLabel(key, mac)).join(mac ? '' : '+');
}
