// The session database's 0.5.0 layer (migration 4) on a real SQLite file:
// search triggers and plan, bounded unread counts, and the upgrade of a
// database written before it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MENTION_COUNT_SQL, UNREAD_COUNT_SQL } from '../../src-main/host/database/read-state-store.js';
import { SessionDatabase } from '../../src-main/host/database/session-database.js';
import { buildFtsQuery } from '../../src-main/host/search-query.js';
import { UNREAD_COUNT_MAX } from '../../src-shared/limits.js';
import { tempDir } from '../helpers/host-harness.js';

const open: SessionDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function fresh(file = path.join(tempDir(), 'session.db')): SessionDatabase {
  const db = new SessionDatabase(file);
  open.push(db);
  return db;
}

function match(text: string): string {
  const query = buildFtsQuery(text);
  if (!query.ok) throw new Error(query.message);
  return query.match;
}

/** A session with one user in #general and `channels` more channels. */
function session(db: SessionDatabase, channels = 0) {
  db.channels.ensureGeneral(1);
  const alice = db.users.insert('Alice', 'alice', 'x', true, 0);
  const bob = db.users.insert('Bob', 'bob', 'x', false, 0);
  let seq = 1;
  db.channels.addMember(1, alice.id);
  db.channels.addMember(1, bob.id);
  const convs = ['ch:1'];
  for (let i = 0; i < channels; i++) {
    const row = db.channels.insert(`c${i}`, '', alice.id, ++seq);
    db.channels.addMember(row.id, alice.id);
    convs.push(`ch:${row.id}`);
  }
  const say = (conv: string, senderId: number, text: string, kind: 'text' | 'join' = 'text', mentions?: number[]) => {
    db.messages.insert({ seq: ++seq, conv, senderId, senderName: '', clientMsgId: null, kind, text, ts: seq, ...(mentions && { mentions }) });
    return seq;
  };
  return { alice, bob, convs, say };
}

