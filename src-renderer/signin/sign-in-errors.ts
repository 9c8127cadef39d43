// Where a sign-in problem is shown: next to the field it concerns (the host's
// error frame names it in `field`), or above the form.
import { ChatError } from '../../src-shared/chat-client.js';

export type SignInField = 'name' | 'password' | 'passcode';
export type SignInErrors = Partial<Record<SignInField | 'general', string>>;

const FIELDS: readonly string[] = ['name', 'password', 'passcode'];

export function signInErrorsFrom(error: unknown): SignInErrors {
  if (error instanceof ChatError) {
    if (error.field && FIELDS.includes(error.field)) return { [error.field as SignInField]: error.message };
    if (error.code === 'disconnected' || error.code === 'timeout') {
      return { general: `${error.message} Check that the host is still running, then try again.` };
    }
    return { general: error.message };
  }
  return { general: error instanceof Error ? error.message : String(error) };
}
