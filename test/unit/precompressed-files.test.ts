import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isCompressible, isPrecompressedCopy, precompressFolder } from '../../src-main/host/precompressed-files.js';
import { tempDir } from '../helpers/host-harness.js';

const script = (n: number) => Array.from({ length: n }, (_, i) => `export const value${i} = ${JSON.stringify(`item ${i}`)};`).join('\n');

describe('precompressed files', () => {
  describe('isCompressible / isPrecompressedCopy', () => {
    it('compresses text types, not images, fonts or source maps', () => {
      for (const file of ['index.html', 'a/app-1234abcd.js', 'x.CSS', 'm.json', 'i.svg', 'm.webmanifest']) expect(isCompressible(file)).toBe(true);
      for (const file of ['favicon.ico', 'a.png', 'f.woff2', 'app.js.map', 'app.js.br', 'app.js.gz', 'README']) expect(isCompressible(file)).toBe(false);
    });

    it('knows the copies by their suffix', () => {
      expect(isPrecompressedCopy('/w/assets/app.js.br')).toBe(true);
      expect(isPrecompressedCopy('/w/assets/app.js.GZ')).toBe(true);
      expect(isPrecompressedCopy('/w/assets/app.js')).toBe(false);
    });
  });

  describe('#precompressFolder', () => {
    it('writes .br and .gz beside each compressible file, which decompress to it exactly', async () => {
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, 'assets'));
      const js = Buffer.from(script(2000));
      const css = Buffer.from('body { color: red; }\n'.repeat(500));
      fs.writeFileSync(path.join(dir, 'assets', 'app-abcdefgh.js'), js);
      fs.writeFileSync(path.join(dir, 'assets', 'app-abcdefgh.css'), css);
      fs.writeFileSync(path.join(dir, 'assets', 'app-abcdefgh.js.map'), '{"version":3}'.repeat(200));
      fs.writeFileSync(path.join(dir, 'icon.png'), Buffer.alloc(2000, 7));

      const report = await precompressFolder(dir);

      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, 'assets', 'app-abcdefgh.js.br'))).equals(js)).toBe(true);
      expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'assets', 'app-abcdefgh.js.gz'))).equals(js)).toBe(true);
      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, 'assets', 'app-abcdefgh.css.br'))).equals(css)).toBe(true);
      expect(fs.existsSync(path.join(dir, 'assets', 'app-abcdefgh.js.map.br'))).toBe(false);
      expect(fs.existsSync(path.join(dir, 'icon.png.gz'))).toBe(false);
      expect(report.files).toBe(2);
      expect(report.originalBytes).toBe(js.length + css.length);
      expect(report.brBytes).toBeLessThan(report.gzipBytes);
      expect(report.gzipBytes).toBeLessThan(report.originalBytes / 3);
    });

    it('keeps no copy that saves too little, and removes one left from an earlier run', async () => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'tiny.js'), 'x');
      fs.writeFileSync(path.join(dir, 'tiny.js.br'), 'left over');
      const report = await precompressFolder(dir);
      expect(fs.readdirSync(dir)).toEqual(['tiny.js']);
      expect(report).toEqual({ files: 0, originalBytes: 0, brBytes: 0, gzipBytes: 0 });
    });
  });
});
