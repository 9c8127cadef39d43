// Every limit Parley enforces, in one place. The host enforces them at its
// boundary; clients use them to refuse bad input before it is sent.
// PROTOCOL.md documents each one; change both together.

/** Wire protocol version carried in every frame as `v`. */
export const PROTOCOL_VERSION = 1;

/** Default TCP port of a session host (the next free one is used if taken). */
export const DEFAULT_PORT = 47800;

/** A frame larger than this is refused with `frame_too_large`; the connection stays open. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** A frame larger than this closes the connection (1009): `ws`'s `maxPayload`. */
export const HARD_MAX_FRAME_BYTES = 1024 * 1024;
/**
 * Until a connection has signed in, a frame larger than this closes it (1009):
 * a sign-in frame (name, password, passcode, token) needs about 2 KiB at most,
 * and an anonymous socket must not make the host buffer a megabyte.
 */
export const PRE_SIGNIN_MAX_FRAME_BYTES = 8 * 1024;

/** Message text, in Unicode code points, after trimming. */
export const MAX_MESSAGE_CHARS = 4000;
/**
 * A file's caption as the desktop renderer hands it to main (files:upload) and
 * main journals it, and inside an encrypted DM file's envelope (dm-payload.ts
 * `c`, which the host cannot check): in UTF-16 units, so twice
 * MAX_MESSAGE_CHARS (a code point takes at most two). The host checks the
 * exact rule on a plain file's caption (cleaned, code points).
 */
export const FILE_CAPTION_MAX_UTF16 = MAX_MESSAGE_CHARS * 2;

/** User names: code points after normalisation and trimming. */
export const USER_NAME_MIN_CHARS = 2;
export const USER_NAME_MAX_CHARS = 32;
/** Passwords: code points. */
export const PASSWORD_MIN_CHARS = 6;
export const PASSWORD_MAX_CHARS = 256;
/** Session passcode (set by whoever hosts). */
export const PASSCODE_MAX_CHARS = 128;
/** Channel names: code points, after lower-casing. */
export const CHANNEL_NAME_MAX_CHARS = 32;
/** Channel topic: code points. */
export const CHANNEL_TOPIC_MAX_CHARS = 250;
/** Client-chosen ids (request ids, message ids). */
export const CLIENT_ID_MAX_CHARS = 64;
/** Session display name. */
export const SESSION_NAME_MAX_CHARS = 64;

/** Messages returned when a conversation is opened, and the most one page may ask for. */
export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 200;

/** Missed events are replayed in frames of at most this many. */
export const REPLAY_FRAME_EVENTS = 500;
/** A client that missed more events than this is told to `resync` (reload history) instead. */
export const REPLAY_MAX_EVENTS = 5000;
/**
 * …or more than this many bytes of them (JSON): replay frames are written at
 * once, and must stay well below MAX_BUFFERED_BYTES_PER_CONNECTION, or the
 * client would be cut off as too slow and replayed the same again.
 */
export const REPLAY_MAX_BYTES = 4 * 1024 * 1024;
/** A replay frame holds about this many bytes of events at most (one event may be larger on its own). */
export const REPLAY_FRAME_MAX_BYTES = 256 * 1024;

/** A client sends a typing notice at most this often per conversation while someone types. */
export const TYPING_NOTICE_INTERVAL_MS = 3000;
/** "NAME is typing…" disappears this long after the last notice (or at their message). */
export const TYPING_SHOWN_MS = 6000;

/** Per-connection rate limit (token bucket): sustained frames per second and burst size. */
export const RATE_LIMIT_FRAMES_PER_SECOND = 20;
export const RATE_LIMIT_BURST = 40;
/** Frames held back from a throttled connection before it is closed as a flood (1008). */
export const RATE_LIMIT_MAX_QUEUED_FRAMES = 200;

/** Unsent bytes the host lets pile up for one connection before dropping it as too slow. */
export const MAX_BUFFERED_BYTES_PER_CONNECTION = 8 * 1024 * 1024;

/** A socket must sign in within this time or it is closed (4001). */
export const AUTH_TIMEOUT_MS = 10_000;
/** Failed sign-ins allowed on one connection before it is closed (4003). */
export const MAX_SIGNIN_FAILURES_PER_CONNECTION = 5;

