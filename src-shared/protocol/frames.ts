// The wire protocol's zod schemas: the executable copy of PROTOCOL.md.
// Change the two together, and add a changelog line there.
//
// This file is the protocol's public entry: some 140 files across renderer,
// main, host, terminal and tests import their types from here, so it stays
// and re-exports the concept files beside it rather than every importer
// being rewritten (and every parallel branch conflicting). Read or change
// the schemas in:
//   fields.ts          field schemas (seq, id, conversation key, text caps)
//   session-shapes.ts  people, channels, session info, DMs, read/thread state, devices
//   message-shapes.ts  messages, their changes, events, search hits
//   requests.ts        client → host request frames
//   replies.ts         the reply data for each request
//   host-frames.ts     host → client frames (welcome, reply, error, events, pushes)
export { conversationKey } from './fields.js';
export * from './session-shapes.js';
export * from './message-shapes.js';
export * from './requests.js';
export * from './replies.js';
export * from './host-frames.js';
