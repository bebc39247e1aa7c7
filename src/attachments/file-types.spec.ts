import { FILE_TYPES, isInlineType, sniffHead } from './file-types';

/** First bytes of each kind, written from the formats' specifications. */
const heads: Array<[string, number[] | string, ReturnType<typeof sniffHead>]> = [
  ['JPEG (SOI, APP1/Exif)', [0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10], FILE_TYPES.jpeg],
  ['PNG signature', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], FILE_TYPES.png],
  ['WEBP (RIFF size WEBP)', 'RIFF\x24\x00\x00\x00WEBPVP8 ', FILE_TYPES.webp],
  ['GIF89a', 'GIF89a\x01\x00', FILE_TYPES.gif],
  ['HEIC from an iPhone (ftyp heic)', '\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic', FILE_TYPES.heic],
  ['HEIF (ftyp mif1)', '\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00', FILE_TYPES.heic],
  ['PDF', '%PDF-1.7\n', FILE_TYPES.pdf],
  ['zip local header', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], 'zip'],
  ['OLE compound file', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0], 'cfb'],
  ['HTML', '<!doctype html>', null],
  ['Windows executable', 'MZ\x90\x00', null],
  ['MP4 video (ftyp isom): not a HEIF brand', '\x00\x00\x00\x18ftypisom', null],
  ['SVG (scripts inside): refused', '<svg xmlns="http://www.w3.org/2000/svg">', null],
  ['empty', [], null],
];

describe('sniffHead: the type is what the first bytes say', () => {
  it.each(heads)('%s', (_name, bytes, expected) => {
    const head = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
    expect(sniffHead(head)).toBe(expected);
  });

  it('images and PDF open in the browser; HEIC and Office files download', () => {
    expect(['image/png', 'image/jpeg', 'application/pdf', 'image/heic', FILE_TYPES.docx.contentType].map(isInlineType)).toEqual([true, true, true, false, false]);
  });
});
