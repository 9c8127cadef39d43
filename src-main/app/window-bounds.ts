// Where the window opens: where it was last time, if that place is still on a
// display. Plain functions (no electron): desktop-app.ts passes
// screen.getAllDisplays() and the remembered bounds from settings-store.ts.
//
// Decision: a remembered place is kept when enough of the window (its top
// strip, where the title bar is) lies on one display's work area to grab it;
// the size is then shrunk to fit that display and the window pulled fully onto
// it. A place on a display that is gone (a laptop undocked) falls back to the
// remembered size, clamped to the primary display, centred by the OS.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayLike {
  workArea: Rect;
}

/** How much of the title strip must be on a display to keep the place. */
const GRAB_WIDTH = 100;
const GRAB_HEIGHT = 30;

export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 720 } as const;
export const MIN_WINDOW_SIZE = { width: 640, height: 480 } as const;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

const clampSize = (size: { width: number; height: number }, area: Rect) => ({
  width: Math.max(Math.min(size.width, area.width), Math.min(MIN_WINDOW_SIZE.width, area.width)),
  height: Math.max(Math.min(size.height, area.height), Math.min(MIN_WINDOW_SIZE.height, area.height)),
});

/**
 * The bounds to open the window with: `{ width, height }` alone (the OS
 * centres it) or a full place on a visible display.
 */
export function restoreWindowBounds(saved: Rect | null, displays: readonly DisplayLike[]): Rect | { width: number; height: number } {
  const primary = displays[0]?.workArea;
  if (!saved) return primary ? clampSize(DEFAULT_WINDOW_SIZE, primary) : { ...DEFAULT_WINDOW_SIZE };
  const titleStrip: Rect = { x: saved.x, y: saved.y, width: saved.width, height: GRAB_HEIGHT };
  let best: { area: Rect; visible: number } | null = null;
  for (const display of displays) {
    const seen = overlap(titleStrip, display.workArea);
    if (seen.width >= Math.min(GRAB_WIDTH, saved.width) && seen.height >= Math.min(GRAB_HEIGHT, saved.height)) {
      const visible = seen.width * seen.height;
      if (!best || visible > best.visible) best = { area: display.workArea, visible };
    }
  }
  if (!best) return primary ? clampSize(saved, primary) : { width: saved.width, height: saved.height };
  const area = best.area;
  const size = clampSize(saved, area);
  return {
    ...size,
    x: Math.min(Math.max(saved.x, area.x), area.x + area.width - size.width),
    y: Math.min(Math.max(saved.y, area.y), area.y + area.height - size.height),
  };
}
