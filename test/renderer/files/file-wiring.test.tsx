import { act, fireEvent, screen, within } from '@testing-library/react';
import { MAX_FILES_PER_MESSAGE } from '../../../src-shared/limits.js';
import { describe, expect, it, vi } from 'vitest';
import { ConversationPane } from '../../../src-renderer/conversation/ConversationPane.js';
import { ChatError } from '../../../src-shared/chat-client.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const files = (n: number) => Array.from({ length: n }, (_, i) => new File([`file ${i}`], `f${i}.txt`, { type: 'text/plain' }));

async function setup() {
  const services = await signedInServices();
  const share = vi.spyOn(services.session.files, 'share').mockImplementation((_conv, sent) => ({ refusal: null, sent: sent.length }));
  const view = renderWithServices(<ConversationPane conv="ch:1" drawerOpen={false} onToggleDrawer={() => {}} />, services);
  return { services, share, ...view };
}

describe('sharing files from the conversation pane', () => {
  it('"Attach file" picks several files; they wait as chips and Enter sends them with the text as caption', async () => {
    const { share, user, container } = await setup();
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(input.multiple).toBe(true);
    const click = vi.spyOn(input, 'click');
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    expect(click).toHaveBeenCalled();
    await user.upload(input, files(2));
    expect(share).not.toHaveBeenCalled();
    const chips = screen.getByRole('list', { name: 'Files to send' });
    expect(within(chips).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['f0.txt6 B', 'f1.txt6 B']);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'the two drafts :tada:{Enter}');
    expect(share).toHaveBeenCalledWith('ch:1', [expect.objectContaining({ name: 'f0.txt' }), expect.objectContaining({ name: 'f1.txt' })], 'the two drafts 🎉');
    expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('');
  });

  it('my text stays on screen with its file while it uploads and after the host refuses it; Retry sends both again', async () => {
    const services = await signedInServices();
    const begins: Array<string | undefined> = [];
    services.client.handlers['file.begin'] = (params) => {
      begins.push(params.text);
      throw new ChatError('file_too_large', 'The host takes files up to 1 MB.');
    };
    const { user, container } = renderWithServices(<ConversationPane conv="ch:1" drawerOpen={false} onToggleDrawer={() => {}} />, services);
    await user.upload(container.querySelector<HTMLInputElement>('input[type="file"]')!, files(1));
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'the draft for Friday{Enter}');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    const card = await screen.findByRole('article', { name: /^Alice: the draft for Friday File f0\.txt \(not sent\)$/ });
    expect(within(card).getByText('the draft for Friday')).toBeInTheDocument();
    expect(within(card).getByText(/The host takes files up to 1 MB/)).toBeInTheDocument();
    expect(begins).toEqual(['the draft for Friday']);
    await user.hover(card);
    await user.click(within(card).getByRole('button', { name: /^Retry/ }));
    await vi.waitFor(() => expect(begins).toEqual(['the draft for Friday', 'the draft for Friday']));
  });

  it('a chip can be removed; Send with files and no text sends just the files', async () => {
    const { share, user, container } = await setup();
    await user.upload(container.querySelector<HTMLInputElement>('input[type="file"]')!, files(2));
    await user.click(screen.getByRole('button', { name: 'Remove f0.txt' }));
    expect(screen.queryByRole('button', { name: 'Remove f0.txt' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(share).toHaveBeenCalledWith('ch:1', [expect.objectContaining({ name: 'f1.txt' })], '');
  });

  it('files waiting in one conversation stay there while another is open', async () => {
    const { services, share, user, container, rerender } = await setup();
    await user.upload(container.querySelector<HTMLInputElement>('input[type="file"]')!, files(1));
    rerender(<ConversationPane conv="ch:2" drawerOpen={false} onToggleDrawer={() => {}} />);
    expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull();
    rerender(<ConversationPane conv="ch:1" drawerOpen={false} onToggleDrawer={() => {}} />);
    expect(screen.getByRole('button', { name: 'Remove f0.txt' })).toBeInTheDocument();
    expect(share).not.toHaveBeenCalled();
    expect(services.store.getState().attachments['ch:1']).toHaveLength(1);
  });

  it('an image pasted into the composer waits as a chip', async () => {
    const { share } = await setup();
    const image = new File(['png'], 'image.png', { type: 'image/png' });
    fireEvent.paste(screen.getByRole('textbox', { name: 'Message' }), { clipboardData: { files: [image], types: ['Files'] } });
    expect(screen.getByRole('button', { name: 'Remove image.png' })).toBeInTheDocument();
    expect(share).not.toHaveBeenCalled();
  });

  it('shows a drop overlay while files are dragged over; what is dropped waits in the composer', async () => {
    const { share } = await setup();
    const pane = screen.getByRole('region', { name: /general/ });
    const dataTransfer = { types: ['Files'], files: files(3), dropEffect: 'none' };
    fireEvent.dragEnter(pane, { dataTransfer });
    expect(screen.getByText(/Drop to share in #general/)).toBeInTheDocument();
    fireEvent.drop(pane, { dataTransfer });
    expect(screen.queryByText(/Drop to share/)).toBeNull();
    expect(within(screen.getByRole('list', { name: 'Files to send' })).getAllByRole('listitem')).toHaveLength(3);
    expect(share).not.toHaveBeenCalled();
  });

  it('says so when more files are added than one message takes (MAX_FILES_PER_MESSAGE), keeping the first ones', async () => {
    await setup();
    const pane = screen.getByRole('region', { name: /general/ });
    act(() => {
      fireEvent.drop(pane, { dataTransfer: { types: ['Files'], files: files(12) } });
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(`A message takes up to ${MAX_FILES_PER_MESSAGE} files`);
    expect(within(screen.getByRole('list', { name: 'Files to send' })).getAllByRole('listitem')).toHaveLength(MAX_FILES_PER_MESSAGE);
  });
});
