// The desktop app's composer chips: files chosen in main's native dialog and
// files dropped on the window wait as chips (name, size, Remove), like the
// browser's; Send (Enter) hands them to main with the text as the caption of
// the first — one message, no separate text message. In an encrypted DM the
// caption goes inside the first file's envelope instead, as in the browser.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { PASTED_FILE_TOO_BIG, type IpcResult, type PickedFile } from '../../../src-shared/ipc/ipc-contract.js';
import { PASTED_FILE_MAX_BYTES } from '../../../src-shared/limits.js';
import { ConversationPane } from '../../../src-renderer/conversation/ConversationPane.js';
import { renderWithServices } from '../helpers/render-app.js';
import { desktopServices } from './desktop-files-fakes.js';

const PICKED: PickedFile[] = [
  { token: 'pick-a', name: 'plan.pdf', size: 2048, type: 'application/pdf' },
  { token: 'pick-b', name: 'photo.jpg', size: 3 * 1024 * 1024, type: 'image/jpeg' },
];

async function setup(conv = 'ch:1', options: { dms?: boolean } = {}) {
  const desktop = await desktopServices(options);
  desktop.invoke['files:pick'].mockImplementation(() => Promise.resolve({ ok: true, value: PICKED } as IpcResult<PickedFile[]>) as never);
  const view = renderWithServices(<ConversationPane conv={conv} drawerOpen={false} onToggleDrawer={() => {}} />, desktop.services);
  return { ...desktop, ...view };
}

type UploadCall = Record<string, unknown>;

/** A pasted image (no place on disk) over the paste limit: refused before anything goes. */
function hugePaste(name: string): File {
  const file = new File(['x'], name, { type: 'image/png' });
  Object.defineProperty(file, 'size', { value: PASTED_FILE_MAX_BYTES + 1 });
  return file;
}
const uploads = (invoke: Awaited<ReturnType<typeof setup>>['invoke']) => invoke['files:upload'].mock.calls.map((call) => (call as unknown as [UploadCall])[0]);

