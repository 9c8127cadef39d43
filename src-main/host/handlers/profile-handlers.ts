// Profiles (PROTOCOL.md, "Profiles and channel care", 0.10.0): profile.update
// changes one's own display name and status; everyone signed in hears it as a
// `user` frame. (The avatar image goes over HTTP: avatar-http-api.ts.)
import type { ReplyData } from '../../../src-shared/protocol/frames.js';
import { validateDisplayName, validateStatusEmoji, validateStatusText } from '../../../src-shared/profile-rules.js';
import type { RuleResult } from '../../../src-shared/names.js';
import { RequestError } from '../request-error.js';
import { commitThenReply, type Handlers, type HostParts } from './request-context.js';

export function profileHandlers(parts: HostParts): Handlers<'profile.update'> {
  const { db, state, fanOut } = parts;
  const checked = (raw: string | undefined, current: string, rule: (raw: string) => RuleResult, field: string): string => {
    if (raw === undefined) return current;
    const result = rule(raw);
    if (!result.ok) throw new RequestError('profile_invalid', result.message, field);
    return result.value;
  };

  return {
    'profile.update': (conn, frame) => {
      const user = state.signedIn(conn);
      const next = {
        displayName: checked(frame.displayName, user.displayName, validateDisplayName, 'displayName'),
        statusText: checked(frame.statusText, user.statusText, validateStatusText, 'statusText'),
        statusEmoji: checked(frame.statusEmoji, user.statusEmoji, validateStatusEmoji, 'statusEmoji'),
      };
      const changed = next.displayName !== user.displayName || next.statusText !== user.statusText || next.statusEmoji !== user.statusEmoji;
      if (!changed) {
        conn.reply(frame.id, { user: state.userInfo(user) } satisfies ReplyData<'profile.update'>);
        return;
      }
      commitThenReply(parts, conn, frame.id, () => db.profiles.setProfile(user.id, next), {
        apply: () => Object.assign(user, next),
        reply: () => ({ user: state.userInfo(user) }) satisfies ReplyData<'profile.update'>,
        publish: () => fanOut.toEveryone({ type: 'user', user: state.userInfo(user) }),
      });
    },
  };
}
