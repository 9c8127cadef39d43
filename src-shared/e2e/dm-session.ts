// The DM crypto service every front end uses (terminal, browser, desktop
// renderer): it sits beside a ChatClient, which stays crypto-free, and
// does everything end-to-end encrypted DMs need on this device (issue 13;
// docs/SECURITY.md, "End-to-end encrypted DMs"):
//   - after every sign-in it gets this device's keyring for the account
//     ("<session id>/<user id>"): from a key store, the keys made on first
//     use; on the desktop from main, which keeps the keys (device-keyring.ts);
//     and publishes the device (device.publish is idempotent);
//   - it keeps the roster of DM peers' devices and of this person's own other
//     devices (devices.list when a DM is used, and every `devices` frame of a
//     person it knows), and reports changes as notices ("Bob has a new
//     device"); a change for a person whose safety code was verified makes
//     sending to them wait for confirm(peer);
//   - send()/edit() encrypt once, to every device of both people, and hand the
//     envelope to the ChatClient's outbox (retries resend the same envelope);
//   - read() decrypts a message: live and replayed deliveries through the
//     replay guard (one at a time), history pages without it (in parallel); a DM without an envelope is
//     reported as plain ("not end-to-end encrypted"); failures are results,
//     never thrown, so a bad envelope cannot stop a front end;
//   - safety() gives the safety code and whether it was verified; verify()
//     records that the people compared it.
// State that must outlive a run (roster, replay guard, counters, pending
// confirmations) goes to the DmStateStore after every change (dm-state.ts).
// All work on the account's state is done one step at a time (exclusive()),
// so concurrent deliveries cannot both pass the replay guard.
// Its parts: the account (dm-account.ts: keys, roster, replay guard and saved
// state of the person signed in) and why a send fails (dm-send-error.ts).
import { nanoid } from 'nanoid';
import type { ChatClient } from '../chat-client.js';
import { dmPeer } from '../protocol/conversations.js';
import type { Message, SignedIn } from '../protocol/frames.js';
import { TypedEmitter } from '../typed-emitter.js';
import type { DeviceKeyStore } from './device-key-store.js';
import { keyringsFromStore, type KeyringFactory } from './device-keyring.js';
import { rosterChanged } from './device-roster.js';
import { codeWith, devicesOf, knows, loadAccount, partiesOf, saveAccount, type Account } from './dm-account.js';
import { decryptDm, encryptDm } from './dm-envelope.js';
import { decodeDmContent, encodeDmFile, encodeDmText, type DmContent, type DmFile } from './dm-payload.js';
import { DmSendError, noDevices } from './dm-send-error.js';
import type { DmStateStore } from './dm-state.js';
import { E2eError, type E2eErrorCode } from './e2e-error.js';
import { safetyCodeInSlices, type IdleBudget, type SafetyCode } from './safety-code.js';

export { DmSendError, type DmSendErrorCode } from './dm-send-error.js';

/**
 * Where this device's keys are: a key store the service reads them from
 * (terminal, browser: the keys are in this process), or a keyring per account
 * that keeps them elsewhere (the desktop renderer: main holds them, and signs
 * and opens on request; device-keyring.ts).
 */
export type DmSessionKeys = { keyStore: DeviceKeyStore; keyring?: never } | { keyring: KeyringFactory; keyStore?: never };

/** What the service uses of a ChatClient (a front end may hand it a narrower seam of the same client). */
export type DmClient = Pick<ChatClient, 'on' | 'request' | 'send' | 'change'>;

export type DmSessionOptions = DmSessionKeys & {
  client: DmClient;
  stateStore: DmStateStore;
  /**
   * Waits before each slice of the safety code's hashing (safety()) and says
   * how long the slice may take, so the ~10,000 SHA-512s of a DM's code never
   * hold up what a front end draws. A browser waits for idle time
   * (requestIdleCallback); the default: the next macrotask, 5 ms.
   */
  idle?: () => Promise<IdleBudget>;
};

const SLICE_MS = 5;
const nextTask = () =>
  new Promise<IdleBudget>((resolve) =>
    setTimeout(() => {
      const end = Date.now() + SLICE_MS;
      resolve({ timeRemaining: () => end - Date.now() });
    }, 0),
  );

/** A person's devices changed (not the first time we saw them): the front end shows it in the DM. */
export interface RosterNotice {
  userId: number;
  /** This person's own devices (another device of mine was added or removed). */
  mine: boolean;
  added: number;
  removed: number;
  /** A known device id with other keys: a new device posing as an old one. */
  keyChanged: number;
  /** The person was verified: sending to them now waits for confirm(). */
  mustConfirm: boolean;
}

