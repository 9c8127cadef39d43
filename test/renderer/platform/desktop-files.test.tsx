// The desktop files path in the renderer: createDesktopPlatform's `files`
// capability over a fake window.parley, ChatSession routing uploads and
// downloads through it, and the file card showing a download main runs.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { PASTED_FILE_TOO_BIG, type FileProgress } from '../../../src-shared/ipc/ipc-contract.js';
import { PASTED_FILE_MAX_BYTES } from '../../../src-shared/limits.js';
import type { FileInfo } from '../../../src-shared/protocol/frames.js';
import { ConversationPane } from '../../../src-renderer/conversation/ConversationPane.js';
import { FileCard } from '../../../src-renderer/files/FileCard.js';
import { createDesktopPlatform } from '../../../src-renderer/platform/desktop-platform.js';
import type { DownloadTransfer } from '../../../src-renderer/store/transfers-slice.js';
import { createFakePlatform } from '../helpers/fake-platform.js';
import { renderWithServices } from '../helpers/render-app.js';
import { message } from '../helpers/fixtures.js';
import { desktopServices, fakeParley, progress } from './desktop-files-fakes.js';

const FILE: FileInfo = { id: 'Zq3', name: 'plan.pdf', size: 1000, type: 'application/pdf', sha256: 'a'.repeat(64), thumbnail: null, expiresAt: Date.now() + 3_600_000 };

describe('desktop platform files', () => {
  it('calls the files:* channels with their payloads and passes progress on', async () => {
    const { api, invoke, listeners } = fakeParley();
    const files = createDesktopPlatform(api).files!;
    expect(await files.pick()).toEqual([{ token: 'pick-1', name: 'photo.jpg', size: 2048, type: 'image/jpeg' }]);
    const request = { pickToken: 'pick-1', conv: 'ch:1', clientMsgId: 'f-1', hostHttpBase: 'http://10.0.0.5:47800', token: 't' };
    expect(await files.upload(request)).toBe('u-1');
    expect(invoke['files:upload']).toHaveBeenCalledWith(request);
    expect(await files.download({ file: FILE, hostHttpBase: 'http://10.0.0.5:47800', token: 't', saveAs: true })).toBe('d-2');
    expect(invoke['files:download']).toHaveBeenCalledWith({ file: FILE, hostHttpBase: 'http://10.0.0.5:47800', token: 't', saveAs: true });
    await files.pause('d-2');
    await files.resume('d-2');
    await files.cancel('d-2');
    expect(invoke['files:pause']).toHaveBeenCalledWith({ transferId: 'd-2' });
    expect(invoke['files:resume']).toHaveBeenCalledWith({ transferId: 'd-2' });
    expect(invoke['files:cancel']).toHaveBeenCalledWith({ transferId: 'd-2' });
    await expect(files.open('d-2')).rejects.toThrow('Only a finished download can be opened.');
    expect(await files.getAutoSave()).toBe(true);
    await files.setAutoSave(false);
    expect(invoke['settings:set-auto-save']).toHaveBeenCalledWith({ enabled: false });
    expect(files.pathForFile(new File(['x'], 'disk-a.txt'))).toBe('/home/alice/disk-a.txt');

    const seen: FileProgress[] = [];
    const off = files.onProgress((p) => seen.push(p));
    const event = progress({ transferId: 'd-2', kind: 'download', state: 'running', bytes: 10 });
    listeners.get('files:progress')!.forEach((l) => l(event));
    off();
    listeners.get('files:progress')!.forEach((l) => l(event));
    expect(seen).toEqual([event]);
  });

  it('the web platform has no files capability (the browser path stays)', () => {
    expect(createFakePlatform('web').files).toBeUndefined();
  });
});

