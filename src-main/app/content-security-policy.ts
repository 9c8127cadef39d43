// The Content-Security-Policy of the app's window, sent as a response header on
// everything served from app://parley (app-protocol.ts). One place to read and
// change it.
//
//  - script-src 'self' 'wasm-unsafe-eval': only the bundled scripts; no
//    inline script, no eval. 'wasm-unsafe-eval' lets the page compile
//    WebAssembly — libsodium (end-to-end encrypted DMs, src-shared/e2e/)
//    compiles its bundled .wasm — and nothing else: it does not allow
//    JavaScript eval(), new Function() or inline script ('unsafe-eval' would).
//    Without it the browser and the window could not encrypt DMs (issue 13).
//  - style-src 'self': the bundled stylesheet. React's `style={…}` props go
//    through the CSSOM, which CSP does not restrict, so 'unsafe-inline' is not
//    needed; add it here (and say why) only if a library injects <style>.
//  - connect-src 'self': the page talks to nothing but its own origin. In the
//    desktop app the renderer never opens a connection to a LAN address: the
//    chat socket is a MessagePort to main (chat-socket-bridge.ts), which
//    holds the TLS connection pinned to the session's identity, and files go
//    through main's TransferManager. A browser served by a host only talks
//    back to that host, and 'self' covers wss:// (ws://) to the page's own
//    host and port (CSP Level 3, as Chromium, Firefox and Safari implement it).
//    So a script injected into the page could not reach another address.
//  - img-src 'self' data: blob:: images fetched from a host are shown as blob:
//    URLs (showing http://HOST:PORT/... images directly would need `http:`).
//    Avatars in the window are such blob: URLs too (main fetches them over
//    its pinned TLS: avatar-fetcher.ts, desktop-avatars.ts), so allowing a
//    host's origin here is never needed, and must not be added.
//  - object-src 'none', base-uri 'none', frame-ancestors 'none', form-action
//    'none', frame-src 'none': no plugins, no <base> tricks, nobody frames us,
//    no form posts, no frames of anything.
//
// The renderer's build also puts a CSP <meta> into index.html (vite.config.ts),
// for browsers served by a host. In the window both policies apply — a source
// must be allowed by both — so widen the two together.
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The window's policy (a response header on app://parley). */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** The policy in the built index.html's <meta> (vite.config.ts): the same, except that a <meta> cannot carry frame-ancestors. */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');
