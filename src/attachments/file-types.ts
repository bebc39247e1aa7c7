import { open } from 'node:fs/promises';
import yauzl, { Entry } from 'yauzl';

/** A type an attachment may have, recognised from the file's own bytes. */
export interface FileType {
  contentType: string;
  /** What people call it, for messages (JPG, PDF, Word …). */
  label: string;
  /** Shown in the browser (images, PDF) rather than downloaded. */
  inline: boolean;
  image: boolean;
}

const T = (contentType: string, label: string, image = false, inline = image): FileType => ({ contentType, label, inline, image });

export const FILE_TYPES = {
  jpeg: T('image/jpeg', 'JPG', true),
  png: T('image/png', 'PNG', true),
  webp: T('image/webp', 'WEBP', true),
  gif: T('image/gif', 'GIF', true),
  // Browsers other than Safari cannot show HEIC (iPhone photos): offered as a download.
  heic: T('image/heic', 'HEIC', true, false),
  pdf: T('application/pdf', 'PDF', false, true),
  docx: T('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Word'),
  xlsx: T('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel'),
  pptx: T('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'PowerPoint'),
  doc: T('application/msword', 'Word'),
  xls: T('application/vnd.ms-excel', 'Excel'),
} as const;

/** Whether a stored type is shown in the browser rather than downloaded. */
export const isInlineType = (contentType: string): boolean => Object.values(FILE_TYPES).some((t) => t.contentType === contentType && t.inline);

/** The sentence a refused type gets, naming what is accepted. */
export const ACCEPTED_TYPES_TEXT = '只能上传图片（JPG、PNG、WEBP、GIF、HEIC）、PDF 或 Word、Excel、PowerPoint 文件';

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** How many bytes of the head `sniffHead` looks at. */
export const HEAD_BYTES = 64;

/**
 * What the first bytes say, before any container is opened: a type, 'zip' (an Office Open XML
 * file, maybe), 'cfb' (an old Office file, maybe), or null. Never the client's MIME type.
 */
export function sniffHead(head: Buffer): FileType | 'zip' | 'cfb' | null {
  const at = (offset: number, ...bytes: number[]) => bytes.every((b, i) => head[offset + i] === b);
  const ascii = (offset: number, text: string) => head.subarray(offset, offset + text.length).toString('latin1') === text;
  if (at(0, 0xff, 0xd8, 0xff)) return FILE_TYPES.jpeg;
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return FILE_TYPES.png;
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return FILE_TYPES.webp;
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return FILE_TYPES.gif;
  if (ascii(4, 'ftyp') && HEIF_BRANDS.has(head.subarray(8, 12).toString('latin1'))) return FILE_TYPES.heic;
  if (ascii(0, '%PDF-')) return FILE_TYPES.pdf;
  if (at(0, 0x50, 0x4b, 0x03, 0x04)) return 'zip';
  if (head.subarray(0, 8).equals(CFB)) return 'cfb';
  return null;
}

/** The part each Office Open XML kind must hold. */
const OOXML_PARTS: Array<[string, FileType]> = [
  ['word/document.xml', FILE_TYPES.docx],
  ['xl/workbook.xml', FILE_TYPES.xlsx],
  ['ppt/presentation.xml', FILE_TYPES.pptx],
];
/** A zip listing more entries than this before its main part is not taken for an Office file. */
const MAX_ZIP_ENTRIES = 5000;

/** Reads the zip's central directory (names only, nothing inflated) for an Office Open XML main part. */
function ooxmlType(path: string): Promise<FileType | null> {
  return new Promise((resolve) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return resolve(null);
      let seen = 0;
      let hasTypes = false;
      let main: FileType | null = null;
      const done = (type: FileType | null) => {
        zip.close();
        resolve(type);
      };
      zip.on('error', () => done(null));
      zip.on('end', () => done(null));
      zip.on('entry', (entry: Entry) => {
        // Either may come first in the directory.
        if (entry.fileName === '[Content_Types].xml') hasTypes = true;
        main ??= OOXML_PARTS.find(([part]) => part === entry.fileName)?.[1] ?? null;
        if (hasTypes && main) return done(main);
        if (++seen > MAX_ZIP_ENTRIES) return done(null);
        zip.readEntry();
      });
      zip.readEntry();
    });
  });
}

/**
 * The type of the file at `path` by its content: magic bytes, and for zip and OLE containers
 * what is inside (Office Open XML parts) or, for the old binary Office files whose kind only the
 * name tells, the file name's extension. null: not an accepted type.
 */
export async function sniffFile(path: string, fileName: string): Promise<FileType | null> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const found = sniffHead(head);
  if (found === 'zip') return ooxmlType(path);
  if (found === 'cfb') {
    const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
    return ext === 'doc' ? FILE_TYPES.doc : ext === 'xls' ? FILE_TYPES.xls : null;
  }
  return found;
}