describe('SessionDatabase', () => {
  describe('#search.find', () => {
    it('never indexes an end-to-end encrypted message, even one whose row wrongly held text', () => {
      const db = fresh();
      const { alice, bob, say } = session(db);
      const dm = `dm:${alice.id}:${bob.id}`;
      db.channels.touchDm(dm, alice.id, bob.id, 99);
      const plainDm = say(dm, alice.id, 'leaky words');
      db.messages.insert({ seq: 100, conv: dm, senderId: alice.id, senderName: '', clientMsgId: 'e1', kind: 'text', text: 'leaky words', ts: 100, e2e: '{"v":1}' });
      const plain = say('ch:1', alice.id, 'leaky words');
      db.search.indexPending();
      expect(db.search.find(alice.id, match('leaky'), { limit: 5 }).hits.map((h) => h.message.seq)).toEqual([plain, plainDm]);
      // An edit of the indexed row does not index it either.
      db.connectionForInspection.prepare('UPDATE messages SET text = ? WHERE seq = 100').run('leaky again');
      expect(db.search.find(alice.id, match('again'), { limit: 5 }).hits).toEqual([]);
    });

    it('indexes new text and file messages in bulk, keeps edits and deletions in step, and drives the query from FTS newest first', () => {
      const db = fresh();
      const { alice, say } = session(db);
      const triggers = (db.connectionForInspection.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
      expect(triggers).toEqual(['messages_fts_ad', 'messages_fts_au']);
      // Changed before it was indexed: only the new text is ever found.
      const early = say('ch:1', alice.id, 'draft wording');
      db.connectionForInspection.prepare('UPDATE messages SET text = ? WHERE seq = ?').run('final wording', early);
      expect(db.search.indexPending()).toBeGreaterThan(0);
      expect(db.search.indexPending()).toBe(0);
      expect(db.search.find(alice.id, match('draft'), { limit: 10 }).hits).toEqual([]);
      expect(db.search.find(alice.id, match('final'), { limit: 10 }).hits.map((h) => h.message.seq)).toEqual([early]);
      const first = say('ch:1', alice.id, 'alpha beta');
      say('ch:1', alice.id, '', 'join');
      const second = say('ch:1', alice.id, 'alpha gamma');
      expect(db.search.find(alice.id, match('alpha'), { limit: 10 }).hits.map((h) => h.message.seq)).toEqual([second, first]);
      db.connectionForInspection.prepare('UPDATE messages SET text = ? WHERE seq = ?').run('delta', first);
      expect(db.search.find(alice.id, match('beta'), { limit: 10 }).hits).toEqual([]);
      expect(db.search.find(alice.id, match('delta'), { limit: 10 }).hits.map((h) => h.message.seq)).toEqual([first]);
      db.connectionForInspection.prepare('DELETE FROM messages WHERE seq = ?').run(second);
      expect(db.search.find(alice.id, match('alpha'), { limit: 10 }).hits).toEqual([]);

      const plan = (db.connectionForInspection.prepare(`EXPLAIN QUERY PLAN SELECT m.seq FROM messages_fts CROSS JOIN messages m ON m.seq = messages_fts.rowid
        WHERE messages_fts MATCH 'x' AND messages_fts.rowid < 10 AND m.deleted_by IS NULL AND m.conv = 'ch:1'
        ORDER BY messages_fts.rowid DESC LIMIT 5`).all() as Array<{ detail: string }>).map((r) => r.detail);
      expect(plan[0]).toMatch(/^SCAN messages_fts VIRTUAL TABLE INDEX/);
      expect(plan.join('\n')).not.toContain('TEMP B-TREE');
    });

    it('finds a common word in one conversation by its conversation token: ch:2 is not ch:25, nor a DM holding 2', () => {
      const db = fresh();
      const { alice, bob, convs, say } = session(db, 30);
      db.channels.touchDm(`dm:${alice.id}:${bob.id}`, alice.id, bob.id, 0);
      const inTwo = say('ch:2', alice.id, 'the plan');
      for (const conv of ['ch:25', 'ch:12', `dm:${alice.id}:${bob.id}`, 'ch:1']) for (let i = 0; i < 30; i++) say(conv, alice.id, `the plan ${i}`);
      expect(convs).toContain('ch:25');
      const hits = db.search.find(alice.id, match('the plan'), { conv: 'ch:2', limit: 10 }).hits;
      expect(hits.map((h) => h.message.seq)).toEqual([inTwo]);
      expect(db.search.find(alice.id, match('the'), { conv: 'ch:25', limit: 50 }).hits).toHaveLength(30);
    });

    it('computes highlights as UTF-16 offsets, also after emoji and accents', () => {
      const db = fresh();
      const { alice, say } = session(db);
      say('ch:1', alice.id, '👨‍👩‍👧 Ünïcödé déploiement, then DEPLOY!');
      const [hit] = db.search.find(alice.id, match('unicode deplo'), { limit: 5 }).hits;
      expect(hit!.highlights.map(([s, e]) => hit!.message.text.slice(s, e))).toEqual(['Ünïcödé', 'déploiement', 'DEPLOY']);
    });
  });

  describe('#readState.convStates', () => {
    it('caps unread and mention counts at UNREAD_COUNT_MAX for each of 200 conversations', () => {
      const db = fresh();
      const { alice, bob, convs, say } = session(db, 199);
      db.connectionForInspection.transaction(() => {
        for (const conv of convs) {
          const count = conv === 'ch:1' ? 2 * UNREAD_COUNT_MAX + 10 : 50;
          for (let i = 0; i < count; i++) say(conv, bob.id, `message ${i}`, 'text', i % 2 === 0 ? [alice.id] : undefined);
        }
      })();
      say('ch:1', alice.id, 'my own message');
      const states = db.readState.convStates(alice.id, convs.map((conv) => ({ conv })));
      expect(states).toHaveLength(200);
      expect(states[0]).toEqual({ conv: 'ch:1', readSeq: 0, unread: UNREAD_COUNT_MAX, mentions: UNREAD_COUNT_MAX, muted: false });
      expect(states[1]).toMatchObject({ unread: 50, mentions: 25 });

      const read = db.readState.markRead(alice.id, 'ch:1', Number.MAX_SAFE_INTEGER - 1);
      expect(db.readState.markRead(alice.id, 'ch:1', 5)).toBe(read);
      db.readState.setMuted(alice.id, 'ch:1', true);
      expect(db.readState.convStates(alice.id, [{ conv: 'ch:1' }])[0]).toMatchObject({ unread: 0, mentions: 0, muted: true });
    });

    it('counts by walking an index from the read position, never by scanning a table (a sign-in costs the same however much is unread)', () => {
      const db = fresh();
      const plan = (sql: string, ...params: unknown[]) =>
        (db.connectionForInspection.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      const unread = plan(UNREAD_COUNT_SQL, 'ch:1', 10, 1);
      const mentions = plan(MENTION_COUNT_SQL, 1, 'ch:1', 10);
      expect(unread.join('\n')).toMatch(/SEARCH messages USING (COVERING )?INDEX \w+ \(conv=\? AND seq>\?\)/);
      expect(mentions.join('\n')).toMatch(/SEARCH i USING (COVERING )?INDEX \w+ \(user_id=\? AND conv=\? AND seq>\?\)|SEARCH i USING PRIMARY KEY \(user_id=\? AND conv=\? AND seq>\?\)/);
      // The outer query counts the LIMITed subquery; no table is scanned.
      for (const step of [...unread, ...mentions]) expect(step).not.toMatch(/^SCAN (?!\(subquery)/);
    });
  });

  describe('migration 4', () => {
    it('upgrades a database written before it: new columns and tables, and its old messages become searchable', () => {
      const file = path.join(tempDir(), 'session.db');
      const db = fresh(file);
      const { alice, say } = session(db);
      const old = say('ch:1', alice.id, 'written before the upgrade');
      // Undo migrations 9 to 4 to get the shape of a 0.4.0 database.
      db.connectionForInspection.exec(`
        DROP TABLE avatars; ALTER TABLE channels DROP COLUMN archived; ALTER TABLE users DROP COLUMN display_name; ALTER TABLE users DROP COLUMN status_text;
        ALTER TABLE users DROP COLUMN status_emoji; ALTER TABLE users DROP COLUMN avatar_hash;
        DROP TABLE thread_follow; DROP INDEX messages_thread; ALTER TABLE messages DROP COLUMN thread_root; ALTER TABLE messages DROP COLUMN also_to_channel;
        DROP TRIGGER messages_fts_ad; DROP TRIGGER messages_fts_au;
        DROP TABLE devices; ALTER TABLE messages DROP COLUMN e2e; ALTER TABLE files DROP COLUMN e2e;
        ALTER TABLE files DROP COLUMN offer_identity; ALTER TABLE users DROP COLUMN online;
        DROP TABLE messages_fts; DROP VIEW messages_fts_source; DROP TABLE fts_state; DROP TABLE reactions; DROP TABLE mentions_index; DROP TABLE conv_state;
        DROP INDEX messages_rev; DROP INDEX messages_conv; CREATE INDEX messages_conv_seq ON messages(conv, seq);
        ALTER TABLE messages DROP COLUMN reply_to; ALTER TABLE messages DROP COLUMN edited_at; ALTER TABLE messages DROP COLUMN deleted_by;
        ALTER TABLE messages DROP COLUMN rev; ALTER TABLE messages DROP COLUMN change_json; ALTER TABLE messages DROP COLUMN mentions;
        ALTER TABLE users DROP COLUMN removed; PRAGMA user_version = 3;`);
      db.close();
      open.splice(0);
      expect(fs.existsSync(file)).toBe(true);

      const upgraded = fresh(file);
      expect(upgraded.connectionForInspection.prepare('PRAGMA user_version').get()).toMatchObject({ user_version: 9 });
      expect(upgraded.search.find(alice.id, match('upgrade'), { limit: 5 }).hits.map((h) => h.message.seq)).toEqual([old]);
      expect(upgraded.users.all()[0]).toMatchObject({ removed: false, displayName: '', avatar: null });
      expect(upgraded.maxSeq()).toBe(old);
    });
  });
});
