// Progress of one file transfer: bytes so far, a smoothed speed, and a time
// left estimate. The speed is an exponentially weighted moving average with a
// time constant of about two seconds, so a short stall or burst does not make
// the estimate jump; the clock is injectable for tests.

export interface TransferProgress {
  /** Bytes transferred (or held) so far, including any resumed prefix. */
  bytes: number;
  /** Size of the whole file. */
  total: number;
  /** Smoothed speed over roughly the last `TAU_MS`; 0 until the first sample. */
  bytesPerSecond: number;
  /** Estimated seconds until done, or null while the speed is unknown. */
  secondsLeft: number | null;
}

/** Time constant of the speed average (ms). */
const TAU_MS = 2000;
/** Samples closer together than this are merged (ms): avoids dividing by ~0. */
const MIN_SAMPLE_MS = 50;

export class ProgressMeter {
  private bytes: number;
  private speed = 0;
  private hasSpeed = false;
  private lastTime: number;
  private lastBytes: number;

  /** `start` is the byte count already held (a resumed prefix counts as done, not as speed). */
  constructor(
    private readonly total: number,
    start = 0,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bytes = start;
    this.lastBytes = start;
    this.lastTime = now();
  }

  /** Records `n` more bytes and returns the current progress. */
  add(n: number): TransferProgress {
    this.bytes += n;
    return this.sample();
  }

  /** Sets the absolute byte count (e.g. after the server reports an offset); does not count as speed. */
  reset(bytes: number): TransferProgress {
    this.bytes = bytes;
    this.lastBytes = bytes;
    this.lastTime = this.now();
    return this.snapshot();
  }

  /** Current progress, updating the speed average if enough time passed. */
  sample(): TransferProgress {
    const t = this.now();
    const dt = t - this.lastTime;
    if (dt >= MIN_SAMPLE_MS) {
      const instant = ((this.bytes - this.lastBytes) * 1000) / dt;
      if (!this.hasSpeed) {
        this.speed = instant;
        this.hasSpeed = true;
      } else {
        const alpha = 1 - Math.exp(-dt / TAU_MS);
        this.speed += alpha * (instant - this.speed);
      }
      this.lastTime = t;
      this.lastBytes = this.bytes;
    }
    return this.snapshot();
  }

  snapshot(): TransferProgress {
    const left = Math.max(0, this.total - this.bytes);
    let secondsLeft: number | null = null;
    if (left === 0) secondsLeft = 0;
    else if (this.hasSpeed && this.speed > 0) secondsLeft = left / this.speed;
    return { bytes: this.bytes, total: this.total, bytesPerSecond: this.hasSpeed ? this.speed : 0, secondsLeft };
  }
}
