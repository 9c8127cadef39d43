import { describe, expect, it } from 'vitest';
import { checkAvatarImage } from '../../src-shared/avatar-image.js';
import { pngImage } from '../helpers/png-image.js';

const jpeg = (width: number, height: number) =>
  // SOI, an APP0 segment, then SOF0 with height and width.
  Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 3, 0, 0, 0]);
const webpX = (width: number, height: number) => {
  const b = new Uint8Array(40);
  b.set([...'RIFF'].map((c) => c.charCodeAt(0)), 0);
  b.set([...'WEBPVP8X'].map((c) => c.charCodeAt(0)), 8);
  b.set([(width - 1) & 255, (width - 1) >> 8, 0, (height - 1) & 255, (height - 1) >> 8, 0], 24);
  return b;
};

describe('checkAvatarImage', () => {
  it('reads the size of PNG, JPEG and WebP from their headers', () => {
    expect(checkAvatarImage(pngImage(40, 30))).toEqual({ ok: true, type: 'image/png', width: 40, height: 30 });
    expect(checkAvatarImage(jpeg(300, 200))).toEqual({ ok: true, type: 'image/jpeg', width: 300, height: 200 });
    expect(checkAvatarImage(webpX(512, 512))).toEqual({ ok: true, type: 'image/webp', width: 512, height: 512 });
  });

  it('refuses other types by their bytes and pictures over 512 px, saying what to do', () => {
    expect(checkAvatarImage(new TextEncoder().encode('GIF89a……'))).toMatchObject({ ok: false, message: expect.stringMatching(/PNG, JPEG or WebP/) });
    expect(checkAvatarImage(jpeg(513, 10))).toMatchObject({ ok: false, message: expect.stringMatching(/513×10 .*Crop or shrink/) });
    expect(checkAvatarImage(webpX(600, 20))).toMatchObject({ ok: false });
  });
});