/** Heartbeat: the host pings every interval; a peer that missed a whole interval of the host's running time is dropped (src-main/host/heartbeat.ts). */
export const HEARTBEAT_INTERVAL_MS = 15_000;

/** How often a program started by `npm run` checks that npm's shell is still there (src-main/cli/launcher-watch.ts). */
export const LAUNCHER_WATCH_INTERVAL_MS = 500;

/** Client reconnect backoff (with jitter). */
export const RECONNECT_MIN_DELAY_MS = 250;
export const RECONNECT_MAX_DELAY_MS = 10_000;
/** A request with no reply after this is failed with `timeout` by the client. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Unsent messages (and edits, deletions, reactions) a client keeps in its outbox. */
export const OUTBOX_MAX_MESSAGES = 500;
/**
 * The outbox saved on the device, at most (UTF-8 bytes of its JSON). Browsers
 * give an origin about 5 MB of localStorage for everything; the outbox takes
 * at most a fifth, so a long offline stretch cannot crowd out the rest.
 */
export const OUTBOX_MAX_STORED_BYTES = 1_048_576;
/** Outbox messages sent but not yet acknowledged, at most (kept below RATE_LIMIT_BURST). */
export const OUTBOX_MAX_IN_FLIGHT = 16;

// ---------------------------------------------------------------- files (PROTOCOL.md, "Files")

/** Largest file the host relays, unless its owner sets another (`--max-file-size`). */
export const MAX_FILE_BYTES_DEFAULT = 4 * 1024 ** 3;
/** The host keeps relayed files this many days (`--file-retention-days`), then deletes them. */
export const FILE_RETENTION_DAYS_DEFAULT = 30;
/** The host refuses an upload that would leave less than this free on its disk. */
export const MIN_FREE_DISK_BYTES = 512 * 1024 ** 2;
/** Uploads one person may have in progress at once on the host. */
export const MAX_CONCURRENT_UPLOADS_PER_USER = 4;
/** Downloads one person may have in progress at once from the host. */
export const MAX_CONCURRENT_DOWNLOADS_PER_USER = 8;
/** Transfers (up and down) a client runs at once; more wait in its queue. */
export const MAX_CONCURRENT_TRANSFERS_PER_CLIENT = 3;
/** An unfinished upload untouched this long is deleted. */
export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;
/**
 * Unfinished desktop transfers remembered across an app restart (the journal in
 * userData, src-main/transfer/transfer-journal.ts): at most this many; the
 * oldest are forgotten first.
 */
export const MAX_RESUMABLE_TRANSFERS = 100;
/**
 * An unfinished desktop transfer older than this is not resumed after a
 * restart (forgotten, a download's .part deleted). A week: someone who quit on
 * Friday still gets Monday's resume; an upload older than the host's
 * STALE_UPLOAD_MS simply starts again from its first byte, still as one message.
 */
export const RESUMABLE_TRANSFER_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** A file name, in UTF-8 bytes after sanitising (most file systems allow 255). */
export const FILE_NAME_MAX_BYTES = 200;
/** A MIME type as declared by the sender. */
export const FILE_TYPE_MAX_CHARS = 127;
/** An image preview sent with a file: a data: URL of at most this many characters. */
export const FILE_THUMBNAIL_MAX_CHARS = 32 * 1024;
/** Files dropped or pasted at once. */
export const MAX_FILES_PER_DROP = 20;
/**
 * Files waiting in the composer to go out with one message (Slack's is 10).
 * Picking, dropping or pasting more is refused with a message saying so.
 */
export const MAX_FILES_PER_MESSAGE = 10;
/**
 * A pasted file (no place on disk) the desktop app copies into main over IPC:
 * at most this many bytes. It travels whole, so bigger ones are refused with
 * the advice to save the file and drag it in, which streams from disk.
 */
export const PASTED_FILE_MAX_BYTES = 64 * 1024 ** 2;
/** Files the desktop app downloaded to open (Open on a card) are kept this long for a reopen, then deleted at start-up. */
export const OPENED_FILES_KEEP_MS = 24 * 60 * 60 * 1000;
/** A download link (ticket) works this long after it was issued. */
export const FILE_TICKET_TTL_MS = 10 * 60 * 1000;
/**
 * A download of a file whose bytes are still moving from the session's
 * previous host (a session started from a snapshot): answered 503
 * `file_unavailable` with Retry-After this many seconds.
 */