describe('ChatSession with platform.files', () => {
  it('"Attach file" picks through main, Send uploads by token; progress drives the upload card', async () => {
    const { services, invoke, emit } = await desktopServices();
    const { user, container } = renderWithServices(<ConversationPane conv="ch:1" drawerOpen={false} onToggleDrawer={() => {}} />, services);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    const click = vi.spyOn(input, 'click');
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    expect(click).not.toHaveBeenCalled();
    // The picked file waits as a chip (desktop-files-chips.test.tsx); Send sends it.
    await user.click(await screen.findByRole('button', { name: 'Send' }));
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalled());
    const [request] = invoke['files:upload'].mock.calls[0] as unknown as [Record<string, unknown>];
    expect(request).toEqual({ pickToken: 'pick-1', conv: 'ch:1', clientMsgId: expect.stringMatching(/^f-/), hostHttpBase: 'http://192.168.1.20:47800', token: 'token-alice' });
    const clientMsgId = request['clientMsgId'] as string;
    expect(services.store.getState().transfers[clientMsgId]).toMatchObject({ name: 'photo.jpg', total: 2048, state: 'queued' });

    emit(progress({ transferId: 'u-1', kind: 'upload', state: 'running', bytes: 1024, bytesPerSecond: 512, secondsLeft: 2, conv: 'ch:1', clientMsgId }));
    expect(services.store.getState().transfers[clientMsgId]).toMatchObject({ state: 'uploading', bytes: 1024, bytesPerSecond: 512, secondsLeft: 2 });
    await user.click(await screen.findByRole('button', { name: 'Pause photo.jpg' }));
    expect(invoke['files:pause']).toHaveBeenCalledWith({ transferId: 'u-1' });

    emit(progress({ transferId: 'u-1', kind: 'upload', state: 'failed', bytes: 1024, conv: 'ch:1', clientMsgId, error: { code: 'host_unreachable', message: 'Lost the connection to the host — it resumes when you press Resume' } }));
    expect(await screen.findByText(/Lost the connection to the host/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry photo.jpg' }));
    expect(invoke['files:resume']).toHaveBeenCalledWith({ transferId: 'u-1' });

    emit(progress({ transferId: 'u-1', kind: 'upload', state: 'done', bytes: 2048, conv: 'ch:1', clientMsgId }));
    expect(services.store.getState().transfers[clientMsgId]).toBeUndefined();
  });

  /**
   * Fails the test if the page makes an HTTP request itself: XMLHttpRequest
   * (the browser uploader's transport) and fetch are replaced by spies.
   */
  function forbidPageHttp() {
    const constructed: string[] = [];
    vi.stubGlobal(
      'XMLHttpRequest',
      class {
        constructor() {
          constructed.push('XMLHttpRequest');
        }
        open() {}
        setRequestHeader() {}
        getResponseHeader() {
          return null;
        }
        send() {}
        abort() {}
        upload = {};
      },
    );
    vi.stubGlobal('fetch', vi.fn((url: unknown) => {
      constructed.push(`fetch ${String(url)}`);
      return Promise.reject(new Error('no page HTTP on the desktop'));
    }));
    return constructed;
  }

  it('pasted images (no path on disk) go to main as bytes, in order; the page makes no HTTP request', async () => {
    const constructed = forbidPageHttp();
    try {
      const { services, invoke } = await desktopServices();
      // Were the browser uploader used, file.begin would answer and its XHR PUT would follow.
      services.client.handlers['file.begin'] = () => ({ fileId: 'F1', uploadUrl: '/api/uploads/F1', offset: 0, duplicate: false });
      renderWithServices(<ConversationPane conv="ch:1" drawerOpen={false} onToggleDrawer={() => {}} />, services);
      const first = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], 'image.png', { type: 'image/png' });
      const second = new File([new Uint8Array([0xff, 0xd8, 0xff, 9])], 'image.jpg', { type: 'image/jpeg' });
      fireEvent.paste(screen.getByRole('textbox', { name: 'Message' }), { clipboardData: { files: [first, second], types: ['Files'] } });
      // Pasted files wait as chips; Send sends them.
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));

      // The cards appear at once, in the order pasted.
      expect(Object.values(services.store.getState().transfers).map((t) => [t.name, t.state])).toEqual([
        ['image.png', 'queued'],
        ['image.jpg', 'queued'],
      ]);
      await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(2));
      const requests = invoke['files:upload'].mock.calls.map((call) => (call as unknown as [Record<string, unknown>])[0]);
      const byName = (name: string) => requests.find((r) => (r['pasted'] as { name: string }).name === name)!;
      expect(byName('image.png')).toEqual({
        pasted: { name: 'image.png', type: 'image/png', bytes: expect.any(Uint8Array) },
        conv: 'ch:1',
        clientMsgId: expect.stringMatching(/^f-/),
        hostHttpBase: 'http://192.168.1.20:47800',
        token: 'token-alice',
      });
      expect([...(byName('image.png')['pasted'] as { bytes: Uint8Array }).bytes]).toEqual([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
      expect([...(byName('image.jpg')['pasted'] as { bytes: Uint8Array }).bytes]).toEqual([0xff, 0xd8, 0xff, 9]);
      await new Promise((r) => setTimeout(r, 50));
      expect(services.client.requests.filter((r) => r.type === 'file.begin')).toEqual([]);
      expect(constructed).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('pause, resume and cancel of a pasted upload go to main by its transfer id', async () => {
    const { services, invoke, emit } = await desktopServices();
    expect(services.session.files.share('ch:1', [new File(['png'], 'image.png', { type: 'image/png' })]).refusal).toBeNull();
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(1));
    const clientMsgId = (invoke['files:upload'].mock.calls[0] as unknown as [{ clientMsgId: string }])[0].clientMsgId;
    await vi.waitFor(() => {
      services.session.files.pauseUpload(clientMsgId);
      expect(invoke['files:pause']).toHaveBeenCalledWith({ transferId: 'u-1' });
    });
    services.session.files.resumeUpload(clientMsgId);
    expect(invoke['files:resume']).toHaveBeenCalledWith({ transferId: 'u-1' });
    services.session.files.cancelUpload(clientMsgId);
    expect(invoke['files:cancel']).toHaveBeenCalledWith({ transferId: 'u-1' });
    emit(progress({ transferId: 'u-1', kind: 'upload', state: 'cancelled', conv: 'ch:1', clientMsgId }));
    expect(services.store.getState().transfers[clientMsgId]).toBeUndefined();
  });

  it('a paste cancelled before main has it is never left running in main', async () => {
    const { services, invoke } = await desktopServices();
    services.session.files.share('ch:1', [new File(['png'], 'image.png', { type: 'image/png' })]);
    const [clientMsgId] = Object.keys(services.store.getState().transfers);
    services.session.files.cancelUpload(clientMsgId!);
    expect(services.store.getState().transfers).toEqual({});
    await new Promise((r) => setTimeout(r, 50));
    // Either never sent, or cancelled in main as soon as main answered.
    expect(invoke['files:upload'].mock.calls.length).toBe(invoke['files:cancel'].mock.calls.length);
  });

  it('refuses a paste over PASTED_FILE_MAX_BYTES with the limit and the way around, sending nothing of it', async () => {
    const { services, invoke } = await desktopServices();
    renderWithServices(<ConversationPane conv="ch:1" drawerOpen={false} onToggleDrawer={() => {}} />, services);
    const huge = new File(['x'], 'screenshot.png', { type: 'image/png' });
    Object.defineProperty(huge, 'size', { value: PASTED_FILE_MAX_BYTES + 1 });
    const small = new File(['png'], 'image.png', { type: 'image/png' });
    fireEvent.paste(screen.getByRole('textbox', { name: 'Message' }), { clipboardData: { files: [huge, small], types: ['Files'] } });
    // Pasted files wait as chips; Send sends them.
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(`“screenshot.png” is 67.1 MB. ${PASTED_FILE_TOO_BIG}`);
    expect(PASTED_FILE_TOO_BIG).toMatch(/at most 64 MiB\. Save it to disk and drag it into the window instead\./);
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(1));
    expect(invoke['files:upload']).toHaveBeenCalledWith(expect.objectContaining({ pasted: expect.objectContaining({ name: 'image.png' }) }));
    expect(Object.values(services.store.getState().transfers).map((t) => t.name)).toEqual(['image.png']);
  });

  it('a dropped file with a path on disk goes to main by its path', async () => {
    const { services, invoke } = await desktopServices();
    expect(services.session.files.share('ch:1', [new File(['x'], 'disk-report.txt', { type: 'text/plain' })]).refusal).toBeNull();
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(1));
    expect(invoke['files:upload']).toHaveBeenCalledWith(expect.objectContaining({ droppedPath: '/home/alice/disk-report.txt', conv: 'ch:1' }));
    expect((invoke['files:upload'].mock.calls[0] as unknown as [object])[0]).not.toHaveProperty('pasted');
  });

  it('"Open" downloads through main to be opened there: no ticket, no URL for a browser; the card follows, then goes back', async () => {
    const { services, invoke, emit } = await desktopServices();
    const opened = vi.spyOn(window, 'open').mockReturnValue(null);
    try {
      await services.session.files.save(FILE, { inline: true });
      expect(invoke['files:download']).toHaveBeenCalledWith({ file: FILE, hostHttpBase: 'http://192.168.1.20:47800', token: 'token-alice', saveAs: false, open: true });
      expect(services.client.requests.filter((r) => r.type === 'file.ticket')).toEqual([]);
      expect(services.platform.opened).toEqual([]);
      expect(opened).not.toHaveBeenCalled();
      emit(progress({ transferId: 'd-1', kind: 'download', state: 'running', name: 'plan.pdf', bytes: 500, total: 1000, fileId: 'Zq3', open: true }));
      expect(services.store.getState().downloads['Zq3']).toMatchObject({ transferId: 'd-1', state: 'running', bytes: 500 });
      emit(progress({ transferId: 'd-1', kind: 'download', state: 'done', name: 'plan.pdf', bytes: 1000, total: 1000, fileId: 'Zq3', open: true }));
      expect(services.store.getState().downloads['Zq3']).toBeUndefined();
    } finally {
      opened.mockRestore();
    }
  });

  it('"Save" downloads through main; its progress shows on the store by file id', async () => {
    const { services, invoke, emit } = await desktopServices();
    await services.session.files.save(FILE);
    expect(invoke['files:download']).toHaveBeenCalledWith({ file: FILE, hostHttpBase: 'http://192.168.1.20:47800', token: 'token-alice', saveAs: false });
    expect(services.client.requests.filter((r) => r.type === 'file.ticket')).toEqual([]);
    emit(progress({ transferId: 'd-1', kind: 'download', state: 'running', name: 'plan.pdf', bytes: 500, total: 1000, fileId: 'Zq3' }));
    expect(services.store.getState().downloads['Zq3']).toMatchObject({ transferId: 'd-1', state: 'running', bytes: 500 });
    await services.session.files.controlDownload('d-1', 'pause');
    expect(invoke['files:pause']).toHaveBeenCalledWith({ transferId: 'd-1' });
  });
});

