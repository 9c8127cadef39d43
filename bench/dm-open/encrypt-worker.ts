// One encrypting thread of bench/dm-open's seed (seed.ts): given the sending
// device's keys (storage form) and the recipients' signed bundles, it encrypts
// messages [from, to) of the DM exactly as the app's DmSession would (same
// payload encoding, same envelope) and posts back their envelopes as JSON.
import { parentPort, workerData } from 'node:worker_threads';
import { fromStoredDeviceKeys } from '../../src-shared/e2e/device-key-store.js';
import { verifyDeviceBundle } from '../../src-shared/e2e/device-keys.js';
import { encryptDm } from '../../src-shared/e2e/dm-envelope.js';
import { encodeDmText } from '../../src-shared/e2e/dm-payload.js';
import { messageId, messageText, type EncryptJob } from './dataset.js';

const job = workerData as EncryptJob;
const sender = await fromStoredDeviceKeys(job.sender);
const recipients = await Promise.all(job.recipients.map((bundle) => verifyDeviceBundle(bundle)));
const envelopes: string[] = [];
for (let i = job.from; i < job.to; i++) {
  const envelope = await encryptDm({
    sender,
    conversationId: job.conv,
    messageId: messageId(i),
    counter: i,
    sentAt: job.firstTs + i * job.stepMs,
    recipients,
    plaintext: encodeDmText(messageText(i)),
  });
  envelopes.push(JSON.stringify(envelope));
}
parentPort!.postMessage(envelopes);
