// Where a process's resident memory lives, by kind of mapping, from
// /proc/self/smaps (Linux; null elsewhere). Used by the benchmarks to tell
// memory the program holds from memory the allocator kept:
//   mainArena      `[heap]`: glibc's main malloc arena (the main thread's malloc)
//   threadArenas   anonymous mappings starting on a 64 MiB boundary: glibc's
//                  per-thread arenas (libuv's pool threads, V8's compiler and
//                  GC threads); a heuristic, good enough to see them grow
//   otherAnonymous the rest of the anonymous memory: V8's heap pages, big
//                  mmapped allocations, thread stacks
//   files          code and data mapped from files (node, libsql's .so, …)
// Reading smaps allocates a few hundred KiB: do it once per measurement, not
// in a tight loop.
import fs from 'node:fs';

export interface ResidentByMapping {
  mainArena: number;
  threadArenas: number;
  otherAnonymous: number;
  files: number;
}

const ARENA_ALIGNMENT = 64n * 1024n * 1024n;

export function residentByMapping(): ResidentByMapping | null {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return null;
  }
  const out: ResidentByMapping = { mainArena: 0, threadArenas: 0, otherAnonymous: 0, files: 0 };
  let kind: keyof ResidentByMapping = 'otherAnonymous';
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      const name = header[2]!.trim();
      if (name === '[heap]') kind = 'mainArena';
      else if (name !== '' && !name.startsWith('[')) kind = 'files';
      else if (name === '' && BigInt(`0x${header[1]}`) % ARENA_ALIGNMENT === 0n) kind = 'threadArenas';
      else kind = 'otherAnonymous';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] += Number(rss[1]) * 1024;
  }
  return out;
}