describe('FileCard with a desktop download', () => {
  const download = (p: Partial<DownloadTransfer>): DownloadTransfer => ({
    transferId: 'd-1',
    kind: 'download',
    state: 'running',
    name: 'plan.pdf',
    bytes: 500,
    total: 1000,
    bytesPerSecond: 250,
    secondsLeft: 2,
    fileId: 'Zq3',
    ...p,
  });

  it('shows progress, speed and time left with Pause and Cancel', async () => {
    const onDownload = vi.fn(async () => {});
    render(<FileCard file={FILE} onSave={async () => {}} download={download({})} onDownload={onDownload} />);
    expect(screen.getByRole('progressbar', { name: 'Downloading plan.pdf' })).toHaveAttribute('aria-valuenow', '50');
    await userEvent.click(screen.getByRole('button', { name: 'Pause plan.pdf' }));
    expect(onDownload).toHaveBeenCalledWith('d-1', 'pause');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel plan.pdf' }));
    expect(onDownload).toHaveBeenCalledWith('d-1', 'cancel');
  });

  it('paused → Resume; failed → the reason and Retry; done → Open', async () => {
    const onDownload = vi.fn(async () => {});
    const { rerender } = render(<FileCard file={FILE} onSave={async () => {}} download={download({ state: 'paused' })} onDownload={onDownload} />);
    await userEvent.click(screen.getByRole('button', { name: 'Resume plan.pdf' }));
    expect(onDownload).toHaveBeenLastCalledWith('d-1', 'resume');

    rerender(<FileCard file={FILE} onSave={async () => {}} download={download({ state: 'failed', error: { code: 'checksum_mismatch', message: 'The file arrived damaged and was deleted — try again' } })} onDownload={onDownload} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The file arrived damaged and was deleted — try again');
    await userEvent.click(screen.getByRole('button', { name: 'Retry plan.pdf' }));
    expect(onDownload).toHaveBeenLastCalledWith('d-1', 'resume');

    rerender(<FileCard file={FILE} onSave={async () => {}} download={download({ state: 'done', name: 'plan (1).pdf', bytes: 1000 })} onDownload={onDownload} />);
    expect(screen.getByText('Saved as plan (1).pdf')).toBeInTheDocument();
    expect(within(screen.getByText('Saved as plan (1).pdf').parentElement!).queryByRole('progressbar')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Open plan.pdf' }));
    expect(onDownload).toHaveBeenLastCalledWith('d-1', 'open');
  });
});

describe('FileCard with an Open download', () => {
  it('a failed Open says it could not open the file (not that it was not saved), with Retry', async () => {
    const onDownload = vi.fn(async () => {});
    const failed: DownloadTransfer = { transferId: 'd-1', kind: 'download', state: 'failed', name: 'plan.pdf', bytes: 0, total: 1000, bytesPerSecond: 0, secondsLeft: null, fileId: 'Zq3', open: true, error: { code: 'file_not_found', message: 'The host no longer has this file' } };
    render(<FileCard file={FILE} onSave={async () => {}} download={failed} onDownload={onDownload} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Could not open: The host no longer has this file');
    await userEvent.click(screen.getByRole('button', { name: 'Retry plan.pdf' }));
    expect(onDownload).toHaveBeenCalledWith('d-1', 'resume');
  });

  it('a file in an encrypted DM: the row shows the real name it decrypted, Save hands main its key and name, and an upload to a DM carries an envelope', async () => {
    const DM = 'dm:1:2';
    const { services, invoke } = await desktopServices({ dms: true });
    const sealed: FileInfo = { ...FILE, id: 'Enc1', name: 'encrypted file', type: 'application/octet-stream', size: 1017 };
    const key = 'k'.repeat(43);
    services.client.handlers.history = ({ conv }) => ({
      conv,
      messages: conv === DM ? [message({ seq: 700, conv: DM, kind: 'file', text: '', clientMsgId: 'f-abc', file: sealed, e2e: JSON.stringify({ f: { name: 'salaries.xlsx', type: 'application/vnd.ms-excel', size: 1000, key } }) })] : [],
      hasMore: false,
      hasNewer: false,
    });
    act(() => services.session.openConversation(DM));
    renderWithServices(<ConversationPane conv={DM} drawerOpen={false} onToggleDrawer={() => {}} />, services);
    await act(() => services.session.history.load(DM, false));
    expect(await screen.findByText('salaries.xlsx')).toBeInTheDocument();
    expect(screen.queryByText('encrypted file')).toBeNull();

    await services.session.files.save({ ...sealed, name: 'salaries.xlsx' });
    expect(invoke['files:download']).toHaveBeenCalledWith(expect.objectContaining({ e2e: { key, bindingId: 'f-abc', name: 'salaries.xlsx', type: 'application/vnd.ms-excel' } }));

    expect(services.session.files.share(DM, [new File(['x'], 'disk-secret.txt', { type: 'text/plain' })]).refusal).toBeNull();
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(1));
    const upload = (invoke['files:upload'].mock.calls[0] as unknown as [{ e2e?: { envelope?: string } }])[0];
    expect(JSON.stringify(upload)).toContain('disk-secret.txt'); // inside the envelope (the fake's is readable JSON)
    expect(upload).toHaveProperty('e2e');
  });
});
