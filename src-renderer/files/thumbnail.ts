// A small preview of an image, made by the sender: at most THUMB_MAX_PX on
// the long side, webp (or jpeg where the browser cannot encode webp), with the
// quality lowered until the data: URL fits FILE_THUMBNAIL_MAX_CHARS.
// null when the browser cannot decode the image (or in tests, without canvas).
import { FILE_THUMBNAIL_MAX_CHARS } from '../../src-shared/limits.js';
import { effectiveType, isPreviewableImage } from './format.js';

export const THUMB_MAX_PX = 320;
const ACCEPTED = /^data:image\/(png|jpeg|webp);base64,/;

export async function makeThumbnail(file: File): Promise<string | null> {
  if (!isPreviewableImage(effectiveType(file.type, file.name)) || typeof createImageBitmap !== 'function') return null;
  let bitmap: ImageBitmap | null = null;
  try {
    bitmap = await createImageBitmap(file);
    for (const maxPx of [THUMB_MAX_PX, 200, 120]) {
      const scale = Math.min(1, maxPx / Math.max(bitmap.width, bitmap.height));
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d');
      if (!context) return null;
      context.drawImage(bitmap, 0, 0, width, height);
      for (const quality of [0.8, 0.65, 0.5, 0.35]) {
        let url = canvas.toDataURL('image/webp', quality);
        if (!url.startsWith('data:image/webp')) url = canvas.toDataURL('image/jpeg', quality);
        if (ACCEPTED.test(url) && url.length <= FILE_THUMBNAIL_MAX_CHARS) return url;
      }
    }
    return null;
  } catch {
    return null;
  } finally {
    bitmap?.close();
  }
}
