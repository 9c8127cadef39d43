// The terminal's commands for knowing whom you DM (issue 13, "Knowing who you
// talk to"):
//   /safety NAME   the DM's safety code, 60 digits in 12 groups: compare it with
//                  NAME in person (read it out, or check it on their screen);
//   /verify NAME   after comparing: marks the DM verified (until a device
//                  changes: then a notice, and sending waits for /confirm);
//   /confirm NAME  send to NAME's changed devices anyway (not verified), and
//                  send what was held meanwhile.
import { DmSendError } from '../../src-shared/e2e/dm-session.js';
import type { UserInfo } from '../../src-shared/protocol/frames.js';
import { sendHeld } from './delivery.js';
import { printable } from './message-format.js';
import type { TerminalSession } from './terminal-session.js';

export const E2E_HELP_LINES = [
  '  /safety NAME       the safety code of your DM with NAME: compare it with them in person',
  '  /verify NAME       after comparing: marks the DM verified',
  '  /confirm NAME      send to NAME although their devices changed since you verified',
];

export async function safety(session: TerminalSession, user: UserInfo): Promise<true> {
  const name = printable(user.name);
  let result;
  try {
    result = await session.dm.safety(user.id);
  } catch (error) {
    if (error instanceof DmSendError && error.code === 'no_devices') {
      throw new Error(`${name} has no device that can read encrypted messages yet, so there is no safety code; they need to sign in with an updated app.`);
    }
    throw error;
  }
  const { code, verified } = result;
  session.shownCodes.set(user.id, code.digits);
  session.print(`* Safety code of your DM with ${name}${verified ? ' (verified)' : ''}:`);
  for (let row = 0; row < code.groups.length; row += 4) session.print(`    ${code.groups.slice(row, row + 4).join(' ')}`);
  if (!verified) session.print(`* Compare it with ${name} (they type /safety on their side); if it is the same, /verify ${name}.`);
  return true;
}

export async function verify(session: TerminalSession, user: UserInfo): Promise<true> {
  const name = printable(user.name);
  const digits = session.shownCodes.get(user.id);
  if (digits === undefined) throw new Error(`Compare the code first: /safety ${name} shows it.`);
  try {
    await session.dm.verify(user.id, digits);
  } catch (error) {
    session.shownCodes.delete(user.id);
    throw error;
  }
  session.print(`* Your DM with ${name} is verified. You will be told if their devices change.`);
  await sendHeld(session, user.id);
  return true;
}

export async function confirm(session: TerminalSession, user: UserInfo): Promise<true> {
  const name = printable(user.name);
  if (!session.dm.needsConfirm(user.id) && !session.held.has(user.id)) {
    session.print(`* Nothing waits for a confirmation with ${name}.`);
    return true;
  }
  await session.dm.confirm(user.id);
  session.print(`* Sending to ${name}'s current devices (not verified: /safety ${name} to compare).`);
  await sendHeld(session, user.id);
  return true;
}
