// What quitting while this app hosts a session asks (issue 11): the people
// chatting are on this computer's host, so quitting is not a private matter.
// A native message box, from the app menu / Cmd+Q / the tray's Quit alike.
// Plain module: desktop-app.ts passes dialog.showMessageBox; tests a fake.
//
// Decision: the default button is "Keep hosting in the background" — pressing
// Enter by habit must not end the session for everyone; Escape cancels.
//
// Hand-over (issue 11 item 2): one "Hand over to ANN" button per person who
// could take the session (online in an app that can host; admins first, at
// most HANDOVER_QUIT_CHOICES_MAX; a non-admin is marked "becomes admin").
// Decision: the buttons ARE the picker — no second dialog — because the person
// is quitting and wants one click; the chosen person is still asked in their
// app. Quitting then waits for them to accept (HANDOVER_QUIT_WAIT_MS) and for
// the shared files to be passed on; if nobody accepts, a second box asks
// "Nobody accepted; end the session or keep hosting?" (default: keep hosting).
import { HANDOVER_QUIT_CHOICES_MAX } from '../../src-shared/limits.js';

export type QuitChoice = 'end' | 'background' | 'cancel' | { handOverTo: number; name: string };

/** The parts of Electron's MessageBoxOptions used here. */
export interface QuitMessageBox {
  type: 'question';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: boolean;
}

export type ShowMessageBox = (options: QuitMessageBox) => Promise<{ response: number }>;

export interface HostedSessionInfo {
  sessionName: string;
  online: number;
  /** Who the session could be handed over to now, admins first (HostController.handOverCandidates). */
  candidates?: ReadonlyArray<{ id: number; name: string; isAdmin: boolean }>;
}

interface QuitOption {
  label: string;
  choice: QuitChoice;
}

export const END_SESSION_LABEL = 'End the session for everyone';
export const KEEP_HOSTING_LABEL = 'Keep hosting in the background';
export const CANCEL_LABEL = 'Cancel';

/** One "Hand over to NAME" per candidate (admins first), listed before "End the session for everyone". */
export function handOverOptions(session: HostedSessionInfo): QuitOption[] {
  return (session.candidates ?? []).slice(0, HANDOVER_QUIT_CHOICES_MAX).map((person) => ({
    label: `Hand over to ${person.name}${person.isAdmin ? '' : ' (becomes admin)'}`,
    choice: { handOverTo: person.id, name: person.name },
  }));
}

export const NOBODY_ACCEPTED_MESSAGE = 'Nobody accepted; end the session or keep hosting?';
export const KEEP_HOSTING_SHORT_LABEL = 'Keep hosting';