describe('desktop composer chips', () => {
  it('files chosen in the native dialog wait as chips with name, size and Remove; nothing goes to main before Send', async () => {
    const { user, invoke, services } = await setup();
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    const chips = await screen.findByRole('list', { name: 'Files to send' });
    expect(within(chips).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['plan.pdf2 KB', 'photo.jpg3.1 MB']);
    expect(screen.getByRole('button', { name: 'Remove plan.pdf' })).toBeInTheDocument();
    expect(invoke['files:upload']).not.toHaveBeenCalled();
    expect(services.store.getState().transfers).toEqual({});
  });

  it('Enter sends the picked files with the text as the first one’s caption: one message, no separate text', async () => {
    const { user, invoke, services } = await setup();
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    await screen.findByRole('list', { name: 'Files to send' });
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'the plan and the view{Enter}');

    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(2));
    const [first, second] = uploads(invoke);
    expect(first).toEqual({ pickToken: 'pick-a', conv: 'ch:1', clientMsgId: expect.stringMatching(/^f-/), hostHttpBase: 'http://192.168.1.20:47800', token: 'token-alice', caption: 'the plan and the view' });
    expect(second).toMatchObject({ pickToken: 'pick-b', conv: 'ch:1' });
    expect(second).not.toHaveProperty('caption');
    expect(services.client.sent).toEqual([]);
    expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    expect(Object.values(services.store.getState().transfers).map((t) => t.name)).toEqual(['plan.pdf', 'photo.jpg']);
    // The text is not lost from view while main uploads: it shows above the first card.
    const card = screen.getByRole('article', { name: /^Alice: the plan and the view File plan\.pdf/ });
    expect(within(card).getByText('the plan and the view')).toBeInTheDocument();
    expect(screen.getByRole('article', { name: /^Alice: File photo\.jpg/ })).toBeInTheDocument();
  });

  it('a removed chip is not sent; the caption rides on the first file still there', async () => {
    const { user, invoke } = await setup();
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    await user.click(await screen.findByRole('button', { name: 'Remove plan.pdf' }));
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'just the view{Enter}');
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(1));
    expect(uploads(invoke)[0]).toMatchObject({ pickToken: 'pick-b', caption: 'just the view' });
  });

  it('a file dropped on the window waits as a chip and goes to main by its path, with the caption', async () => {
    const { user, invoke, services } = await setup();
    const pane = screen.getByRole('region', { name: /general/ });
    const dropped = new File(['report'], 'disk-report.txt', { type: 'text/plain' });
    fireEvent.drop(pane, { dataTransfer: { types: ['Files'], files: [dropped] } });
    expect(screen.getByRole('button', { name: 'Remove disk-report.txt' })).toBeInTheDocument();
    expect(invoke['files:upload']).not.toHaveBeenCalled();
    // Picked and dropped files mix in one message; the caption is on the first.
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    await screen.findByRole('button', { name: 'Remove plan.pdf' });
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'numbers{Enter}');
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(3));
    const byFile = uploads(invoke);
    expect(byFile.find((r) => r['droppedPath'] === '/home/alice/disk-report.txt')).toMatchObject({ caption: 'numbers', conv: 'ch:1' });
    expect(byFile.filter((r) => 'caption' in r)).toHaveLength(1);
    expect(services.client.sent).toEqual([]);
  });

  it('a cancelled dialog adds nothing; a failed one says so', async () => {
    const { user, invoke } = await setup();
    invoke['files:pick'].mockImplementationOnce(() => Promise.resolve({ ok: true, value: [] }) as never);
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull();
    invoke['files:pick'].mockImplementationOnce(() => Promise.resolve({ ok: false, error: { code: 'dialog_failed', message: 'The dialog could not open.' } }) as never);
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not choose files: The dialog could not open.');
  });

  it('in an encrypted DM the caption rides inside the first file\'s envelope: one message, no text beside it and no separate message', async () => {
    const DM = 'dm:1:2';
    const { user, invoke, services } = await setup(DM, { dms: true });
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    await screen.findByRole('list', { name: 'Files to send' });
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'secret plan{Enter}');
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(2));
    const [first, second] = uploads(invoke);
    for (const request of [first!, second!]) {
      expect(request).toHaveProperty('e2e');
      expect(request).not.toHaveProperty('caption');
    }
    // The fake's envelope is readable JSON {f: file}: the caption is inside the first one only.
    const inside = (request: UploadCall) => (JSON.parse((request['e2e'] as { envelope: string }).envelope) as { f: { name: string; caption?: string } }).f;
    expect(inside(first!)).toMatchObject({ name: 'plan.pdf', caption: 'secret plan' });
    expect(inside(second!)).not.toHaveProperty('caption');
    await new Promise((r) => setTimeout(r, 20));
    expect(services.client.sent).toEqual([]);
  });

  it('when every file is refused, the typed text and the chips stay (nothing is lost) and the refusal is shown', async () => {
    const { user, invoke, services } = await setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.paste(box, { clipboardData: { files: [hugePaste('screenshot.png')], types: ['Files'] } });
    await user.type(box, 'look at this{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(`“screenshot.png” is 67.1 MB. ${PASTED_FILE_TOO_BIG}`);
    expect(box).toHaveValue('look at this');
    expect(screen.getByRole('button', { name: 'Remove screenshot.png' })).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 20));
    expect(invoke['files:upload']).not.toHaveBeenCalled();
    expect(services.client.sent).toEqual([]);
    // Removing the refused file leaves the text to send on its own.
    await user.click(screen.getByRole('button', { name: 'Remove screenshot.png' }));
    await user.type(box, '{Enter}');
    await vi.waitFor(() => expect(services.client.sent).toHaveLength(1));
    expect(services.client.sent[0]).toMatchObject({ conv: 'ch:1', text: 'look at this' });
    expect(box).toHaveValue('');
  });

  it('when only some files are refused, the rest go with the text as their caption and the composer empties', async () => {
    const { user, invoke } = await setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.paste(box, { clipboardData: { files: [hugePaste('screenshot.png'), new File(['png'], 'image.png', { type: 'image/png' })], types: ['Files'] } });
    await user.type(box, 'the small one{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('“screenshot.png” is 67.1 MB.');
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(1));
    expect(uploads(invoke)[0]).toMatchObject({ pasted: expect.objectContaining({ name: 'image.png' }), caption: 'the small one' });
    expect(box).toHaveValue('');
    expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull();
  });

  it('in an encrypted DM with only some files refused, the text rides inside the envelope of the file that goes', async () => {
    const DM = 'dm:1:2';
    const { user, invoke, services } = await setup(DM, { dms: true });
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.paste(box, { clipboardData: { files: [hugePaste('screenshot.png'), new File(['x'], 'disk-secret.txt', { type: 'text/plain' })], types: ['Files'] } });
    await user.type(box, 'secret words{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('“screenshot.png” is 67.1 MB.');
    await vi.waitFor(() => expect(invoke['files:upload']).toHaveBeenCalledTimes(1));
    const [request] = uploads(invoke);
    expect(request).not.toHaveProperty('caption');
    expect(JSON.parse((request!['e2e'] as { envelope: string }).envelope)).toMatchObject({ f: { name: 'disk-secret.txt', caption: 'secret words' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(services.client.sent).toEqual([]);
    expect(box).toHaveValue('');
  });
});
