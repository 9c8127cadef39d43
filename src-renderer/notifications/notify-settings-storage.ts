// The notification choices kept in this device's localStorage (web and
// desktop renderer alike): the level per conversation, per session and
// person, and which notification prompt the person dismissed.
import { isNotifyLevel, type NotificationAccess, type NotifyLevel } from './notify-level.js';

const LEVELS_PREFIX = 'parley.notifyLevels.';
const PROMPT_DISMISSED_KEY = 'parley.notifyPromptDismissed';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: nothing is remembered
  }
}

function write(key: string, value: string): void {
  try {
    storage()?.setItem(key, value);
  } catch {
    // quota or disabled storage: not remembered
  }
}

export function loadNotifyLevels(sessionId: string, userId: number): Record<string, NotifyLevel> {
  const raw = storage()?.getItem(`${LEVELS_PREFIX}${sessionId}.${userId}`);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') return {};
    // Only well-formed entries: a hand-edited or old value is ignored, not trusted.
    return Object.fromEntries(Object.entries(parsed).filter(([conv, level]) => conv.length <= 64 && isNotifyLevel(level))) as Record<string, NotifyLevel>;
  } catch {
    return {};
  }
}

export function saveNotifyLevels(sessionId: string, userId: number, levels: Record<string, NotifyLevel>): void {
  write(`${LEVELS_PREFIX}${sessionId}.${userId}`, JSON.stringify(levels));
}

/** The access state the person dismissed the prompt in ('default', 'denied', 'system'), or null. */
export function loadNotifyPromptDismissed(): NotificationAccess | null {
  const raw = storage()?.getItem(PROMPT_DISMISSED_KEY) ?? null;
  return raw === 'default' || raw === 'denied' || raw === 'system' ? raw : null;
}

export function saveNotifyPromptDismissed(access: NotificationAccess): void {
  write(PROMPT_DISMISSED_KEY, access);
}