export const MOVING_FILE_RETRY_AFTER_SECONDS = 5;
/** A desktop download of such a file waits this long for it (trying every MOVING_FILE_RETRY_AFTER_SECONDS), then stops, resumable. */
export const DOWNLOAD_MOVING_WAIT_MAX_MS = 10 * 60 * 1000;
/** Direct transfer (file.offer): at most this many sender URLs, each at most OFFER_URL_MAX_CHARS. */
export const OFFER_URLS_MAX = 8;
export const OFFER_URL_MAX_CHARS = 512;

// ---- chat features (PROTOCOL.md: edits, reactions, replies, search, read state)

/** Characters of the original a reply's quote carries. */
export const QUOTE_PREVIEW_CHARS = 200;
/** Longest reaction emoji, in UTF-16 code units (one grapheme: ZWJ families and flags fit). */
export const REACTION_EMOJI_MAX_CHARS = 32;
/** `:` completion in the composer opens after this many name characters (`:th`), as in Slack. */
export const EMOJI_QUERY_MIN_CHARS = 2;
/** Longest `:name` the composer completes (the longest CLDR slug is about 50). */
export const EMOJI_QUERY_MAX_CHARS = 64;
/** Emoji the `:` completion lists at once. */
export const EMOJI_SUGGESTIONS_MAX = 8;
/** Different emoji on one message. */
export const REACTIONS_MAX_PER_MESSAGE = 20;
/** Longest search query, in code points. */
export const SEARCH_QUERY_MAX_CHARS = 200;
/** Words in one search query (more are refused, not ignored). */
export const SEARCH_QUERY_MAX_TERMS = 16;
/** The last word of a search also matches as a prefix when it has at least this many characters. */
export const SEARCH_PREFIX_MIN_CHARS = 3;
export const SEARCH_PAGE_DEFAULT = 20;
export const SEARCH_PAGE_MAX = 50;
/** The host adds new messages to the search index in bulk this often (a search first adds any still waiting). */
export const SEARCH_INDEX_INTERVAL_MS = 250;
/** Unread and mention counts stop counting here (the UI shows "999+"). */
export const UNREAD_COUNT_MAX = 999;
/** A client reports a read position at most this often per conversation. */
export const READ_REPORT_INTERVAL_MS = 500;

// ---- threads (PROTOCOL.md, "Threads")

/** People a thread summary lists (repliers, in the order they first replied); the count of replies is not capped. */
export const THREAD_PARTICIPANTS_MAX = 10;
/** Followed threads with unread replies in the sign-in snapshot (the most recently active first). */
export const THREADS_UNREAD_MAX = 50;
/** Replies a `thread.history` page holds by default (at most HISTORY_PAGE_MAX). */
export const THREAD_PAGE_DEFAULT = 50;

// ---- desktop trust and chat sockets (docs/SECURITY.md, "The desktop app")

/** First contacts main keeps waiting for the person's answer (trust:accept); the oldest is dropped beyond this. */
export const TRUST_PENDING_MAX = 32;
/** Chat sockets main holds open for the window at once (ChatClient needs one; reconnects replace it). */
export const CHAT_SOCKETS_MAX = 8;
/** A desktop chat socket whose close main has not confirmed within this is closed by the renderer itself. */
export const CHAT_SOCKET_CLOSE_TIMEOUT_MS = 5000;

// ---- hand-over and take-over (PROTOCOL.md, "Hand-over")

/** A successor that has not said handover.ready this long after handover.start is given up on; the old host carries on. */
export const HANDOVER_READY_TIMEOUT_MS = 120_000;
/** Requests the old host holds per connection while a hand-over freezes writes (more are dropped: the client retries them). */
export const HANDOVER_HELD_FRAMES_MAX = 64;
/** Addresses a successor may announce in handover.ready (clients try them in order). */
export const HANDOVER_ADDRESSES_MAX = 8;
/** After the move, the old host keeps serving the files still to move until none has been fetched for this long, then stops. */
export const HANDOVER_FILES_IDLE_MS = 5 * 60_000;
/** An uploader told to wait during a hand-over tries again after this many seconds (Retry-After). */
export const HANDOVER_RETRY_AFTER_SECONDS = 2;
/** A hand-over offer the chosen person has not answered within this is withdrawn. */
export const HANDOVER_OFFER_TTL_MS = 60_000;

