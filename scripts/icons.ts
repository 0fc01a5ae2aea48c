/**
 * `npm run icons`: the app's icon set, rendered from `assets/icon.svg` (the one source) into the
 * gitignored `build/icons/` before packaging, so no binary icon is ever committed or hand-edited:
 *   png/<n>x<n>.png  16 … 1024 px (Linux installers, and the 512 and 1024 px masters)
 *   icon.png         1024 px
 *   icon.ico         16 … 256 px (Windows)
 *   icon.icns        16 … 1024 px (macOS)
 * `electron-builder.config.ts` points at these files.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { encodeIcns, encodeIco, type SizedPng } from './iconContainers';

export const ICON_SOURCE = 'assets/icon.svg';
export const ICON_DIR = 'build/icons';
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

export function renderPng(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng());
}

/** Renders the whole set from `svgPath` into `outDir`; returns the files written (absolute paths). */
export async function writeIconSet(svgPath: string, outDir: string): Promise<string[]> {
  const svg = await readFile(svgPath, 'utf8');
  const images: SizedPng[] = PNG_SIZES.map((size) => ({ size, png: renderPng(svg, size) }));
  const written: string[] = [];
  const put = async (name: string, bytes: Buffer) => {
    const path = join(outDir, name);
    await writeFile(path, bytes);
    written.push(path);
  };
  await mkdir(join(outDir, 'png'), { recursive: true });
  for (const image of images) await put(`png/${image.size}x${image.size}.png`, image.png);
  await put('icon.png', images.find((image) => image.size === 1024)!.png);
  await put('icon.ico', encodeIco(images.filter((image) => ICO_SIZES.includes(image.size))));
  await put('icon.icns', encodeIcns(images));
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = resolve(process.argv[2] ?? ICON_DIR);
  const written = await writeIconSet(resolve(ICON_SOURCE), outDir);
  console.log(`icons: ${written.length} files from ${ICON_SOURCE} in ${outDir}`);
}
