import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchLauncher } from '../../src-main/cli/launcher-watch.js';

afterEach(() => vi.useRealTimers());

describe('watchLauncher', () => {
  it('calls back once when the parent process changes, only under npm', () => {
    vi.useFakeTimers();
    let parent = 100;
    const gone = vi.fn();
    watchLauncher(gone, { env: { npm_lifecycle_event: 'host' }, parentId: () => parent, intervalMs: 10 });
    vi.advanceTimersByTime(50);
    expect(gone).not.toHaveBeenCalled();
    parent = 1;
    vi.advanceTimersByTime(50);
    expect(gone).toHaveBeenCalledTimes(1);

    const direct = vi.fn();
    parent = 100;
    watchLauncher(direct, { env: {}, parentId: () => parent, intervalMs: 10 });
    parent = 1;
    vi.advanceTimersByTime(50);
    expect(direct).not.toHaveBeenCalled();
  });
});
