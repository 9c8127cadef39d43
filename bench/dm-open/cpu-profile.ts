// bench/dm-open --profile: a CPU profile of one encrypted DM open, taken in
// the page through the Chrome DevTools Protocol (Profiler domain), saved as a
// .cpuprofile (open it in Chromium's DevTools, Performance panel) and summed
// up here: self time per function and per kind of work, so the README can say
// where the time of an open goes.
//
// The kinds are guessed from function names, which survive only in an
// unminified build: `npx vite build --minify false` before profiling.
import fs from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Profiler {
  start(): Promise<void>;
  /** Stops, writes the profile to `file` and returns its summary lines. */
  stop(file: string): Promise<string[]>;
}

export async function pageProfiler(page: Page): Promise<Profiler> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); // µs
  return {
    start: async () => {
      await cdp.send('Profiler.start');
    },
    stop: async (file) => {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      fs.writeFileSync(file, JSON.stringify(profile));
      await cdp.detach();
      return summarize(profile);
    },
  };
}

// Where a function belongs, by name (first match wins). Broad on purpose: the
// question is which kind of work dominates, not an exact split.
const KINDS: Array<[string, RegExp]> = [
  ['(idle)', /^\(idle\)$/],
  ['(garbage collector)', /^\(garbage collector\)$/],
  ['(program)', /^\(program\)$/],
  ['X25519 / field arithmetic (noble)', /^(montgomeryLadder|scalarMult|montgomery|mod|pow2|invert|pow|powMod|cswap|decodeUCoordinate|encodeUCoordinate|modP|adjustScalarBytes|x25519|getSharedSecret|scalarMultBase|ladder|add|sub|mul|sqr|fieldMul|fieldSqr|bytesToNumberLE|numberToBytesLE|numberToHexUnpadded|hexToNumber|bytesToHex|hexToBytes)$/i],
  ['HPKE (KEM/KDF/AEAD glue)', /^(open|seal|setupRecipient|setupSender|deserializePrivateKey|deserializePublicKey|_deserializePrivateKey|_deserializePublicKey|derivePublicKey|dh|decap|encap|labeledExtract|labeledExpand|extractAndExpand|extract|expand|buildSuiteId|_setupRecipient|createRecipientContext|_keySchedule|_keyScheduleR|keySchedule|computeNonce|_computeNonce|incrementSeq|_incrementSeq)$/i],
  ['SHA-256 / HMAC (noble hashes)', /^(sha256|hmac|process|digest|digestInto|update|roundClean|_cloneInto|clone|SHA2|HashMD|setBigUint64|Chi|Maj|rotr)$/i],
  ['ChaCha / Poly1305 (noble ciphers)', /^(chachaCore|chacha|hchacha|poly1305|computeTag|encrypt|decrypt|_poly1305|Poly1305|xorStream|runCipher|chacha20poly1305|_computeTag|finish|blocks)$/i],
  ['libsodium (wasm: verify, XChaCha, base64)', /^(\$?_?crypto_|\$?wasm-function|_?sodium|from_base64|to_base64|crypto_sign_verify_detached|crypto_aead)/i],
  ['zod (envelope schema)', /^(_parse|safeParse|parse|_processInputParams|_parseSync|_isValid|_getType|_getOrReturnCtx|addIssue|_def|ParseStatus|mergeObjectSync|mergeObjectAsync|isValid|isAsync)$/i],
  ['JSON / text', /^(stringify|parse|JSON\.parse|JSON\.stringify|encode|decode|encodeInto|TextEncoder|TextDecoder)$/],
  ['React (render / commit)', /^(beginWork|completeWork|commitRoot|commitMutationEffects|renderWithHooks|reconcileChildren|performUnitOfWork|workLoopSync|workLoopConcurrent|updateFunctionComponent|createFiber|commitLayoutEffects|flushPassiveEffects|recursivelyTraverse\w*|commitPassiveMountOnFiber|commitLayoutEffectOnFiber|commitMutationEffectsOnFiber|reconcileChildFibers\w*|mountIndeterminateComponent|updateMemoComponent|useSyncExternalStore\w*|checkIfSnapshotChanged|performWorkOnRoot|flushSyncWork\w*|scheduleUpdateOnFiber|jsx|jsxDEV|createElement|setInitialProperties|appendAllChildren|createInstance|setProp\w*|finalizeInitialChildren|completeUnitOfWork|cloneFiber|createWorkInProgress|bailoutOnAlreadyFinishedWork|memo|areHookInputsEqual|mountState|updateReducer\w*|dispatchSetState|shallowEqual)$/],
  ['style / layout / paint (browser)', /^\((style|layout|paint|composite|parse|compile)/i],
];

function kindOf(name: string): string {
  for (const [kind, pattern] of KINDS) if (pattern.test(name)) return kind;
  return 'other';
}

/** Self time (ms) per function and per kind, biggest first. */
export function summarize(profile: CpuProfile, top = 30): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const perFunction = new Map<string, number>();
  const perKind = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName || '(anonymous)';
    const where = frame.url ? ` ${frame.url.split('/').pop()}:${frame.lineNumber + 1}` : '';
    perFunction.set(`${name}${where}`, (perFunction.get(`${name}${where}`) ?? 0) + ms);
    const kind = kindOf(name);
    perKind.set(kind, (perKind.get(kind) ?? 0) + ms);
    if (kind !== '(idle)') total += ms;
  }
  const rows = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => `  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  return [
    `profile: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms, ${total.toFixed(0)} ms busy (not idle)`,
    'self time by kind:',
    ...rows(perKind, KINDS.length + 1),
    `self time by function (top ${top}):`,
    ...rows(perFunction, top),
  ];
}
