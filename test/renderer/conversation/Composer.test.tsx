import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../../src-shared/limits.js';
import { Composer } from '../../../src-renderer/conversation/Composer.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';

describe('Composer', () => {
  it('sends on Enter and clears the box', async () => {
    const services = await signedInServices();
    const { user } = renderWithServices(<Composer conv="ch:1" placeholder="Message #general" />, services);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'hello there{Enter}');
    expect(services.client.sent.map((s) => [s.conv, s.text])).toEqual([['ch:1', 'hello there']]);
    expect(box).toHaveValue('');
    // Send never asks for notification permission (only the banner's Turn on does).
    expect(services.platform.requestNotificationAccess).not.toHaveBeenCalled();
  });

  it('starts a new line on Shift+Enter instead of sending', async () => {
    const services = await signedInServices();
    const { user } = renderWithServices(<Composer conv="ch:1" placeholder="Message #general" />, services);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(services.client.sent).toHaveLength(0);
    expect(box).toHaveValue('line one\nline two');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(services.client.sent.map((s) => s.text)).toEqual(['line one\nline two']);
  });

  it('does not send white space', async () => {
    const services = await signedInServices();
    const { user } = renderWithServices(<Composer conv="ch:1" placeholder="Message #general" />, services);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), '   {Enter}');
    expect(services.client.sent).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });

  it('tells how many characters are left near the limit, and refuses past it', async () => {
    const services = await signedInServices();
    const { user } = renderWithServices(<Composer conv="ch:1" placeholder="Message #general" />, services);
    const box = screen.getByRole('textbox', { name: 'Message' });
    expect(screen.queryByText(/characters left/)).toBeNull();
    await user.click(box);
    await user.paste('x'.repeat(MAX_MESSAGE_CHARS - 10));
    expect(screen.getByText('10 characters left')).toBeInTheDocument();
    await user.paste('y'.repeat(15));
    expect(screen.getByText(/5 characters over the limit/)).toBeInTheDocument();
    expect(box).toHaveAttribute('aria-invalid', 'true');
    await user.keyboard('{Enter}');
    expect(services.client.sent).toHaveLength(0);
  });

  it('sends a typing notice while typing, not on every key', async () => {
    const services = await signedInServices();
    const { user } = renderWithServices(<Composer conv="ch:1" placeholder="Message #general" />, services);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'typing away');
    expect(services.client.requests.filter((r) => r.type === 'typing')).toEqual([{ type: 'typing', params: { conv: 'ch:1' } }]);
  });

  it('keeps a draft per conversation', async () => {
    const services = await signedInServices();
    const { user, rerender } = renderWithServices(<Composer conv="ch:1" placeholder="Message #general" />, services);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'half a thought');
    rerender(<Composer conv="ch:2" placeholder="Message #design" />);
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    expect(services.store.getState().drafts['ch:1']).toBe('half a thought');
  });
});
