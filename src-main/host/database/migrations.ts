// The session database's schema: numbered migrations, applied in order inside
// one transaction each; PRAGMA user_version records how many have run.
import type Database from 'libsql';
import type { Row } from './row.js';

const MIGRATIONS: string[] = [
  // 1: accounts, channels, messages
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    delivered_seq INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL
  );
  CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE channel_members (
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (channel_id, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE dms (
    conv TEXT PRIMARY KEY,
    user_a INTEGER NOT NULL REFERENCES users(id),
    user_b INTEGER NOT NULL REFERENCES users(id),
    last_seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX dms_user_a ON dms(user_a);
  CREATE INDEX dms_user_b ON dms(user_b);
  CREATE TABLE messages (
    seq INTEGER PRIMARY KEY,
    conv TEXT NOT NULL,
    sender_id INTEGER NOT NULL REFERENCES users(id),
    client_msg_id TEXT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX messages_client_msg ON messages(sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
  CREATE INDEX messages_conv_seq ON messages(conv, seq);
  `,
  // 2: files relayed through the host (PROTOCOL.md, "Files")
  `
  CREATE TABLE files (
    id TEXT PRIMARY KEY,
    conv TEXT NOT NULL,
    uploader_id INTEGER NOT NULL REFERENCES users(id),
    client_msg_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    type TEXT NOT NULL,
    thumbnail TEXT,
    caption TEXT NOT NULL DEFAULT '',
    sha256 TEXT,
    state TEXT NOT NULL CHECK (state IN ('uploading', 'complete', 'expired')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER,
    message_seq INTEGER UNIQUE REFERENCES messages(seq),
    UNIQUE (uploader_id, client_msg_id)
  );
  CREATE INDEX files_state_expires ON files(state, expires_at);
  CREATE INDEX files_state_updated ON files(state, updated_at);
  `,
  // 3: direct transfer (PROTOCOL.md, "Direct transfer"): a new state 'offered'
  // (announced, served by the sender, relay copy not held yet) and the offer's
  // URLs and key. SQLite cannot change a CHECK, so the table is rebuilt.
  `
  CREATE TABLE files_v3 (
    id TEXT PRIMARY KEY,
    conv TEXT NOT NULL,
    uploader_id INTEGER NOT NULL REFERENCES users(id),
    client_msg_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    type TEXT NOT NULL,
    thumbnail TEXT,
    caption TEXT NOT NULL DEFAULT '',
    sha256 TEXT,
    state TEXT NOT NULL CHECK (state IN ('uploading', 'offered', 'complete', 'expired')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER,
    message_seq INTEGER UNIQUE REFERENCES messages(seq),
    offer_urls TEXT,
    offer_key TEXT,
    UNIQUE (uploader_id, client_msg_id)
  );
  INSERT INTO files_v3 (id, conv, uploader_id, client_msg_id, name, size, type, thumbnail, caption, sha256, state, created_at, updated_at, expires_at, message_seq)
    SELECT id, conv, uploader_id, client_msg_id, name, size, type, thumbnail, caption, sha256, state, created_at, updated_at, expires_at, message_seq FROM files;
  DROP TABLE files;
  ALTER TABLE files_v3 RENAME TO files;
  CREATE INDEX files_state_expires ON files(state, expires_at);
  CREATE INDEX files_state_updated ON files(state, updated_at);
  `,
  // 4: edits, deletions, reactions, replies, mentions, search, read state,
  // moderation (PROTOCOL.md, 0.5.0). `rev` is the seq of a message's latest
  // change (NULL: never changed) and `change_json` that change, for replay.
  `
  ALTER TABLE messages ADD COLUMN reply_to INTEGER;
  ALTER TABLE messages ADD COLUMN edited_at INTEGER;
  ALTER TABLE messages ADD COLUMN deleted_by INTEGER;
  ALTER TABLE messages ADD COLUMN rev INTEGER;
  ALTER TABLE messages ADD COLUMN change_json TEXT;
  ALTER TABLE messages ADD COLUMN mentions TEXT;
  CREATE INDEX messages_rev ON messages(rev) WHERE rev IS NOT NULL;
  -- Wider than messages_conv_seq (which it replaces), so unread counts read the index alone.
  DROP INDEX messages_conv_seq;
  CREATE INDEX messages_conv ON messages(conv, seq, sender_id, kind, deleted_by);
  CREATE TABLE reactions (
    message_seq INTEGER NOT NULL,
    emoji TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    created_seq INTEGER NOT NULL,
    PRIMARY KEY (message_seq, emoji, user_id)
  ) WITHOUT ROWID;
  CREATE TABLE mentions_index (
    user_id INTEGER NOT NULL,
    conv TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (user_id, conv, seq)
  ) WITHOUT ROWID;
  CREATE TABLE conv_state (
    user_id INTEGER NOT NULL,
    conv TEXT NOT NULL,
    read_seq INTEGER NOT NULL DEFAULT 0,
    muted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, conv)
  ) WITHOUT ROWID;
  ALTER TABLE users ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
  -- The index has the text and, as one token, the conversation ('ch:25' is
  -- 'chx25'): a search in one conversation then intersects with that token's
  -- short list instead of walking a common word's hits everywhere (bench/search).
  CREATE VIEW messages_fts_source AS SELECT seq, text, replace(conv, ':', 'x') AS conv FROM messages;
  CREATE VIRTUAL TABLE messages_fts USING fts5(text, conv, content='messages_fts_source', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
  INSERT INTO messages_fts(messages_fts, rank) VALUES ('secure-delete', 1);
  -- New messages are indexed in bulk by indexPending(), not by an insert
  -- trigger: FTS5 writes a segment per transaction, so indexing each small
  -- per-tick batch costs several times what one larger batch does (bench/search).
  -- fts_state.indexed_seq: every message with seq <= it is in the index.
  -- Edits and deletions of indexed messages update the index at once.
  CREATE TABLE fts_state (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_seq INTEGER NOT NULL);
  INSERT INTO fts_state (id, indexed_seq) VALUES (1, 0);
  CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages
    WHEN old.kind IN ('text', 'file') AND old.text != '' AND old.seq <= (SELECT indexed_seq FROM fts_state) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text, conv) VALUES ('delete', old.seq, old.text, replace(old.conv, ':', 'x'));
  END;
  CREATE TRIGGER messages_fts_au AFTER UPDATE OF text ON messages
    WHEN old.seq <= (SELECT indexed_seq FROM fts_state) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text, conv)
      SELECT 'delete', old.seq, old.text, replace(old.conv, ':', 'x') WHERE old.kind IN ('text', 'file') AND old.text != '';
    INSERT INTO messages_fts(rowid, text, conv)
      SELECT new.seq, new.text, replace(new.conv, ':', 'x') WHERE new.kind IN ('text', 'file') AND new.text != '';
  END;
  `,
  // 5: durable delivery positions (delivery-positions.ts): a person whose
  // first device signed in is marked online until their last one leaves, so
  // that after a crash their position can be settled.
  `ALTER TABLE users ADD COLUMN online INTEGER NOT NULL DEFAULT 0;`,
  // 6: the sender's device identity for a direct offer (PROTOCOL.md, "Direct
  // transfer"): its offer server serves TLS and receivers pin this. Offers
  // stored before it have none (and http URLs): they are no longer offered
  // directly — their files come from the relay copy.
  `ALTER TABLE files ADD COLUMN offer_identity TEXT;`,
  // 7: end-to-end encrypted DMs (PROTOCOL.md, 0.8.0). Each person's published
  // devices (the self-signed public bundle as JSON; a device's keys never
  // change). messages.e2e holds an encrypted DM's envelope (text is then ''),
  // files.e2e a relayed file's envelope until its message is written.
  `
  CREATE TABLE devices (
    user_id INTEGER NOT NULL REFERENCES users(id),
    device_id TEXT NOT NULL,
    bundle TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, device_id)
  ) WITHOUT ROWID;
  ALTER TABLE messages ADD COLUMN e2e TEXT;
  ALTER TABLE files ADD COLUMN e2e TEXT;
  -- An encrypted message is never indexed (search-index.ts), not even by an edit.
  DROP TRIGGER messages_fts_au;
  CREATE TRIGGER messages_fts_au AFTER UPDATE OF text ON messages
    WHEN old.seq <= (SELECT indexed_seq FROM fts_state) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text, conv)
      SELECT 'delete', old.seq, old.text, replace(old.conv, ':', 'x') WHERE old.kind IN ('text', 'file') AND old.text != '' AND old.e2e IS NULL;
    INSERT INTO messages_fts(rowid, text, conv)
      SELECT new.seq, new.text, replace(new.conv, ':', 'x') WHERE new.kind IN ('text', 'file') AND new.text != '' AND new.e2e IS NULL;
  END;
  `,
  // 8: threads (PROTOCOL.md, "Threads", 0.9.0). thread_root: the top-level
  // message a reply belongs to; also_to_channel: the reply is shown in the
  // conversation too. thread_follow: who follows which thread (its author,
  // repliers, people mentioned in it) and how far they read its replies.
  `
  ALTER TABLE messages ADD COLUMN thread_root INTEGER;
  ALTER TABLE messages ADD COLUMN also_to_channel INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX messages_thread ON messages(thread_root, seq) WHERE thread_root IS NOT NULL;
  CREATE TABLE thread_follow (
    user_id INTEGER NOT NULL,
    root_seq INTEGER NOT NULL,
    conv TEXT NOT NULL,
    read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, root_seq)
  ) WITHOUT ROWID;
  `,
  // 9: profiles and channel care (PROTOCOL.md, 0.10.0). A person's display
  // name, status and avatar (the image itself in avatars, one per person,
  // known by the SHA-256 of its bytes); a channel's archived flag.
  `
  ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
  ALTER TABLE users ADD COLUMN status_text TEXT NOT NULL DEFAULT '';
  ALTER TABLE users ADD COLUMN status_emoji TEXT NOT NULL DEFAULT '';
  ALTER TABLE users ADD COLUMN avatar_hash TEXT;
  CREATE TABLE avatars (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    hash TEXT NOT NULL,
    type TEXT NOT NULL,
    bytes BLOB NOT NULL
  );
  CREATE INDEX avatars_hash ON avatars(hash);
  ALTER TABLE channels ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
  `,
];

/** Brings the schema of `db` up to date: runs each migration it has not had yet. */
export function migrate(db: Database.Database): void {
  // (libsql's pragma(…, { simple: true }) returns an object, so read the row.)
  const current = Number((db.prepare('PRAGMA user_version').get() as Row).user_version);
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    })();
  }
}
