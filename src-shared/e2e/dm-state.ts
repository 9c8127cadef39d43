// What the DM crypto service (dm-session.ts) remembers per account (one
// session's host and one person in it, "<session id>/<user id>"), kept beside
// the device's keys by a small store the platform gives:
//   - roster:   other people's (and my other) devices as last accepted, and
//               which safety code each person verified (device-roster.ts);
//   - guard:    the replay guard's counters (replay-guard.ts);
//   - counters: this device's last envelope counter per conversation, so a
//               restart never reuses one (receivers would refuse it as a replay);
//   - confirm:  people whose devices changed after they were verified: sending
//               to them waits for a deliberate confirm();
//   - deviceId: the device the counters belong to (a new key starts at 1 again).
// None of it is secret (public keys and counters), but it says whom this person
// talks to: stores keep it readable only by the device's user (the terminal:
// a 0600 file, src-main/e2e/dm-state-file.ts).
// Losing it is survivable but not free: the roster is trusted anew (verified
// marks are gone) and, until this device's counters pass the old ones, its
// messages are refused by receivers as replays — the docs say so.
import { z } from 'zod';
import { CLIENT_ID_MAX_CHARS, E2E_MAX_DEVICES_PER_PERSON, E2E_REPLAY_MEMORY } from '../limits.js';
import type { DeviceRosterState } from './device-roster.js';
import type { ReplayGuardState } from './replay-guard.js';

export interface DmState {
  v: 1;
  deviceId: string;
  roster: DeviceRosterState;
  guard: ReplayGuardState;
  counters: Record<string, number>;
  confirm: string[];
}

const id = z.string().min(1).max(CLIENT_ID_MAX_CHARS);
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const dmStateSchema = z.object({
  v: z.literal(1),
  deviceId: id,
  roster: z.object({
    people: z.array(
      z.object({
        userId: id,
        // Each bundle is checked again (signature and all) when the roster is rebuilt.
        bundles: z.array(z.unknown()).max(E2E_MAX_DEVICES_PER_PERSON),
        verifiedCode: z.string().regex(/^\d+$/).optional(),
      }),
    ),
  }),
  guard: z.array(z.tuple([z.string(), count, z.array(count).max(E2E_REPLAY_MEMORY)])),
  // Not z.record: a conversation key must never set a prototype.
  counters: z.custom<Record<string, number>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((n) => count.safeParse(n).success),
  ),
  confirm: z.array(id),
});

/** Where the service keeps DmState for each account. Load returns undefined for an account it has nothing for. */
export interface DmStateStore {
  load(account: string): Promise<unknown>;
  save(account: string, state: DmState): Promise<void>;
}

/** The state of an account that has none yet (or of another device than the one stored). */
export function freshDmState(deviceId: string): DmState {
  return { v: 1, deviceId, roster: { people: [] }, guard: [], counters: Object.create(null) as Record<string, number>, confirm: [] };
}

/** Parses stored state; undefined when there is none or it is not in this form (the caller starts fresh and says so). */
export function parseDmState(value: unknown): DmState | undefined {
  if (value === undefined) return undefined;
  const parsed = dmStateSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const counters = Object.assign(Object.create(null) as Record<string, number>, parsed.data.counters);
  return { ...parsed.data, roster: parsed.data.roster as DeviceRosterState, counters };
}

/** A store in memory (tests; a front end with nowhere to keep it: every run is then a first contact). */
export function memoryDmStateStore(): DmStateStore & { readonly records: Map<string, string> } {
  const records = new Map<string, string>();
  return {
    records,
    load: async (account) => {
      const text = records.get(account);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
    save: async (account, state) => void records.set(account, JSON.stringify(state)),
  };
}
