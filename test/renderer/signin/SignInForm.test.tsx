import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ChatError } from '../../../src-shared/chat-client.js';
import { SignInForm } from '../../../src-renderer/signin/SignInForm.js';
import { SignInScreen } from '../../../src-renderer/signin/SignInScreen.js';
import { createServices, renderWithServices } from '../helpers/render-app.js';

function renderForm(props: Partial<Parameters<typeof SignInForm>[0]> = {}) {
  const onSubmit = props.onSubmit ?? vi.fn(async () => {});
  render(<SignInForm passcodeRequired={false} {...props} onSubmit={onSubmit} />);
  return { onSubmit, user: userEvent.setup() };
}

async function fill(user: ReturnType<typeof userEvent.setup>, name: string, password: string) {
  await user.type(screen.getByLabelText('Name'), name);
  await user.type(screen.getByLabelText('Password'), password);
}

describe('SignInForm', () => {
  it('has Name and Password, says the first sign-in claims the name, and no Passcode unless required', () => {
    renderForm();
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(/first sign-in claims a name/);
    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password');
    expect(screen.queryByLabelText('Passcode')).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('asks for the passcode when the session requires one', async () => {
    const { onSubmit, user } = renderForm({ passcodeRequired: true });
    await fill(user, 'Alice', 'secret-pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Passcode')).toHaveAttribute('aria-invalid', 'true');
    await user.type(screen.getByLabelText('Passcode'), 'lan-party');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Alice', password: 'secret-pw', passcode: 'lan-party' });
  });

  it('checks the naming rules before sending', async () => {
    const { onSubmit, user } = renderForm();
    await fill(user, 'A', 'short');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSubmit).not.toHaveBeenCalled();
    const name = screen.getByLabelText('Name');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAccessibleDescription(/at least 2 characters/);
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/at least 6 characters/);
    expect(name).toHaveFocus();
  });

  it.each([
    ['password', new ChatError('wrong_password', 'Wrong password for “Alice”. If that name isn\u2019t yours, pick another — it is taken.', 'password'), 'Password'],
    ['name', new ChatError('name_taken', '“Alice” is taken — pick another name, or sign in with its password.', 'name'), 'Name'],
    ['passcode', new ChatError('passcode_wrong', 'That passcode is wrong — check it with whoever hosts the session.', 'passcode'), 'Passcode'],
  ])('shows the host’s %s error next to that field', async (_field, error, label) => {
    const onSubmit = vi.fn(async () => {
      throw error;
    });
    const { user } = renderForm({ passcodeRequired: true, onSubmit });
    await fill(user, 'Alice', 'secret-pw');
    await user.type(screen.getByLabelText('Passcode'), 'guess');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const field = screen.getByLabelText(label);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(expect.stringContaining(error.message));
    expect(field).toHaveFocus();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows errors about no field as an alert above the form', async () => {
    const onSubmit = vi.fn(async () => {
      throw new ChatError('too_many_attempts', 'Too many failed sign-ins on this connection.');
    });
    const { user } = renderForm({ onSubmit });
    await fill(user, 'Alice', 'secret-pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Too many failed sign-ins');
    expect(screen.getByLabelText('Name')).not.toHaveAttribute('aria-invalid');
  });
});

describe('SignInScreen', () => {
  it('shows Passcode only when the welcome frame says the session needs one', async () => {
    const services = createServices({
      configure: (client) => {
        client.welcome = { ...client.welcome, passcodeRequired: true };
      },
    });
    await services.session.start();
    renderWithServices(<SignInScreen />, services);
    expect(screen.getByRole('heading', { name: 'Sign in to Office LAN' })).toBeInTheDocument();
    expect(screen.getByLabelText('Passcode')).toBeInTheDocument();
  });

  it('signs in through the session and prefills the last name used', async () => {
    const services = createServices();
    services.platform.lastSession = { url: 'ws://192.168.1.20:47800/ws', sessionId: 'session-1', sessionName: 'Office LAN', userName: 'Alice' };
    await services.session.start();
    const { user } = renderWithServices(<SignInScreen />, services);
    expect(screen.getByLabelText('Name')).toHaveValue('Alice');
    await user.type(screen.getByLabelText('Password'), 'secret-pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(services.client.signInCalls).toEqual([{ name: 'Alice', password: 'secret-pw', mode: 'auto' }]);
    expect(services.store.getState().phase).toBe('chat');
  });
});
