// What a client remembers of other people's devices, so the host cannot add a
// device to someone, or swap a device's key, without the people in the DM
// being told (issue 13, "Knowing who you talk to"; like known_hosts,
// CONVENTIONS.md #14).
//
// For each person: the device bundles last accepted, and whether the person
// verified the safety code (and which code). update() takes the list the host
// now hands out, checks every bundle (shape, self-signature, that it belongs
// to that person, the per-person limit) and says what changed: devices added,
// removed, or — the suspicious case — a device id whose keys changed. Any
// change clears "verified", since the safety code changes with it; the UI
// shows a notice, and in a conversation that was verified sending waits for a
// deliberate confirmation (`wasVerified`). The first list seen for a person is
// accepted on trust (trust on first use) and reported as `firstContact`; so is
// the first device of someone seen with none yet (a person just signed up,
// whose app has not published its key): there was nothing to compare it with,
// and "Bob has a new device" would only be noise.
import { E2E_MAX_DEVICES_PER_PERSON } from '../limits.js';
import type { DeviceBundle, VerifiedDevice } from './device-keys.js';
import { verifyDeviceBundle } from './device-keys.js';
import { E2eError } from './e2e-error.js';

export interface RosterChange {
  userId: string;
  firstContact: boolean;
  added: DeviceBundle[];
  removed: DeviceBundle[];
  /** Same device id, other keys: a device cannot change its keys, so this is a new device posing as an old one. */
  keyChanged: Array<{ before: DeviceBundle; after: DeviceBundle }>;
  /** The person had been verified before this change (so sending should wait for a confirmation). */
  wasVerified: boolean;
}

export const rosterChanged = (change: RosterChange): boolean =>
  change.added.length + change.removed.length + change.keyChanged.length > 0;

interface Person {
  devices: Map<string, VerifiedDevice>;
  /** The safety code the person verified, or undefined. */
  verifiedCode: string | undefined;
}

export interface DeviceRosterState {
  people: Array<{ userId: string; bundles: DeviceBundle[]; verifiedCode?: string }>;
}

const sameKeys = (a: DeviceBundle, b: DeviceBundle) => a.encryptionKey === b.encryptionKey && a.signingKey === b.signingKey;

export class DeviceRoster {
  private readonly people = new Map<string, Person>();

  static async fromState(state: DeviceRosterState): Promise<DeviceRoster> {
    const roster = new DeviceRoster();
    for (const person of state.people) {
      await roster.update(person.userId, person.bundles);
      if (person.verifiedCode !== undefined) roster.markVerified(person.userId, person.verifiedCode);
    }
    return roster;
  }

  toState(): DeviceRosterState {
    return {
      people: [...this.people].map(([userId, person]) => ({
        userId,
        bundles: [...person.devices.values()].map((d) => d.bundle),
        ...(person.verifiedCode !== undefined ? { verifiedCode: person.verifiedCode } : {}),
      })),
    };
  }

  /** Checks the host's current list of a person's devices, remembers it, and says what changed. Throws E2eError on a bad bundle (nothing is remembered then). */
  async update(userId: string, bundles: unknown[]): Promise<RosterChange> {
    if (bundles.length > E2E_MAX_DEVICES_PER_PERSON) {
      throw new E2eError('too_many_recipients', `A person has at most ${E2E_MAX_DEVICES_PER_PERSON} devices; the host listed ${bundles.length}.`);
    }
    const next = new Map<string, VerifiedDevice>();
    for (const input of bundles) {
      const device = await verifyDeviceBundle(input);
      if (device.bundle.userId !== userId) {
        throw new E2eError('malformed', `The host listed device ${device.bundle.deviceId} of another person as one of ${userId}'s.`);
      }
      if (next.has(device.bundle.deviceId)) throw new E2eError('malformed', `Device ${device.bundle.deviceId} is listed twice.`);
      next.set(device.bundle.deviceId, device);
    }
    const before = this.people.get(userId);
    const change: RosterChange = {
      userId,
      firstContact: before === undefined || before.devices.size === 0,
      added: [],
      removed: [],
      keyChanged: [],
      wasVerified: before?.verifiedCode !== undefined,
    };
    if (before) {
      for (const [deviceId, device] of next) {
        const old = before.devices.get(deviceId);
        if (!old) change.added.push(device.bundle);
        else if (!sameKeys(old.bundle, device.bundle)) change.keyChanged.push({ before: old.bundle, after: device.bundle });
      }
      for (const [deviceId, old] of before.devices) if (!next.has(deviceId)) change.removed.push(old.bundle);
    } else {
      change.added.push(...[...next.values()].map((d) => d.bundle));
    }
    const verifiedCode = before && !rosterChanged(change) ? before.verifiedCode : undefined;
    this.people.set(userId, { devices: next, verifiedCode });
    return change;
  }

  /** The person's devices as last accepted (to encrypt to, and for the safety code). */
  devicesOf(userId: string): VerifiedDevice[] {
    return [...(this.people.get(userId)?.devices.values() ?? [])];
  }

  /** A sender-device lookup for decryptDm. */
  device(userId: string, deviceId: string): VerifiedDevice | undefined {
    return this.people.get(userId)?.devices.get(deviceId);
  }

  /** Records that the person compared this safety code in person. */
  markVerified(userId: string, safetyDigits: string): void {
    const person = this.people.get(userId);
    if (!person) throw new E2eError('malformed', `No devices are known for ${userId}.`);
    person.verifiedCode = safetyDigits;
  }

  /** Verified, and for this very code (a code computed from other keys is not verified). */
  isVerified(userId: string, safetyDigits: string): boolean {
    return this.people.get(userId)?.verifiedCode === safetyDigits;
  }
}
