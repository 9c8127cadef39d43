// Streaming SHA-256 helpers: a pass-through that hashes (and counts) what
// flows through it, and a way to hash a byte range of a file on disk. Neither
// holds more than one chunk in memory.
import { createReadStream } from 'node:fs';
import type { Hash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';

/** Read size for file streams: large enough for loopback speed, small enough for memory. */
export const CHUNK_BYTES = 256 * 1024;

/** A Transform that feeds every chunk to `hash` and reports its length to `onBytes`, passing it on unchanged. */
export function hashingTap(hash: Hash, onBytes?: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      onBytes?.(chunk.length);
      callback(null, chunk);
    },
  });
}

/** Feeds bytes [start, end) of the file at `path` into `hash`. */
export async function hashFileRange(path: string, hash: Hash, start: number, end: number, signal?: AbortSignal): Promise<void> {
  if (end <= start) return;
  await pipeline(
    createReadStream(path, { start, end: end - 1, highWaterMark: CHUNK_BYTES }),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback();
      },
    }),
    { signal },
  );
}
