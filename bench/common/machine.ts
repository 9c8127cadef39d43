// The machine a benchmark ran on: printed at the start of a run and stored
// in its results file, so figures from different machines are not compared
// unawares.
import os from 'node:os';

export interface MachineInfo {
  cpus: number;
  model: string | null;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return { cpus: cpus.length, model: cpus[0]?.model.trim() ?? null, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: os.platform() };
}

/** `machine: 2 × <model>, 8 GiB, Node v22…, linux` */
export function machineLine(machine: MachineInfo = machineInfo()): string {
  return `machine: ${machine.cpus} × ${machine.model ?? '?'}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`;
}
