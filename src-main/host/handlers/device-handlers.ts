// Devices for end-to-end encrypted DMs (PROTOCOL.md, "End-to-end encrypted
// DMs"): publishing a device's public bundle, and listing people's devices.
// The host checks what it can (the bundle's self-signature, that it is the
// publisher's own, the per-person limit, that a device's keys never change)
// and tells everyone when a person's device list changes, so that clients
// can compare it with their roster and show "new device" — the host could
// add a device of its own to someone, and that notice is what catches it.
import { E2E_MAX_DEVICES_PER_PERSON } from '../../../src-shared/limits.js';
import type { DeviceBundle } from '../../../src-shared/e2e/device-bundle-format.js';
import { verifyDeviceBundle } from '../../../src-shared/e2e/device-keys.js';
import { E2eError } from '../../../src-shared/e2e/e2e-error.js';
import type { ReplyData } from '../../../src-shared/protocol/frames.js';
import { RequestError } from '../request-error.js';
import { replyWhenDone, type Handlers, type HostParts } from './request-context.js';

const sameKeys = (a: DeviceBundle, b: DeviceBundle): boolean => a.encryptionKey === b.encryptionKey && a.signingKey === b.signingKey;

export function deviceHandlers(parts: HostParts): Handlers<'device.publish' | 'devices.list'> {
  const { db, state, batcher, fanOut } = parts;

  /** Checks the bundle (owner first: cheap), then its self-signature. */
  const checkedBundle = async (userId: number, bundle: DeviceBundle): Promise<DeviceBundle> => {
    if (bundle.userId !== String(userId)) {
      throw new RequestError('device_invalid', `That bundle is for user ${bundle.userId}; publish your own device's bundle (userId "${userId}").`, 'bundle');
    }
    try {
      return (await verifyDeviceBundle(bundle)).bundle;
    } catch (error) {
      if (!(error instanceof E2eError)) throw error;
      throw new RequestError('device_invalid', `${error.message} Make the bundle with deviceBundleOf from the device's own keys.`, 'bundle');
    }
  };

  return {
    'device.publish': (conn, frame) => {
      const userId = conn.user.id;
      const work = checkedBundle(userId, frame.bundle).then((bundle) =>
        batcher.runAsync(() => {
          const existing = db.devices.get(userId, bundle.deviceId);
          if (existing) {
            if (!sameKeys(existing, bundle)) {
              throw new RequestError(
                'device_conflict',
                `Device ${bundle.deviceId} is published with other keys. A device's keys never change: make a new device (new id and keys) instead.`,
                'bundle',
              );
            }
            return { device: existing, added: false };
          }
          if (db.devices.count(userId) >= E2E_MAX_DEVICES_PER_PERSON) {
            throw new RequestError(
              'too_many_devices',
              `You have ${E2E_MAX_DEVICES_PER_PERSON} devices in this session, as many as it allows. Use one of them (removing a device is not possible yet).`,
              'bundle',
            );
          }
          db.devices.insert(userId, bundle);
          return { device: bundle, added: true };
        }),
      );
      replyWhenDone(parts, conn, frame.id, work, {
        reply: ({ device }) => ({ device }) satisfies ReplyData<'device.publish'>,
        // Everyone, the publisher's other devices included: each compares the list with its roster.
        publish: ({ added }) => {
          if (added) fanOut.toEveryone({ type: 'devices', user: userId, devices: db.devices.ofUser(userId) });
        },
      });
    },

    'devices.list': (conn, frame) => {
      const userIds = [...new Set(frame.userIds)];
      for (const id of userIds) {
        if (!state.user(id)) throw new RequestError('user_not_found', `There is nobody with id ${id} in this session.`, 'userIds');
      }
      const devices = userIds.map((user) => ({ user, devices: db.devices.ofUser(user) }));
      conn.reply(frame.id, { devices } satisfies ReplyData<'devices.list'>);
    },
  };
}
