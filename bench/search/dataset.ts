// The search benchmark's synthetic session: users, channels of uneven sizes,
// DMs, and messages whose words follow a Zipf distribution — so a few words
// are in a large share of messages and most are rare. Deterministic (seeded).
//
// Shape (defaults): 150 channels + 50 DMs; 300 people; the searching person
// (user 1, "Searcher") is in #general and 59 more channels of mixed sizes, and
// in 20 of the DMs (the other 30 are between other pairs). Channel sizes fall
// off like 1/rank (the biggest holds ~15% of the messages, the smallest a few
// hundred of a million); DMs hold 10% of the messages.
import { nanoid } from 'nanoid';
import type { SessionDatabase } from '../../src-main/host/database/session-database.js';

// ------------------------------------------------------------------ random numbers

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index i with probability weights[i] / sum, by binary search over the cumulative weights. */
export class WeightedPicker {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i]!;
      this.cumulative[i] = sum;
    }
  }

  get total(): number {
    return this.cumulative[this.cumulative.length - 1] ?? 0;
  }

  pick(random: () => number): number {
    const target = random() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Weights 1/(rank+1)^s for ranks 0…n−1. */
export const zipfWeights = (n: number, s: number) => Float64Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

// ------------------------------------------------------------------ vocabulary

/** The most used words first (rank 0 = the most frequent), like chat in an office. */
const COMMON_WORDS = `the to i and a you it is for we that on of in this be have will can
just do not with at so are but if my me what get about was all up know there now need it's
think one out should deploy build test fix today tomorrow meeting lunch thanks please review
release branch merge issue bug ticket friday monday call sync doc design server client update
check look time team yes no ok sure good great done later next week back from by or as an new`
  .split(/\s+/)
  .filter((w, i, all) => w !== '' && all.indexOf(w) === i);

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'ch', 'cl', 'dr', 'fl', 'gr', 'pl', 'sh', 'st', 'tr'];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'oo', 'ou'];
const CODAS = ['', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'ck', 'x'];

/**
 * `size` distinct lower-case words: real common words first, then made-up
 * pronounceable ones of 2–4 syllables, shuffled with `random` so that length
 * does not follow rank.
 */
