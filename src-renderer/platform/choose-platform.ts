// Desktop when the preload exposed window.parley, the browser otherwise.
import { createDesktopPlatform } from './desktop-platform.js';
import type { Platform } from './platform.js';
import { createWebPlatform } from './web-platform.js';

export function choosePlatform(): Platform {
  return window.parley ? createDesktopPlatform(window.parley) : createWebPlatform();
}
