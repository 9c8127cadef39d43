// Per conversation, what notifies on this device: every new message, only
// the ones that mention me (@name or @here), or nothing. Like Slack: DMs
// default to every message, channels to mentions only. Kept per session and
// person on this device (platform.loadNotifyLevels), not on the host.
//
// Mute (the header's Mute, kept by the host for all my devices) still caps a
// conversation at "mentions"; "Nothing" silences even mentions.
export type NotifyLevel = 'all' | 'mentions' | 'none';

export const NOTIFY_LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'none'];

export const NOTIFY_LEVEL_LABELS: Record<NotifyLevel, string> = {
  all: 'All new messages',
  mentions: 'Mentions only',
  none: 'Nothing',
};

export function isNotifyLevel(value: unknown): value is NotifyLevel {
  return value === 'all' || value === 'mentions' || value === 'none';
}

export function defaultNotifyLevel(conv: string): NotifyLevel {
  return conv.startsWith('dm:') ? 'all' : 'mentions';
}

/** The level chosen for `conv`, or its default when none was chosen. */
export function notifyLevelOf(conv: string, levels: Record<string, NotifyLevel>): NotifyLevel {
  return levels[conv] ?? defaultNotifyLevel(conv);
}

/**
 * Whether this device may notify (the browser's or the system's answer):
 * 'system' on the desktop, where the OS decides and there is nothing to ask.
 */
export type NotificationAccess = 'granted' | 'denied' | 'default' | 'unsupported' | 'system';
