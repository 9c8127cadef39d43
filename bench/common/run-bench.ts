// How a benchmark's run.ts ends: it gives up after a hard timeout (exit 2),
// exits with what its main returns, or 1 when main throws; `cleanup` (stop the
// processes it started by pid, remove temp folders) runs on every way out.

export interface RunOptions {
  /** What the messages call it: "connections benchmark". */
  title: string;
  hardTimeoutMs: number;
  cleanup?: () => void;
}

export async function runBench(main: () => Promise<number>, { title, hardTimeoutMs, cleanup = () => {} }: RunOptions): Promise<never> {
  const hardTimeout = setTimeout(() => {
    console.error(`${title}: gave up after ${hardTimeoutMs / 60_000} minutes`);
    cleanup();
    process.exit(2);
  }, hardTimeoutMs);
  hardTimeout.unref();
  try {
    const code = await main();
    clearTimeout(hardTimeout);
    cleanup();
    process.exit(code);
  } catch (error) {
    console.error(`${title} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
    cleanup();
    process.exit(1);
  }
}
