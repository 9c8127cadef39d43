// What the renderer build gives for Node's `crypto` module (vite.config.ts).
// @hpke/common imports it only as a fallback where globalThis.crypto is
// missing; every browser and Electron window has WebCrypto, so that branch
// never runs in the renderer. Left to Vite, the import becomes an empty stub
// and the build warns about it on every `npm run host`; this says what the
// branch would get instead: the page's own WebCrypto.
export const webcrypto = globalThis.crypto;
export default { webcrypto };
