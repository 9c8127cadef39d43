// Where the window reopens: its last place when that is still on a display.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, restoreWindowBounds } from '../../src-main/app/window-bounds.js';

const LAPTOP = { workArea: { x: 0, y: 0, width: 1440, height: 870 } };
const MONITOR = { workArea: { x: 1440, y: -200, width: 2560, height: 1400 } };

describe('restoreWindowBounds', () => {
  it('opens at the default size, centred by the OS, the first time', () => {
    expect(restoreWindowBounds(null, [LAPTOP])).toEqual(DEFAULT_WINDOW_SIZE);
  });

  it('keeps a place that is on a display, on any display', () => {
    expect(restoreWindowBounds({ x: 100, y: 50, width: 900, height: 600 }, [LAPTOP])).toEqual({ x: 100, y: 50, width: 900, height: 600 });
    expect(restoreWindowBounds({ x: 2000, y: -100, width: 1200, height: 800 }, [LAPTOP, MONITOR])).toEqual({ x: 2000, y: -100, width: 1200, height: 800 });
  });

  it('pulls a window hanging off the edge fully onto its display', () => {
    expect(restoreWindowBounds({ x: 1000, y: 500, width: 900, height: 600 }, [LAPTOP])).toEqual({ x: 540, y: 270, width: 900, height: 600 });
  });

  it('shrinks a window bigger than its display', () => {
    expect(restoreWindowBounds({ x: 0, y: 0, width: 2400, height: 1300 }, [LAPTOP])).toEqual({ x: 0, y: 0, width: 1440, height: 870 });
  });

  it('forgets the place on a display that is gone, keeping a size that fits the primary', () => {
    expect(restoreWindowBounds({ x: 2000, y: 100, width: 2000, height: 1200 }, [LAPTOP])).toEqual({ width: 1440, height: 870 });
  });

  it('forgets a place where only a sliver of the title bar would be visible', () => {
    expect(restoreWindowBounds({ x: 1400, y: 100, width: 900, height: 600 }, [LAPTOP])).toEqual({ width: 900, height: 600 });
  });
});
