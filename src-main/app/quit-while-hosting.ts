// What quitting while this app hosts a session asks (issue 11): the people
// chatting are on this computer's host, so quitting is not a private matter.
// A native message box, from the app menu / Cmd+Q / the tray's Quit alike.
// Plain module: desktop-app.ts passes dialog.showMessageBox; tests a fake.
//
// Decision: the default button is "Keep hosting in the background" — pressing
// Enter by habit must not end the session for everyone; Escape cancels.

export type QuitChoice = 'end' | 'background' | 'cancel';

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
}

interface QuitOption {
  label: string;
  choice: QuitChoice;
}

export const END_SESSION_LABEL = 'End the session for everyone';
export const KEEP_HOSTING_LABEL = 'Keep hosting in the background';
export const CANCEL_LABEL = 'Cancel';

/**
 * SEAM (issue 11 item 2, hand-over): one "Hand over to ALICE…" option per
 * online admin goes here, listed before "End the session for everyone", with
 * its own QuitChoice (e.g. { kind: 'hand-over', to: userId }) that
 * desktop-app.ts runs before quitting. Until hand-over exists there are none,
 * and the dialog's detail says people can chat only while this computer hosts.
 */
export function handOverOptions(_session: HostedSessionInfo): QuitOption[] {
  return [];
}

export function quitMessageBox(session: HostedSessionInfo): { box: QuitMessageBox; choices: QuitChoice[] } {
  const options: QuitOption[] = [
    ...handOverOptions(session),
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
      'until it is hosted again. Keeping it in the background closes the window; Parley stays in the tray (the menu bar on a Mac) until you stop hosting.',
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
    this.asking ??= askQuitWhileHosting(this.options.show, hosted, this.options.log).then((choice) => {
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

  /** Quits go through without asking from now on (the system is shutting down). */
  allowQuit(): void {
    this.confirmed = true;
  }

  /** The answer being waited for (tests). */
  pending(): Promise<QuitChoice> | null {
    return this.asking;
  }
}
