/**
 * The two icon containers the installers need, written from PNGs: Windows `.ico` and macOS
 * `.icns`. Both formats can hold PNG data as-is (ICO since Windows Vista, ICNS since macOS 10.7),
 * so each is a small header plus a table of the PNGs: no image conversion, no native tools.
 */

export interface SizedPng {
  /** Width and height in pixels (the images are square). */
  size: number;
  png: Buffer;
}

/** ICO: ICONDIR (6 bytes), one 16-byte ICONDIRENTRY per image, then the PNGs. Little-endian. */
export function encodeIco(images: readonly SizedPng[]): Buffer {
  if (images.length === 0 || images.length > 0xffff) throw new Error('An .ico holds 1 to 65535 images');
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, i) => {
    if (image.size < 1 || image.size > 256) throw new Error(`An .ico image is 1 to 256 px, not ${image.size}`);
    const entry = 6 + 16 * i;
    // 0 means 256 in the one-byte width and height fields.
    header.writeUInt8(image.size === 256 ? 0 : image.size, entry);
    header.writeUInt8(image.size === 256 ? 0 : image.size, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(image.png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/**
 * The ICNS element types that hold PNG data, by pixel size. Retina types (`@2x`) reuse the same
 * pixels as the next size up, so one PNG can fill two slots (for example 32 px is icp5 and ic11).
 */
export const ICNS_TYPES: ReadonlyArray<{ type: string; size: number }> = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 }, // 16@2x
  { type: 'icp6', size: 64 },
  { type: 'ic12', size: 64 }, // 32@2x
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic13', size: 256 }, // 128@2x
  { type: 'ic09', size: 512 },
  { type: 'ic14', size: 512 }, // 256@2x
  { type: 'ic10', size: 1024 }, // 512@2x
];

/** ICNS: 'icns' + total length, then per element a 4-char type, its length (header included), the PNG. Big-endian. */
export function encodeIcns(images: readonly SizedPng[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const elements: Buffer[] = [];
  for (const { type, size } of ICNS_TYPES) {
    const png = bySize.get(size);
    if (!png) continue;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    elements.push(head, png);
  }
  if (elements.length === 0) throw new Error('An .icns needs at least one image of a size it knows (16 to 1024 px)');
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

/** Reads an .ico's directory back (for tests and checks): each image's size and PNG bytes. */
export function decodeIco(ico: Buffer): SizedPng[] {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('Not an .ico file');
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const entry = 6 + 16 * i;
    const offset = ico.readUInt32LE(entry + 12);
    return { size: ico.readUInt8(entry) || 256, png: ico.subarray(offset, offset + ico.readUInt32LE(entry + 8)) };
  });
}

/** Reads an .icns back (for tests and checks): each element's type and data. */
export function decodeIcns(icns: Buffer): Array<{ type: string; data: Buffer }> {
  if (icns.toString('latin1', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length) throw new Error('Not an .icns file');
  const elements: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < icns.length; ) {
    const length = icns.readUInt32BE(at + 4);
    if (length < 8 || at + length > icns.length) throw new Error(`Broken .icns element at byte ${at}`);
    elements.push({ type: icns.toString('latin1', at, at + 4), data: icns.subarray(at + 8, at + length) });
    at += length;
  }
  return elements;
}