export type DmReading =
  /** A DM without an envelope: not end-to-end encrypted (sent before this, or by an old app). */
  | { kind: 'plain' }
  | { kind: 'decrypted'; content: DmContent }
  /** Could not be read on this device; `reason` says why (no secrets in it). */
  | { kind: 'failed'; code: E2eErrorCode; reason: string };

interface DmSessionEvents extends Record<string, unknown[]> {
  notice: [RosterNotice];
  /** Something went wrong in the background (publishing, a bad bundle from the host): say so, carry on. */
  problem: [string];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class DmSession extends TypedEmitter<DmSessionEvents> {
  private readonly client: DmClient;
  private readonly keyringFor: KeyringFactory;
  private readonly stateStore: DmStateStore;
  private readonly idle: () => Promise<IdleBudget>;
  private current: Account | null = null;
  private setupError: Error | null = null;
  /** Every step on the account runs after the one before (see exclusive()). */
  private chain: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: Array<() => void>;
  /** When (Date.now()) the host last listed each person's devices unasked (a `devices` frame: one published or removed). */
  private readonly devicesListedAt = new Map<number, number>();

  constructor(options: DmSessionOptions) {
    super();
    this.client = options.client;
    this.keyringFor = options.keyring ?? keyringsFromStore(options.keyStore);
    this.stateStore = options.stateStore;
    this.idle = options.idle ?? nextTask;
    this.unsubscribe = [
      this.client.on('signedIn', (result) => void this.exclusive(() => this.onSignedIn(result)).catch(() => {})),
      this.client.on('devices', (frame) => {
        this.devicesListedAt.set(frame.user, Date.now());
        void this.exclusive(() => this.onDevicesFrame(frame.user, frame.devices)).catch(() => {});
      }),
    ];
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
  }

  // ------------------------------------------------------------------ public API

  /** Encrypts `text` for the DM `conv` and queues it in the client's outbox. Throws DmSendError / E2eError (too long) with what to do. */
  async send(conv: string, text: string, options: { replyTo?: number; quote?: string; threadRoot?: number; alsoToChannel?: boolean } = {}): Promise<{ clientMsgId: string; done: Promise<Message> }> {
    const clientMsgId = nanoid();
    const e2e = await this.exclusive(() => this.encrypt(conv, clientMsgId, encodeDmText(text, options.quote)));
    // A thread reply rides the same path: only threadRoot / alsoToChannel are added (PROTOCOL.md, "Threads").
    const thread = options.threadRoot !== undefined ? { threadRoot: options.threadRoot, ...(options.alsoToChannel === true && { alsoToChannel: true }) } : {};
    return this.client.send(conv, '', clientMsgId, { e2e, ...(options.replyTo !== undefined && { replyTo: options.replyTo }), ...thread });
  }

  /**
   * Resolves once the host has listed `userId`'s devices unasked since `since`
   * (Date.now(); they published one), or after `ms`: whether it has.
   */
  devicesListedSince(userId: number, since: number, ms: number): Promise<boolean> {
    if ((this.devicesListedAt.get(userId) ?? Number.NEGATIVE_INFINITY) >= since) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (listed: boolean) => {
        clearTimeout(timer);
        off();
        resolve(listed);
      };
      const off = this.client.on('devices', (frame) => {
        if (frame.user === userId) done(true);
      });
      const timer = setTimeout(() => done(false), ms);
    });
  }

  /** The envelope of an encrypted DM file, for file.begin's `e2e` (dm-file.ts): encrypted once; upload retries resend it. */
  fileEnvelope(conv: string, clientMsgId: string, file: DmFile): Promise<string> {
    return this.exclusive(() => this.encrypt(conv, clientMsgId, encodeDmFile(file)));
  }

  /** Edits an encrypted DM of mine: a new envelope for the same message id, through the outbox. */
  async edit(message: Message, text: string, quote?: string): Promise<{ id: string; done: Promise<Message> }> {
    if (message.clientMsgId === undefined) throw new DmSendError('not_a_dm', 'That message cannot be edited encrypted (it has no message id).');
    const e2e = await this.exclusive(() => this.encrypt(message.conv, message.clientMsgId!, encodeDmText(text, quote)));
    return this.client.change({ kind: 'edit', seq: message.seq, text: '', e2e });
  }

  /** Changes the caption of an encrypted DM file of mine: a new envelope of the whole file payload (same key and name), through the outbox. */
  async editFile(message: Message, file: DmFile): Promise<{ id: string; done: Promise<Message> }> {
    if (message.clientMsgId === undefined) throw new DmSendError('not_a_dm', 'That file cannot be edited encrypted (it has no message id).');
    const e2e = await this.exclusive(() => this.encrypt(message.conv, message.clientMsgId!, encodeDmFile(file)));
    return this.client.change({ kind: 'edit', seq: message.seq, text: '', e2e });
  }

  /**
   * Opens a DM message. `live`: it was delivered (live or replayed after a
   * reconnect), so the replay guard checks it; history pages and reaction
   * updates (which carry an envelope already seen) pass false.
   */
  read(message: Message, live: boolean): Promise<DmReading> {
    if (message.e2e === undefined) return Promise.resolve({ kind: 'plain' });
    if (live) return this.exclusive(() => this.open(message, true));
    // A history read changes no state (no replay guard, no counter), so many
    // run at once (a page opens in parallel: bench/dm-open); each still waits
    // for the steps asked before it (sign-in setup, a roster refresh).
    return this.chain.then(() => this.open(message, false));
  }

  /** A DM with `peer` was opened: asks the host for both people's devices now (changes come as notices). Offline, nothing happens. */
  opened(peer: number): Promise<void> {
    return this.exclusive(async () => {
      const account = this.account();
      await this.refresh(account, [account.me, peer]).catch(() => {});
    });
  }

  /**
   * The DM's safety code, after asking the host for both people's devices
   * (unless `refresh` is false: opened() just asked); and whether the two
   * compared it. The hashing runs outside the step chain, in slices
   * (safetyCodeInSlices), so history reads do not wait for it.
   */
  async safety(peer: number, refresh = true): Promise<{ code: SafetyCode; verified: boolean }> {
    const { account, parties } = await this.exclusive(async () => {
      const account = this.account();
      if (refresh) await this.refreshQuietly(account, [account.me, peer]);
      return { account, parties: partiesOf(account, peer) };
    });
    const code = await safetyCodeInSlices(parties[0], parties[1], this.idle);
    return { code, verified: account.roster.isVerified(String(peer), code.digits) };
  }

  /** The people compared `digits` (the code shown by safety()): marks the DM verified, unless the code has changed since. */
  verify(peer: number, digits: string): Promise<void> {
    return this.exclusive(async () => {
      const account = this.account();
      const code = codeWith(account, peer);
      if (code.digits !== digits) throw new DmSendError('unavailable', 'The safety code changed since it was shown (devices changed): compare the new code.');
      account.roster.markVerified(String(peer), digits);
      account.state.confirm = account.state.confirm.filter((id) => id !== String(peer));
      await this.save(account);
    });
  }

  /** Sending to `peer` waits because their devices changed after they were verified. */
  needsConfirm(peer: number): boolean {
    return this.current?.state.confirm.includes(String(peer)) ?? false;
  }

  /** A deliberate "send to their new devices anyway" (it does not mark them verified). */
  confirm(peer: number): Promise<void> {
    return this.exclusive(async () => {
      const account = this.account();
      account.state.confirm = account.state.confirm.filter((id) => id !== String(peer));
      await this.save(account);
    });
  }

  /** Waits until everything asked so far (sign-in setup included) is done. */
  settled(): Promise<void> {
    return this.exclusive(async () => {});
  }

  // ------------------------------------------------------------------ steps

  private exclusive<T>(step: () => Promise<T>): Promise<T> {
    const run = this.chain.then(step, step);
    this.chain = run.catch(() => {});
    return run;
  }

  private account(): Account {
    if (this.current) return this.current;
    throw new DmSendError('unavailable', `Encrypted DMs are not available: ${this.setupError ? this.setupError.message : 'not signed in yet.'}`);
  }

  private async onSignedIn(result: SignedIn): Promise<void> {
    const name = `${result.session.id}/${result.user.id}`;
    try {
      if (this.current?.name !== name) this.current = await loadAccount(name, result.user.id, this.keyringFor, this.stateStore, (text) => this.emit('problem', text));
      this.setupError = null;
    } catch (error) {
      this.current = null;
      this.setupError = error instanceof Error ? error : new Error(String(error));
      this.emit('problem', `Encrypted DMs are off: ${messageOf(error)}`);
      return;
    }
    const account = this.current;
    try {
      await this.client.request('device.publish', { bundle: account.self.bundle });
      await this.refresh(account, [account.me]);
    } catch (error) {
      this.emit('problem', `Could not publish this device's key: ${messageOf(error)}`);
    }
  }

  private async save(account: Account): Promise<void> {
    await saveAccount(account, this.stateStore);
  }

  private async onDevicesFrame(userId: number, bundles: unknown[]): Promise<void> {
    const account = this.current;
    if (!account || !knows(account, userId)) return; // fetched when a DM with them is used
    await this.apply(account, userId, bundles);
  }

  /** Takes the host's list of a person's devices into the roster; reports a change. */
  private async apply(account: Account, userId: number, bundles: unknown[]): Promise<void> {
    let change;
    try {
      change = await account.roster.update(String(userId), bundles);
    } catch (error) {
      this.emit('problem', `The host listed a bad device for user ${userId} (ignored): ${messageOf(error)}`);
      return;
    }
    const mine = userId === account.me;
    if (!change.firstContact && rosterChanged(change)) {
      const mustConfirm = change.wasVerified && !mine;
      if (mustConfirm && !account.state.confirm.includes(String(userId))) account.state.confirm = [...account.state.confirm, String(userId)];
      this.emit('notice', { userId, mine, added: change.added.length, removed: change.removed.length, keyChanged: change.keyChanged.length, mustConfirm });
    }
    await this.save(account);
  }

  private async refresh(account: Account, userIds: number[]): Promise<void> {
    const { devices } = await this.client.request('devices.list', { userIds });
    for (const entry of devices) await this.apply(account, entry.user, entry.devices);
  }

  /** Refresh when online; offline, the roster as last known serves (false if it knows nothing of them). */
  private async refreshQuietly(account: Account, userIds: number[]): Promise<void> {
    try {
      await this.refresh(account, userIds);
    } catch (error) {
      if (!userIds.every((id) => knows(account, id))) {
        throw new DmSendError('unavailable', `Cannot get the devices to encrypt to: ${messageOf(error)}`);
      }
    }
  }

  private async encrypt(conv: string, messageId: string, plaintext: Uint8Array): Promise<string> {
    const account = this.account();
    const peer = dmPeer(conv, account.me);
    if (peer === null || peer === account.me) throw new DmSendError('not_a_dm', 'Only direct messages are encrypted.');
    await this.refreshQuietly(account, [account.me, peer]);
    if (account.state.confirm.includes(String(peer))) {
      throw new DmSendError('confirm_needed', 'Their devices changed after you verified the safety code: the message was not sent. Compare the new code, or confirm to send to the new devices anyway.');
    }
    const theirs = devicesOf(account, peer);
    if (theirs.length === 0) throw noDevices(peer);
    const counter = (account.state.counters[conv] ?? 0) + 1;
    account.state.counters[conv] = counter;
    await this.save(account); // before it can be sent: a restart never reuses a counter
    const envelope = await encryptDm({
      sender: account.keys,
      conversationId: conv,
      messageId,
      counter,
      recipients: [...devicesOf(account, account.me), ...theirs],
      plaintext,
    });
    return JSON.stringify(envelope);
  }

  private async open(message: Message, live: boolean): Promise<DmReading> {
    let account: Account;
    try {
      account = this.account();
    } catch (error) {
      return { kind: 'failed', code: 'key_store', reason: messageOf(error) };
    }
    const attempt = () =>
      decryptDm({
        envelope: message.e2e,
        me: account.keys,
        conversationId: message.conv,
        senderDevice: (userId, deviceId) =>
          account.roster.device(userId, deviceId) ?? (userId === account.keys.userId && deviceId === account.keys.deviceId ? account.self : undefined),
        ...(live && { guard: account.guard }),
      });
    try {
      let opened;
      try {
        opened = await attempt();
      } catch (error) {
        // A device published since we last asked: ask once more, then judge.
        if (!(error instanceof E2eError && error.code === 'unknown_sender_device')) throw error;
        // A history read is outside the chain: the roster changes only inside it.
        const refresh = () => this.refreshQuietly(account, [message.from]).catch(() => {});
        await (live ? refresh() : this.exclusive(refresh));
        opened = await attempt();
      }
      if (opened.header.senderUserId !== String(message.from)) {
        throw new E2eError('malformed', 'The message was signed by someone else than the host says sent it.');
      }
      if (message.clientMsgId !== undefined && opened.header.messageId !== message.clientMsgId) {
        throw new E2eError('malformed', 'The encrypted message belongs to another message.');
      }
      if (live) await this.save(account);
      return { kind: 'decrypted', content: decodeDmContent(opened.plaintext) };
    } catch (error) {
      if (error instanceof E2eError) return { kind: 'failed', code: error.code, reason: error.message };
      return { kind: 'failed', code: 'decrypt_failed', reason: 'The message could not be read.' };
    }
  }
}

