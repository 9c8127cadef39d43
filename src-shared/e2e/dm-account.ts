// One signed-in person's encrypted-DM state on this device (DmSession's
// account, "<session id>/<user id>"): their device keyring checked against
// its own bundle, the roster of people's devices, the replay guard and the
// saved state — loaded at sign-in, saved after every change — and what is
// read from them: whose devices are known, the devices to encrypt to, and a
// DM's safety code.
import { verifyDeviceBundle, type VerifiedDevice } from './device-keys.js';
import type { DeviceKeyring, KeyringFactory } from './device-keyring.js';
import { DeviceRoster } from './device-roster.js';
import { noDevices } from './dm-send-error.js';
import { freshDmState, parseDmState, type DmState, type DmStateStore } from './dm-state.js';
import { E2eError } from './e2e-error.js';
import { ReplayGuard } from './replay-guard.js';
import { safetyCode, type SafetyCode, type SafetyCodeParty } from './safety-code.js';

export interface Account {
  name: string;
  me: number;
  keys: DeviceKeyring;
  self: VerifiedDevice;
  roster: DeviceRoster;
  guard: ReplayGuard;
  state: DmState;
}

/** Loads the account `name` of user `me`; `problem` hears what was reset (a state that could not be read). */
export async function loadAccount(name: string, me: number, keyringFor: KeyringFactory, stateStore: DmStateStore, problem: (text: string) => void): Promise<Account> {
  const keys = await keyringFor(name, String(me));
  if (keys.userId !== String(me)) throw new E2eError('key_store', 'The stored device keys belong to another person.');
  const self = await verifyDeviceBundle(await keys.bundle());
  const same = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((byte, i) => byte === y[i]);
  if (self.bundle.deviceId !== keys.deviceId || self.bundle.userId !== keys.userId || !same(self.signingKey, keys.signingPublicKey) || !same(self.encryptionKey, keys.encryptionPublicKey)) {
    throw new E2eError('key_store', 'The device bundle does not match this device.');
  }
  const stored = await stateStore.load(name);
  const loaded = parseDmState(stored);
  if (loaded === undefined && stored !== undefined) {
    problem('The saved encrypted-DM state could not be read: starting afresh (devices are trusted anew).');
  }
  let state = loaded ?? freshDmState(keys.deviceId);
  // Counters belong to one device: a new key starts them again.
  if (state.deviceId !== keys.deviceId) state = { ...state, deviceId: keys.deviceId, counters: Object.create(null) as Record<string, number> };
  let roster: DeviceRoster;
  try {
    roster = await DeviceRoster.fromState(state.roster);
  } catch {
    problem('The saved device list could not be checked: devices are trusted anew.');
    roster = new DeviceRoster();
  }
  return { name, me, keys, self, roster, guard: ReplayGuard.fromState(state.guard), state };
}

export async function saveAccount(account: Account, stateStore: DmStateStore): Promise<void> {
  account.state = { ...account.state, roster: account.roster.toState(), guard: account.guard.toState() };
  await stateStore.save(account.name, account.state);
}

export function knows(account: Account, userId: number): boolean {
  return userId === account.me || account.roster.toState().people.some((p) => p.userId === String(userId));
}

/** My devices (this one always among them) and the peer's. */
export function devicesOf(account: Account, userId: number): VerifiedDevice[] {
  const devices = account.roster.devicesOf(String(userId));
  if (userId !== account.me || devices.some((d) => d.bundle.deviceId === account.keys.deviceId)) return devices;
  return [account.self, ...devices];
}

/** The two sides of the DM's safety code: my devices' signing keys and the peer's. */
export function partiesOf(account: Account, peer: number): [SafetyCodeParty, SafetyCodeParty] {
  const theirs = devicesOf(account, peer);
  if (theirs.length === 0) throw noDevices(peer);
  const keysOf = (devices: VerifiedDevice[]) => devices.map((d) => d.signingKey);
  return [
    { userId: String(account.me), signingKeys: keysOf(devicesOf(account, account.me)) },
    { userId: String(peer), signingKeys: keysOf(theirs) },
  ];
}

export function codeWith(account: Account, peer: number): SafetyCode {
  return safetyCode(...partiesOf(account, peer));
}