export function makeVocabulary(size: number, random: () => number): string[] {
  const words = COMMON_WORDS.slice(0, size);
  const seen = new Set(words);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  while (words.length < size) {
    const syllables = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(NUCLEI) + (i === syllables - 1 ? pick(CODAS) : '');
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

// ------------------------------------------------------------------ the session's shape

export interface DatasetSpec {
  messages: number;
  channels: number;
  dms: number;
  users: number;
  /** Channels the searcher is in (#general included). */
  visibleChannels: number;
  /** DMs the searcher is part of. */
  visibleDms: number;
  vocabulary: number;
  /** Zipf exponent of word frequencies. */
  zipfS: number;
  /** Share of messages in DMs. */
  dmShare: number;
  /** Messages carrying the planted word, in visible and in hidden conversations each. */
  planted: number;
  seed: number;
}

export const DEFAULT_SPEC: DatasetSpec = {
  messages: 1_000_000,
  channels: 150,
  dms: 50,
  users: 300,
  visibleChannels: 60,
  visibleDms: 20,
  vocabulary: 50_000,
  zipfS: 1.0,
  dmShare: 0.1,
  planted: 5,
  seed: 20261122,
};

/** A word that is in no vocabulary: planted in `planted` visible and `planted` hidden messages. */
export const PLANTED_WORD = 'quizzaciously';

export const SEARCHER_ID = 1;
export const SEARCHER_NAME = 'Searcher';

export interface Conversation {
  conv: string;
  kind: 'channel' | 'dm';
  /** Members (for a DM, the pair). */
  members: number[];
  visible: boolean;
  /** Messages it holds once built. */
  messages: number;
}

export interface Dataset {
  spec: DatasetSpec;
  vocabulary: string[];
  conversations: Conversation[];
  /** Messages each vocabulary word is in (by rank). */
  wordMessages: Int32Array;
  /** Of those, messages in conversations the searcher sees. */
  wordVisibleMessages: Int32Array;
  /** Seqs of the messages with the planted word, in visible conversations. */
  plantedVisible: number[];
  plantedHidden: number[];
  /** Highest seq used (channel creations, then messages). */
  lastSeq: number;
  buildMs: number;
}

/** Conversations, their members and who sees them. Channel ids are 1…channels (#general = 1). */
export function planConversations(spec: DatasetSpec, random: () => number): Conversation[] {
  const everyone = Array.from({ length: spec.users }, (_, i) => i + 1);
  const others = everyone.filter((id) => id !== SEARCHER_ID);
  const shuffle = <T>(list: T[]) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  // Which channels the searcher is in: #general and a random mix of the rest.
  const visible = new Set([1, ...shuffle(Array.from({ length: spec.channels - 1 }, (_, i) => i + 2)).slice(0, spec.visibleChannels - 1)]);
  const conversations: Conversation[] = [];
  for (let id = 1; id <= spec.channels; id++) {
    let members: number[];
    if (id === 1) members = everyone;
    else {
      // 3 to ~80 members, more for lower ids (the bigger channels).
      const count = Math.min(others.length, 3 + Math.floor(random() * 30) + Math.floor(50 / Math.sqrt(id)));
      members = shuffle([...others]).slice(0, count);
      if (visible.has(id)) members.push(SEARCHER_ID);
    }
    conversations.push({ conv: `ch:${id}`, kind: 'channel', members: members.sort((a, b) => a - b), visible: visible.has(id), messages: 0 });
  }
  const pairs = new Set<string>();
  const dm = (a: number, b: number, isVisible: boolean) => {
    const [low, high] = a < b ? [a, b] : [b, a];
    const conv = `dm:${low}:${high}`;
    if (pairs.has(conv)) return false;
    pairs.add(conv);
    conversations.push({ conv, kind: 'dm', members: [low, high], visible: isVisible, messages: 0 });
    return true;
  };
  const peers = shuffle([...others]);
  for (let i = 0; i < spec.visibleDms; i++) dm(SEARCHER_ID, peers[i]!, true);
  while (conversations.length < spec.channels + spec.dms) {
    const a = others[Math.floor(random() * others.length)]!;
    const b = others[Math.floor(random() * others.length)]!;
    if (a !== b) dm(a, b, false);
  }
  return conversations;
}

/** Message weight of each conversation: channels and DMs each fall off like 1/rank, in a shuffled order (#general the biggest). */
function conversationWeights(spec: DatasetSpec, conversations: Conversation[], random: () => number): Float64Array {
  const weights = new Float64Array(conversations.length);
  const channelIdx = conversations.flatMap((c, i) => (c.kind === 'channel' ? [i] : []));
  const dmIdx = conversations.flatMap((c, i) => (c.kind === 'dm' ? [i] : []));
  const assign = (indices: number[], share: number, keepFirst: boolean) => {
    const order = [...indices];
    const from = keepFirst ? 1 : 0;
    for (let i = order.length - 1; i > from; i--) {
      const j = from + Math.floor(random() * (i - from + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const zipf = zipfWeights(order.length, 1.0);
    const sum = zipf.reduce((a, b) => a + b, 0);
    order.forEach((conversation, rank) => (weights[conversation] = (zipf[rank]! / sum) * share));
  };
  assign(channelIdx, 1 - spec.dmShare, true);
  assign(dmIdx, spec.dmShare, false);
  return weights;
}

const PUNCTUATION = ['', '', '', '.', '?', '!', ',', ' :)'];

/**
 * Builds the session into `db` (fresh, migrated): users, channels and
 * memberships, DMs, then `spec.messages` messages in transactions of
 * `chunk`. Bulk load, not the host's write path: the caller picks pragmas,
 * and indexes for search afterwards (SessionDatabase.search.indexPending).
 * `passwordHash` is stored for the searcher (so a real host can sign them in).
 */
export function buildDataset(
  db: SessionDatabase,
  spec: DatasetSpec,
  options: { passwordHash?: string; chunk?: number; onProgress?: (done: number) => void } = {},
): Dataset {
  const started = performance.now();
  const random = seededRandom(spec.seed);
  const vocabulary = makeVocabulary(spec.vocabulary, random);
  const conversations = planConversations(spec, random);
  const convPicker = new WeightedPicker(conversationWeights(spec, conversations, random));
  const wordPicker = new WeightedPicker(zipfWeights(spec.vocabulary, spec.zipfS));
  const wordMessages = new Int32Array(spec.vocabulary);
  const wordVisibleMessages = new Int32Array(spec.vocabulary);
  const sql = db.connectionForInspection;
  const now = Date.now();
  const yearMs = 365 * 24 * 3600 * 1000;

  // People, channels (seqs 1…channels), memberships, DMs.
  sql.transaction(() => {
    const user = sql.prepare('INSERT INTO users (id, name, name_key, password_hash, is_admin, delivered_seq, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)');
    for (let id = 1; id <= spec.users; id++) {
      const name = id === SEARCHER_ID ? SEARCHER_NAME : `user${id}`;
      user.run(id, name, name.toLowerCase(), id === SEARCHER_ID && options.passwordHash ? options.passwordHash : 'scrypt$bench$not-a-password', id === SEARCHER_ID ? 1 : 0, now - yearMs);
    }
    const channel = sql.prepare('INSERT INTO channels (id, name, topic, created_by, created_seq, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const member = sql.prepare('INSERT INTO channel_members (channel_id, user_id, joined_at) VALUES (?, ?, ?)');
    for (const c of conversations) {
      if (c.kind !== 'channel') continue;
      const id = Number(c.conv.slice(3));
      channel.run(id, id === 1 ? 'general' : `channel-${id}`, id === 1 ? 'Everyone in the session' : '', id === 1 ? null : c.members[0]!, id, now - yearMs);
      for (const userId of c.members) member.run(id, userId, now - yearMs);
    }
  })();

  // Messages: seqs after the channel creations, times spread over a year.
  const firstSeq = spec.channels + 1;
  const insert = sql.prepare('INSERT INTO messages (seq, conv, sender_id, client_msg_id, kind, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const chunk = options.chunk ?? 50_000;
  const plantedVisible: number[] = [];
  const plantedHidden: number[] = [];
  // Planted messages go at fixed positions spread over the run.
  const plantAt = new Map<number, boolean>();
  for (let i = 0; i < spec.planted * 2; i++) plantAt.set(Math.floor(((i + 0.5) / (spec.planted * 2)) * spec.messages), i % 2 === 0);
  const visibleIdx = conversations.flatMap((c, i) => (c.visible ? [i] : []));
  const hiddenIdx = conversations.flatMap((c, i) => (c.visible ? [] : [i]));
  const seenInMessage = new Int32Array(spec.vocabulary).fill(-1);
  for (let start = 0; start < spec.messages; start += chunk) {
    sql.transaction(() => {
      for (let n = start; n < Math.min(spec.messages, start + chunk); n++) {
        const seq = firstSeq + n;
        const plant = plantAt.get(n);
        const ci = plant === undefined ? convPicker.pick(random) : plant ? visibleIdx[n % visibleIdx.length]! : hiddenIdx[n % hiddenIdx.length]!;
        const c = conversations[ci]!;
        c.messages++;
        const sender = c.members[Math.floor(random() * c.members.length)]!;
        const length = Math.min(60, 2 + Math.floor(-Math.log(1 - random()) * 8));
        const words: string[] = [];
        for (let w = 0; w < length; w++) {
          const rank = wordPicker.pick(random);
          words.push(vocabulary[rank]!);
          if (seenInMessage[rank] !== n) {
            seenInMessage[rank] = n;
            wordMessages[rank]!++;
            if (c.visible) wordVisibleMessages[rank]!++;
          }
        }
        if (plant !== undefined) {
          words.splice(Math.floor(random() * words.length), 0, PLANTED_WORD);
          (plant ? plantedVisible : plantedHidden).push(seq);
        }
        let text = words.join(' ') + PUNCTUATION[Math.floor(random() * PUNCTUATION.length)]!;
        text = text[0]!.toUpperCase() + text.slice(1);
        const ts = now - yearMs + Math.floor(((n + 1) / spec.messages) * yearMs);
        insert.run(seq, c.conv, sender, nanoid(), 'text', text, ts);
      }
    })();
    options.onProgress?.(Math.min(spec.messages, start + chunk));
  }
  const lastSeq = firstSeq + spec.messages - 1;

  sql.transaction(() => {
    const dm = sql.prepare('INSERT INTO dms (conv, user_a, user_b, last_seq) VALUES (?, ?, ?, ?)');
    const lastOf = sql.prepare('SELECT MAX(seq) AS s FROM messages WHERE conv = ?');
    for (const c of conversations) {
      if (c.kind !== 'dm') continue;
      const last = Number((lastOf.get(c.conv) as { s: number | null }).s ?? 0);
      dm.run(c.conv, c.members[0]!, c.members[1]!, last);
    }
    // Everything counts as delivered: a sign-in does not replay a year of history.
    sql.prepare('UPDATE users SET delivered_seq = ?').run(lastSeq);
  })();

  return {
    spec,
    vocabulary,
    conversations,
    wordMessages,
    wordVisibleMessages,
    plantedVisible,
    plantedHidden,
    lastSeq,
    buildMs: performance.now() - started,
  };
}

/** Text for a message inserted during the throughput runs: the same word distribution. */
export function messageTextMaker(dataset: Pick<Dataset, 'vocabulary' | 'spec'>, seed: number): () => string {
  const random = seededRandom(seed);
  const picker = new WeightedPicker(zipfWeights(dataset.vocabulary.length, dataset.spec.zipfS));
  return () => {
    const length = Math.min(60, 2 + Math.floor(-Math.log(1 - random()) * 8));
    const words: string[] = [];
    for (let w = 0; w < length; w++) words.push(dataset.vocabulary[picker.pick(random)]!);
    return words.join(' ');
  };
}