// ---- finding a session again at a new address (src-shared/session-rediscovery.ts)

/**
 * An address discovery announced the session at, but that could not be
 * confirmed as it (unreachable, another identity: a spoof), is not checked
 * again for this long — a spoofer announcing every second costs one probe
 * per this interval, not one per announcement.
 */
export const MOVED_SESSION_RETRY_MS = 10_000;

// ---- end-to-end encrypted DMs (docs/SECURITY.md, "End-to-end encrypted DMs")

/** Devices one person may have in a session; an envelope to a DM goes to both people's devices. */
export const E2E_MAX_DEVICES_PER_PERSON = 10;
/** Recipient devices in one envelope: both people of a DM, each with at most E2E_MAX_DEVICES_PER_PERSON. */
export const E2E_MAX_RECIPIENTS = 2 * E2E_MAX_DEVICES_PER_PERSON;
/**
 * An encrypted envelope, as JSON text, in bytes. It must fit a frame with room
 * for the frame's own fields: 4000 code points of text (up to 16 KB of UTF-8)
 * plus a quote, padding, base64url (4/3) and 20 recipients' keys (~130 B each).
 */
export const E2E_MAX_ENVELOPE_BYTES = 48 * 1024;
/** The plaintext inside one envelope, in bytes, before padding. */
export const E2E_MAX_PLAINTEXT_BYTES = 32 * 1024;
/** Plaintext is padded to a multiple of this many bytes (ISO/IEC 7816-4, sodium_pad) so lengths leak less. */
export const E2E_PADDING_BLOCK_BYTES = 64;
/** Plaintext bytes per chunk of an encrypted file (secretstream; each chunk adds 17 bytes). */
export const E2E_FILE_CHUNK_BYTES = 64 * 1024;
/**
 * An encrypted DM file's preview (a small data:image/… URL) travels inside the
 * envelope, never as file.begin's thumbnail; a longer one is left out (the card
 * shows the file icon). Fits E2E_MAX_PLAINTEXT_BYTES with the name and key;
 * with a long caption it may not, and is then left out too (dm-payload.ts).
 */
export const E2E_FILE_PREVIEW_MAX_CHARS = 16 * 1024;
/**
 * In a browser, an encrypted DM file is decrypted in memory (a page cannot
 * write a file chunk by chunk): up to this many bytes. A larger one is not
 * downloaded; the person is told to save it with the desktop app.
 */
export const E2E_BROWSER_DECRYPT_MAX_BYTES = 512 * 1024 * 1024;
/** file.begin's `name` of an encrypted DM file: the real name is inside the envelope. */
export const E2E_FILE_NEUTRAL_NAME = 'encrypted file';
/** Message counters a receiver remembers per sender device and conversation, to tell a replay from a reordering. */
export const E2E_REPLAY_MEMORY = 256;
/** SHA-512 iterations of a safety-code fingerprint (Signal's safety numbers use 5200). */
export const E2E_SAFETY_CODE_ITERATIONS = 5200;
/** Fingerprints a device remembers (per person and key set; public data), so a safety code is hashed once per page load, not per DM open. */
export const E2E_SAFETY_CODE_CACHE_ENTRIES = 256;
/** SHA-512 iterations a slice of a safety code made in slices hashes at least (more while its idle time lasts): well under a millisecond. */
export const E2E_SAFETY_CODE_SLICE_ITERATIONS = 40;
/** People whose devices one devices.list request may ask for. */
export const E2E_DEVICES_LIST_MAX_USERS = 100;
/**
 * Characters of the session id in an end-to-end account name
 * ("<session id>/<user id>", E2E_ACCOUNT_PATTERN): what the desktop's main
 * process accepts from its renderer before it touches a key.
 */
export const E2E_ACCOUNT_SESSION_ID_MAX_CHARS = 128;
/**
 * The DM crypto service's saved state of one account (dm-state.ts) as JSON, in
 * bytes: the desktop's main process refuses more from its renderer. Room for
 * ~1,000 DM peers with 10 devices each, plus replay counters.
 */
