import { describe, expect, it } from 'vitest';
import { notificationFor } from '../../../src-renderer/session/message-notifications.js';
import type { NotifyLevel } from '../../../src-renderer/notifications/notify-level.js';
import { ALICE, message, snapshot } from '../helpers/fixtures.js';

const channels = Object.fromEntries(snapshot().channels.map((c) => [c.id, c]));
const reading = (active: string | null, muted: Record<string, boolean> = {}, notifyLevels: Record<string, NotifyLevel> = { 'ch:2': 'all' }) => ({ me: ALICE, channels, muted, active, notifyLevels });
const FILE = { id: 'Zq3', name: 'plan.pdf', size: 3, type: 'application/pdf', sha256: 'a'.repeat(64), thumbnail: null, expiresAt: null };

describe('notificationFor', () => {
  it('names the sender and the channel, and says what a file message shared', () => {
    expect(notificationFor(message({ conv: 'ch:2', text: 'hi' }), reading('ch:1'), true)).toEqual({ title: 'Bob in #design', body: 'hi', conv: 'ch:2' });
    expect(notificationFor(message({ conv: 'dm:1:2', kind: 'file', text: '', file: FILE }), reading('ch:1'), true)).toEqual({
      title: 'Bob',
      body: 'Shared a file: plan.pdf',
      conv: 'dm:1:2',
    });
  });

  it('stays quiet for my own messages, notices, deleted messages and the conversation I am reading', () => {
    expect(notificationFor(message({ conv: 'ch:2', from: ALICE.id, fromName: 'Alice' }), reading('ch:1'), true)).toBeNull();
    expect(notificationFor(message({ conv: 'ch:2', kind: 'join', text: '' }), reading('ch:1'), true)).toBeNull();
    expect(notificationFor(message({ conv: 'ch:2', text: '', deleted: true }), reading('ch:1'), true)).toBeNull();
    expect(notificationFor(message({ conv: 'ch:2' }), reading('ch:2'), true)).toBeNull();
    expect(notificationFor(message({ conv: 'ch:2', text: 'away' }), reading('ch:2'), false)).toMatchObject({ body: 'away' });
  });

  it('in a muted conversation, notifies only when I am mentioned; cuts long text', () => {
    expect(notificationFor(message({ conv: 'ch:2' }), reading('ch:1', { 'ch:2': true }), true)).toBeNull();
    const long = `@Alice ${'x'.repeat(600)}`;
    const notification = notificationFor(message({ conv: 'ch:2', text: long, mentions: [ALICE.id] }), reading('ch:1', { 'ch:2': true }), true);
    expect(notification).toMatchObject({ title: 'Bob mentioned you in #design' });
    expect(notification!.body).toHaveLength(500);
  });

  it('follows the level of each conversation: DMs default to all, channels to mentions; none silences even mentions', () => {
    const noChoice = (active: string | null) => reading(active, {}, {});
    expect(notificationFor(message({ conv: 'dm:1:2', text: 'psst' }), noChoice('ch:1'), true)).toMatchObject({ body: 'psst' });
    expect(notificationFor(message({ conv: 'ch:2', text: 'lunch?' }), noChoice('ch:1'), true)).toBeNull();
    expect(notificationFor(message({ conv: 'ch:2', text: '@Alice lunch?', mentions: [ALICE.id] }), noChoice('ch:1'), true)).toMatchObject({ title: 'Bob mentioned you in #design' });
    const none = reading('ch:1', {}, { 'dm:1:2': 'none', 'ch:2': 'none' });
    expect(notificationFor(message({ conv: 'dm:1:2', text: 'psst' }), none, true)).toBeNull();
    expect(notificationFor(message({ conv: 'ch:2', text: '@Alice', mentions: [ALICE.id] }), none, true)).toBeNull();
    const dmMentionsOnly = reading('ch:1', {}, { 'dm:1:2': 'mentions' });
    expect(notificationFor(message({ conv: 'dm:1:2', text: 'psst' }), dmMentionsOnly, true)).toBeNull();
  });
});
