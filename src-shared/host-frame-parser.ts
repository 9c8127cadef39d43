// Turns what arrives on the client's socket into a host frame, or null to
// ignore it: a non-text message, text that is not JSON, or a frame this client
// does not know (a newer host's) are all dropped without a word, so that a
// newer host never breaks an older client. ChatClient.handleData dispatches
// what this returns; it lives apart so the tolerant parsing is in one place.
import { hostFrame, type HostFrame } from './protocol/frames.js';

export function parseHostFrame(data: unknown): HostFrame | null {
  if (typeof data !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = hostFrame.safeParse(json);
  return parsed.success ? parsed.data : null;
}