export const E2E_MAX_DM_STATE_BYTES = 8 * 1024 * 1024;
/** Characters of a quoted original a reply carries inside its encrypted text (dm-payload.ts), so any device can show the quote. */
export const E2E_QUOTE_MAX_CHARS = 200;
/**
 * A person who came online less than this long ago may still be publishing
 * their device's key (a page does it just after sign-in): a DM to them that
 * (or a file) finds no device waits for it (E2E_PEER_DEVICE_WAIT_MS) instead of being
 * refused at once.
 */
export const E2E_NEW_PEER_GRACE_MS = 15_000;
/** How long that DM waits for the host to list their device before it is refused (no_devices, the draft kept). */
export const E2E_PEER_DEVICE_WAIT_MS = 5_000;

// ---- following a hand-over in the browser (src-renderer/platform/move-fragment.ts)

/**
 * A browser following a moved session carries its sign-in and unsent outbox to
 * the new origin in the URL fragment (PROTOCOL.md, "Clients follow a move"):
 * at most this many characters, well within every browser's URL limit. What
 * does not fit is the oldest part of the outbox; the new page says how much.
 */
export const MOVE_FRAGMENT_MAX_CHARS = 32 * 1024;

// ---- quitting while hosting with a hand-over (src-main/app/quit-while-hosting.ts)

/** "Hand over to …" choices the quit-while-hosting box offers (admins first); more would not fit a native message box. */
export const HANDOVER_QUIT_CHOICES_MAX = 3;
/** Quitting after "Hand over to …" waits this long for the person to accept (as long as the offer lasts). */
export const HANDOVER_QUIT_WAIT_MS = HANDOVER_OFFER_TTL_MS;
/** …and then at most this long for the shared files to be passed on before the app quits anyway. */
export const HANDOVER_QUIT_FILES_WAIT_MS = 30_000;

// ---- profiles and channel care (PROTOCOL.md, "Profiles and channel care", 0.10.0)

/** Display name (what others see; the sign-in name stays unique and unchanged): code points after trimming. */
export const DISPLAY_NAME_MAX_CHARS = 48;
/** Status text ("In a meeting"): code points after trimming. */
export const STATUS_TEXT_MAX_CHARS = 100;
/** An avatar image: at most this many bytes (PNG, JPEG or WebP only). */
export const AVATAR_MAX_BYTES = 256 * 1024;
/** …and at most this many pixels wide and high. */
export const AVATAR_MAX_PIXELS = 512;
/** How long a browser may keep an avatar (its URL carries its content hash, so it never changes). */
export const AVATAR_CACHE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
/** Desktop main keeps the avatars it fetched for its window in memory up to this many bytes in all; the least recently asked for go first (src-main/app/avatar-fetcher.ts). */
export const AVATAR_MEMORY_CACHE_MAX_BYTES = 16 * 1024 * 1024;
/** Desktop main gives up on an avatar the host has not sent within this long (the window shows initials). */
export const AVATAR_FETCH_TIMEOUT_MS = 10_000;
/**
 * Avatar pictures the desktop's main process fetches from a host at once
 * (each its own pinned TLS connection); more wait their turn. A window
 * opening on a session of a hundred people with pictures would otherwise
 * open a hundred connections to the host in the same moment. A browser keeps
 * six per host; four leave room for the chat socket and file transfers.
 */
export const AVATAR_FETCHES_AT_ONCE = 4;
/** Desktop main reads at most this much of the host's answer to setting my avatar (a UserInfo as JSON, or an error). */
export const AVATAR_SET_ANSWER_MAX_BYTES = 16 * 1024;
/** The desktop window keeps an avatar's blob: URL this long after the last picture of it went away, so switching conversations does not fetch it again. */
export const AVATAR_BLOB_URL_KEEP_MS = 30_000;
/** A channel's member list gets a search field above this many people. */
export const MEMBER_LIST_SEARCH_FROM = 20;

/**
 * The cap the frame schemas put on free text fields (names, passwords, message
 * text, statuses). Generous on purpose: a typed value that is merely too long
 * gets its own clear error code from the host (text_too_long, name_invalid…)
 * from the real, smaller limit above, rather than a generic invalid_field.
 */
export const LOOSE_TEXT_MAX = 20_000;
