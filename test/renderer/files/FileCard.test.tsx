import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { FileInfo } from '../../../src-shared/protocol/frames.js';
import { FileCard, UploadCard } from '../../../src-renderer/files/FileCard.js';
import { formatBytes } from '../../../src-renderer/files/format.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';

const NOW = 1_800_000_000_000;
const file = (over: Partial<FileInfo> = {}): FileInfo => ({
  id: 'F1',
  name: 'plan.pdf',
  size: 1_400_000,
  type: 'application/pdf',
  sha256: 'a'.repeat(64),
  thumbnail: null,
  expiresAt: NOW + 1000,
  ...over,
});

describe('FileCard', () => {
  it('shows name, human size and type, and Save <name> downloads', async () => {
    const onSave = vi.fn(async () => {});
    render(<FileCard file={file()} onSave={onSave} now={NOW} />);
    expect(screen.getByText('plan.pdf')).toBeInTheDocument();
    expect(screen.getByText('1.4 MB · PDF document')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save plan.pdf' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ id: 'F1' }));
  });

  it('shows an image preview from the thumbnail, never another URL', () => {
    const { rerender } = render(<FileCard file={file({ name: 'cat.png', type: 'image/png', thumbnail: 'data:image/webp;base64,AAAA' })} onSave={async () => {}} now={NOW} />);
    expect(screen.getByRole('img', { name: 'Preview of cat.png' })).toHaveAttribute('src', 'data:image/webp;base64,AAAA');
    rerender(<FileCard file={file({ name: 'cat.png', type: 'image/png', thumbnail: 'https://evil/x.png' })} onSave={async () => {}} now={NOW} />);
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('says when the host no longer keeps the file', () => {
    render(<FileCard file={file({ expiresAt: NOW - 1 })} onSave={async () => {}} now={NOW} />);
    expect(screen.getByText('Expired — the host no longer keeps this file')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Save/ })).toBeNull();
  });

  it('shows why a download could not start', async () => {
    render(<FileCard file={file()} onSave={async () => Promise.reject(new Error('Not connected'))} now={NOW} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save plan.pdf' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not download: Not connected');
  });
});

describe('UploadCard', () => {
  const handlers = () => ({ onPause: vi.fn(), onResume: vi.fn(), onCancel: vi.fn(), onRetry: vi.fn() });
  function transferIn(state: 'uploading' | 'paused' | 'failed', bytes: number, error: string | null = null) {
    const store = createAppStore();
    store.getState().addTransfer({ clientMsgId: 'c1', conv: 'ch:1', name: 'video.mp4', type: 'video/mp4', total: 40_000_000, ts: 1 });
    store.getState().setTransferState('c1', 'uploading');
    store.getState().recordProgress('c1', 0, 1000);
    store.getState().recordProgress('c1', bytes, 2000);
    if (state !== 'uploading') store.getState().setTransferState('c1', state, error);
    return store.getState().transfers.c1!;
  }

  it('shows progress, speed and time left, and pauses', async () => {
    const h = handlers();
    render(<UploadCard transfer={transferIn('uploading', 10_000_000)} {...h} />);
    const bar = screen.getByRole('progressbar', { name: 'Uploading video.mp4' });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(screen.getByText('10 MB/s · 3 s left')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Pause video.mp4' }));
    expect(h.onPause).toHaveBeenCalledWith('c1');
  });

  it('resumes or cancels when paused', async () => {
    const h = handlers();
    render(<UploadCard transfer={transferIn('paused', 10_000_000)} {...h} />);
    expect(screen.getByText('Paused · 10 MB of 40 MB')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Resume video.mp4' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel video.mp4' }));
    expect(h.onResume).toHaveBeenCalledWith('c1');
    expect(h.onCancel).toHaveBeenCalledWith('c1');
  });

  it('says why it failed, with Retry', async () => {
    const h = handlers();
    render(<UploadCard transfer={transferIn('failed', 10_000_000, 'The host’s disk is full.')} {...h} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Not sent: The host’s disk is full.');
    await userEvent.click(screen.getByRole('button', { name: 'Retry video.mp4' }));
    expect(h.onRetry).toHaveBeenCalledWith('c1');
  });

  it('formats sizes like a file manager', () => {
    expect([formatBytes(512), formatBytes(1_400_000), formatBytes(3_200_000_000)]).toEqual(['512 B', '1.4 MB', '3.2 GB']);
  });
});