/** What quitting asks when the person it was offered to did not take the session. */
export function nobodyAcceptedBox(sessionName: string, name: string): QuitMessageBox {
  return {
    type: 'question',
    title: 'Parley',
    message: NOBODY_ACCEPTED_MESSAGE,
    detail: `${name} did not take “${sessionName}” over. Ending it disconnects everyone; keeping it hosted leaves Parley open.`,
    buttons: [END_SESSION_LABEL, KEEP_HOSTING_SHORT_LABEL],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

export function quitMessageBox(session: HostedSessionInfo): { box: QuitMessageBox; choices: QuitChoice[] } {
  const handOvers = handOverOptions(session);
  const options: QuitOption[] = [
    ...handOvers,
    { label: END_SESSION_LABEL, choice: 'end' },
    { label: KEEP_HOSTING_LABEL, choice: 'background' },
    { label: CANCEL_LABEL, choice: 'cancel' },
  ];
  const people =
    session.online === 0 ? 'Nobody is online right now.' : session.online === 1 ? '1 person is online.' : `${session.online} people are online.`;
  const box: QuitMessageBox = {
    type: 'question',
    title: 'Parley',
    message: `You are hosting “${session.sessionName}”. Quit anyway?`,
    detail:
      `${people} People can keep chatting only while this computer hosts the session: ending it disconnects everyone ` +
      'until it is hosted again. ' +
      (handOvers.length > 0 ? 'Handing it over moves everyone to that person’s computer, if they accept. ' : '') +
      'Keeping it in the background closes the window; Parley stays in the tray (the menu bar on a Mac) until you stop hosting.',
    buttons: options.map((option) => option.label),
    defaultId: options.findIndex((option) => option.choice === 'background'),
    cancelId: options.findIndex((option) => option.choice === 'cancel'),
    noLink: true,
  };
  return { box, choices: options.map((option) => option.choice) };
}

/** Shows the box and says what the person chose (a failed dialog counts as Cancel: nothing is ended by accident). */
export async function askQuitWhileHosting(show: ShowMessageBox, session: HostedSessionInfo, log: (line: string) => void = () => {}): Promise<QuitChoice> {
  const { box, choices } = quitMessageBox(session);
  try {
    const { response } = await show(box);
    return choices[response] ?? 'cancel';
  } catch (error) {
    log(`quit: could not ask whether to end the session (${error instanceof Error ? error.message : String(error)}); not quitting`);
    return 'cancel';
  }
}

export interface QuitGuardOptions {
  /** What is hosted now (null: nothing), with the people online. */
  hosted: () => HostedSessionInfo | null;
  show: ShowMessageBox;
  /** "End the session for everyone": quit for real (the guard lets it through). */
  quit: () => void;
  /** "Keep hosting in the background": close the window; the tray stays. */
  closeWindows: () => void;
  /**
   * "Hand over to NAME": offer the session and wait for them to take it (and
   * the files to be passed on). 'nobody': they did not accept in time.
   */
  handOver?: (to: { id: number; name: string }) => Promise<'moved' | 'nobody'>;
  log?: (line: string) => void;
}

/**
 * Sits in app's before-quit: lets a quit through when nothing is hosted or
 * the person chose to end the session, and otherwise asks (once at a time:
 * a second Cmd+Q while the box is up does not stack a second box).
 */
export class QuitGuard {
  private confirmed = false;
  private asking: Promise<QuitChoice> | null = null;

  constructor(private readonly options: QuitGuardOptions) {}

  /** True: go on quitting. False: the quit is held (asking, or the person chose otherwise). */
  mayQuit(): boolean {
    if (this.confirmed) return true;
    const hosted = this.options.hosted();
    if (!hosted) return true;
    this.asking ??= askQuitWhileHosting(this.options.show, hosted, this.options.log).then(async (choice) => {
      if (typeof choice === 'object') {
        const after = await this.handOver(hosted.sessionName, choice);
        this.asking = null;
        if (after !== 'cancel') {
          this.confirmed = true;
          this.options.quit();
        }
        return choice;
      }
      this.asking = null;
      if (choice === 'end') {
        this.confirmed = true;
        this.options.quit();
      } else if (choice === 'background') {
        this.options.closeWindows();
      }
      return choice;
    });
    return false;
  }

  /** Runs the hand-over; 'moved' or 'end' quit, 'cancel' keeps hosting. */
  private async handOver(sessionName: string, to: { handOverTo: number; name: string }): Promise<'moved' | 'end' | 'cancel'> {
    const log = this.options.log ?? (() => {});
    let result: 'moved' | 'nobody' = 'nobody';
    try {
      result = this.options.handOver ? await this.options.handOver({ id: to.handOverTo, name: to.name }) : 'nobody';
    } catch (error) {
      log(`quit: could not hand the session over (${error instanceof Error ? error.message : String(error)})`);
    }
    if (result === 'moved') return 'moved';
    try {
      const { response } = await this.options.show(nobodyAcceptedBox(sessionName, to.name));
      return response === 0 ? 'end' : 'cancel';
    } catch {
      return 'cancel';
    }
  }

  /** Quits go through without asking from now on (the system is shutting down). */
  allowQuit(): void {
    this.confirmed = true;
  }

  /** The answer being waited for (tests). */
  pending(): Promise<QuitChoice> | null {
    return this.asking;
  }
}
