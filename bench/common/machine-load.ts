// How busy the whole machine is, from /proc/stat: other programs competing
// for the CPU make a benchmark's figures noisy, so runs measure and report it.
// Busy = all time but idle, iowait and steal; NaN / null where there is no
// /proc/stat.
import fs from 'node:fs';
import os from 'node:os';

/** Jiffies the whole machine spent busy (all CPUs), from /proc/stat; null where there is none. */
export function machineTicks(): { total: number; busy: number; steal: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    return { total, busy: total - idle - iowait - steal, steal };
  } catch {
    return null;
  }
}

/** Busy time of the whole machine over `ms`, in % of one core (the caller is idle meanwhile). */
export async function machineLoad(ms: number): Promise<number> {
  const before = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTicks();
  return before && after && after.total > before.total ? ((after.busy - before.busy) / (after.total - before.total)) * 100 * os.cpus().length : NaN;
}
