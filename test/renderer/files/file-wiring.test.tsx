import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ConversationPane } from '../../../src-renderer/conversation/ConversationPane.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

const files = (n: number) => Array.from({ length: n }, (_, i) => new File([`file ${i}`], `f${i}.txt`, { type: 'text/plain' }));

async function setup() {
  const services = await signedInServices();
  const share = vi.spyOn(services.session.files, 'share').mockReturnValue(null);
  const view = renderWithServices(<ConversationPane conv="ch:1" drawerOpen={false} onToggleDrawer={() => {}} />, services);
  return { services, share, ...view };
}

describe('sharing files from the conversation pane', () => {
  it('"Attach file" opens a multiple file picker whose files are shared', async () => {
    const { share, user, container } = await setup();
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(input.multiple).toBe(true);
    const click = vi.spyOn(input, 'click');
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    expect(click).toHaveBeenCalled();
    await user.upload(input, files(2));
    expect(share).toHaveBeenCalledWith('ch:1', [expect.objectContaining({ name: 'f0.txt' }), expect.objectContaining({ name: 'f1.txt' })]);
  });

  it('shares an image pasted into the composer', async () => {
    const { share } = await setup();
    const image = new File(['png'], 'image.png', { type: 'image/png' });
    fireEvent.paste(screen.getByRole('textbox', { name: 'Message' }), { clipboardData: { files: [image], types: ['Files'] } });
    expect(share).toHaveBeenCalledWith('ch:1', [image]);
  });

  it('shows a drop overlay while files are dragged over, and shares what is dropped', async () => {
    const { share } = await setup();
    const pane = screen.getByRole('region', { name: /general/ });
    const dataTransfer = { types: ['Files'], files: files(3), dropEffect: 'none' };
    fireEvent.dragEnter(pane, { dataTransfer });
    expect(screen.getByText(/Drop to share in #general/)).toBeInTheDocument();
    fireEvent.drop(pane, { dataTransfer });
    expect(screen.queryByText(/Drop to share/)).toBeNull();
    expect(share).toHaveBeenCalledWith('ch:1', dataTransfer.files);
  });

  it('says so when too many files are dropped at once', async () => {
    const { share } = await setup();
    share.mockRestore();
    const pane = screen.getByRole('region', { name: /general/ });
    act(() => {
      fireEvent.drop(pane, { dataTransfer: { types: ['Files'], files: files(21) } });
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('share at most 20 at once');
  });
});
