// What an admin does to people in the session: remove someone (the host
// signs out their devices) or allow them back, and grant or take back admin.
// The host checks the rights; the answer updates the person in the store.
import type { SessionContext } from './session-context.js';

export class Moderation {
  constructor(private readonly context: SessionContext) {}

  /** Removes a person from the session (their devices are signed out), or allows them back. */
  async setUserRemoved(userId: number, removed: boolean): Promise<void> {
    const { user } = await this.context.requireClient().request('user.remove', { userId, removed });
    this.context.store.getState().applyUser(user);
  }

  async setUserAdmin(userId: number, admin: boolean): Promise<void> {
    const { user } = await this.context.requireClient().request('user.admin', { userId, admin });
    this.context.store.getState().applyUser(user);
  }
}
