// The chat screen is its own chunk (src-renderer/app/chat-screen.tsx): when
// that chunk cannot be fetched, the person gets a screen that says so and a
// way out, not a blank page.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('ChatScreen', () => {
  afterEach(() => {
    vi.doUnmock('../../../src-renderer/chat/ChatLayout.js');
    vi.resetModules();
    vi.restoreAllMocks();
  });

  it('says the chat could not be loaded, and reloads on request, when its code does not arrive', async () => {
    vi.resetModules();
    vi.doMock('../../../src-renderer/chat/ChatLayout.js', () => {
      throw new TypeError('Failed to fetch dynamically imported module: https://192.168.1.20:47800/assets/ChatLayout-x.js');
    });
    vi.spyOn(console, 'error').mockImplementation(() => {}); // React reports the caught error
    const reload = vi.fn();
    vi.stubGlobal('location', { ...window.location, reload });
    const { ChatScreen } = await import('../../../src-renderer/app/chat-screen.js');
    render(<ChatScreen />);
    expect(await screen.findByRole('heading', { name: 'The chat could not be loaded' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Check that the host is still running, then reload.');
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(reload).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();
  });
});
