// Precompressed copies of the web client's files: `app.js.br` and `app.js.gz`
// beside `app.js`, written once when the renderer is built (vite.config.ts
// calls precompressFolder) and picked by static-files.ts per request.
//
// Why at build time rather than compressing on the fly or at first request:
//  - the files never change after the build (Vite hashes their names), so
//    there is nothing to compute per request;
//  - brotli's best quality (11) is 20–25 % smaller than gzip but far too slow
//    to run while a browser waits; at build time it costs a second or two;
//  - the host often runs inside the desktop app on someone's laptop: no CPU
//    spent on it, no cache in memory, and the packaged app ships the copies
//    (electron-builder takes all of dist/renderer).
// A folder without the copies (built some other way) is served uncompressed.
//
// What is compressed: text types (html, js, css, json, svg, …) — images and
// fonts are compressed already. Source maps are left out: the host serves them
// only with --dev (static-files.ts), and brotli-11 on 3.4 MB of maps would
// double the build time for files nobody downloads in production. A copy is
// kept only when it is at least MIN_SAVING smaller than the original; for
// files too small to gain that, the original is served.
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { ContentEncoding } from './accept-encoding.js';

/** File name suffix of each precompressed copy. */
export const ENCODING_SUFFIX: Record<Exclude<ContentEncoding, 'identity'>, string> = { br: '.br', gzip: '.gz' };

const COMPRESSIBLE_EXTENSIONS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.xml', '.webmanifest', '.wasm']);

/** Less than 5 % saved is not worth a second file and the client's decompression. */
const MIN_SAVING = 0.05;

/** Is `file` a type that compresses (and so one whose response varies by Accept-Encoding)? */
export function isCompressible(file: string): boolean {
  return COMPRESSIBLE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** Is `file` one of the precompressed copies (never served under its own name)? */
export function isPrecompressedCopy(file: string): boolean {
  return Object.values(ENCODING_SUFFIX).some((suffix) => file.toLowerCase().endsWith(suffix));
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The compressed bytes of `data` in each encoding, best settings (build time only). */
export async function compressBoth(data: Buffer): Promise<Record<'br' | 'gzip', Buffer>> {
  const [br, gz] = await Promise.all([
    brotli(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
    gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
  ]);
  return { br, gzip: gz };
}

export interface PrecompressReport {
  /** Files compressed (with at least one copy written). */
  files: number;
  /** Bytes of those files, and what is served for them in each encoding (the original where no copy was worth keeping). */
  originalBytes: number;
  brBytes: number;
  gzipBytes: number;
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/**
 * Writes `.br` and `.gz` beside every compressible file under `dir`; removes
 * copies left from an earlier run that are no longer worth keeping. Returns
 * what it did, for the build log.
 */
export async function precompressFolder(dir: string): Promise<PrecompressReport> {
  const report: PrecompressReport = { files: 0, originalBytes: 0, brBytes: 0, gzipBytes: 0 };
  const jobs: Array<Promise<void>> = [];
  for await (const file of walk(dir)) {
    if (!isCompressible(file)) continue;
    jobs.push(
      (async () => {
        const data = await fs.readFile(file);
        const compressed = await compressBoth(data);
        const kept = { br: data.length, gzip: data.length };
        for (const encoding of ['br', 'gzip'] as const) {
          const copy = file + ENCODING_SUFFIX[encoding];
          if (compressed[encoding].length <= data.length * (1 - MIN_SAVING)) {
            await fs.writeFile(copy, compressed[encoding]);
            kept[encoding] = compressed[encoding].length;
          } else {
            await fs.rm(copy, { force: true });
          }
        }
        if (kept.br < data.length || kept.gzip < data.length) {
          report.files += 1;
          report.originalBytes += data.length;
          report.brBytes += kept.br;
          report.gzipBytes += kept.gzip;
        }
      })(),
    );
  }
  await Promise.all(jobs);
  return report;
}
