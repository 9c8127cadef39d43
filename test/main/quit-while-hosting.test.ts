// The question quitting while hosting asks (quit-while-hosting.ts) and the tray's text (hosting-tray.ts).
import { describe, expect, it } from 'vitest';
import { HostingTray, type TrayLike, type TrayMenuItem } from '../../src-main/app/hosting-tray.js';
import { QuitGuard, quitMessageBox, type QuitMessageBox } from '../../src-main/app/quit-while-hosting.js';
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';

describe('QuitGuard', () => {
  const guard = (show: (box: QuitMessageBox) => Promise<{ response: number }>, hosted = true) => {
    const done: string[] = [];
    const quitGuard = new QuitGuard({
      hosted: () => (hosted ? { sessionName: 'Office', online: 3 } : null),
      show,
      quit: () => done.push('quit'),
      closeWindows: () => done.push('close'),
    });
    return { quitGuard, done };
  };

  it('lets a quit through when nothing is hosted', () => {
    expect(guard(() => Promise.reject(new Error('not asked')), false).quitGuard.mayQuit()).toBe(true);
  });

  it('asks once, however often quit is pressed while the box is up', async () => {
    let asked = 0;
    const { quitGuard, done } = guard(async () => {
      asked++;
      return { response: 0 };
    });
    expect(quitGuard.mayQuit()).toBe(false);
    expect(quitGuard.mayQuit()).toBe(false);
    expect(await quitGuard.pending()).toBe('end');
    expect(asked).toBe(1);
    expect(done).toEqual(['quit']);
    // Confirmed: the quit that follows goes through.
    expect(quitGuard.mayQuit()).toBe(true);
  });

  it('a dialog that fails to show ends nothing', async () => {
    const { quitGuard, done } = guard(() => Promise.reject(new Error('no display')));
    quitGuard.mayQuit();
    expect(await quitGuard.pending()).toBe('cancel');
    expect(done).toEqual([]);
  });

  it('says how many people are online', () => {
    expect(quitMessageBox({ sessionName: 'Office', online: 3 }).box.detail).toMatch(/^3 people are online\./);
    expect(quitMessageBox({ sessionName: 'Office', online: 1 }).box.detail).toMatch(/^1 person is online\./);
  });
});

describe('HostingTray', () => {
  const HOSTING: HostStatus = { running: true, sessionName: 'Office', port: 1, urls: [], localUrl: null, passcodeRequired: false, identity: null };
  const make = (platform: NodeJS.Platform) => {
    const fakeTray = { tooltip: '', title: '', menu: [] as TrayMenuItem[], destroyed: false };
    const tray: TrayLike = {
      setToolTip: (text) => (fakeTray.tooltip = text),
      setTitle: (text) => (fakeTray.title = text),
      setContextMenu: (menu) => (fakeTray.menu = menu as TrayMenuItem[]),
      on: () => tray,
      destroy: () => (fakeTray.destroyed = true),
    };
    const hostingTray = new HostingTray({ createTray: () => tray, buildMenu: (items) => items, open: () => {}, stopHosting: () => {}, quit: () => {}, platform });
    return { hostingTray, fakeTray };
  };

  it('macOS: shows the online count beside the icon in the menu bar', () => {
    const { hostingTray, fakeTray } = make('darwin');
    hostingTray.setStatus(HOSTING);
    hostingTray.setOnline(4);
    expect(fakeTray.title).toBe('4');
    expect(hostingTray.summary()).toBe('Hosting “Office” · 4 people online');
  });

  it('has Open Parley, Stop hosting and Quit, and goes when hosting stops', () => {
    const { hostingTray, fakeTray } = make('win32');
    hostingTray.setStatus(HOSTING);
    expect(fakeTray.menu.flatMap((item) => ('label' in item && 'click' in item ? [item.label] : []))).toEqual(['Open Parley', 'Stop hosting', 'Quit']);
    expect(fakeTray.title).toBe('');
    hostingTray.setStatus({ ...HOSTING, running: false });
    expect(fakeTray.destroyed).toBe(true);
    expect(hostingTray.summary()).toBeNull();
  });
});
