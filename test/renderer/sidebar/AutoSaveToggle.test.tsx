import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { FilesFeature } from '../../../src-renderer/platform/platform.js';
import { AutoSaveToggle } from '../../../src-renderer/sidebar/AutoSaveToggle.js';

function fakeFiles(initial: boolean, setResult: () => Promise<void> = async () => {}) {
  let stored = initial;
  const setAutoSave = vi.fn(async (enabled: boolean) => {
    await setResult();
    stored = enabled;
  });
  const files = { getAutoSave: async () => stored, setAutoSave } as unknown as FilesFeature;
  return { files, setAutoSave, stored: () => stored };
}

describe('AutoSaveToggle', () => {
  it('shows the stored choice and saves a change', async () => {
    const fake = fakeFiles(false);
    render(<AutoSaveToggle files={fake.files} />);
    const box = screen.getByRole('checkbox', { name: 'Save files to Downloads without asking' });
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).not.toBeChecked();
    await userEvent.click(box);
    expect(box).toBeChecked();
    expect(fake.setAutoSave).toHaveBeenCalledWith(true);
    await waitFor(() => expect(fake.stored()).toBe(true));
  });

  it('puts the box back and says so when saving fails', async () => {
    const fake = fakeFiles(true, async () => {
      throw new Error('disk');
    });
    render(<AutoSaveToggle files={fake.files} />);
    const box = screen.getByRole('checkbox', { name: 'Save files to Downloads without asking' });
    await waitFor(() => expect(box).toBeChecked());
    await userEvent.click(box);
    await screen.findByRole('alert');
    expect(box).toBeChecked();
    expect(screen.getByRole('alert')).toHaveTextContent('Could not save this setting');
  });
});
