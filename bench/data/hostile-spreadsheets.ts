import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Hostile uploads for the import, built in memory and small on disk: zip bombs (one unit of
 * XML compressed once and its compressed form repeated), a huge shared string, millions of
 * empty cells, very wide rows, deep nesting, a DTD. Used by the benchmark (issue12 group) and
 * by test/enterprise-import-limits.e2e-spec.ts, so the files measured are the files tested.
 */

const MB = 1024 * 1024;

/** A part's bytes deflated, with what a zip's directory says about them. */
interface Deflated {
  deflated: Buffer;
  size: number;
  crc: number;
}

/** `head` + `unit` × `times` + `tail`, deflated without ever holding the whole text: each piece is a flushed block. */
export function repeated(head: string, unit: string, times: number, tail: string): Deflated {
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  // Units batched into about 1 MB: fewer blocks to repeat and to checksum.
  const batch = unit.length > 0 ? Math.max(1, Math.min(times, Math.floor(MB / Buffer.byteLength(unit)))) : 1;
  const full = unit.length > 0 ? Math.floor(times / batch) : 0;
  const rest = unit.length > 0 ? times - full * batch : 0;
  const pieces = [head, unit.repeat(batch), unit.repeat(rest) + tail].map((s) => Buffer.from(s, 'utf8')) as [Buffer, Buffer, Buffer];
  const [hd, ud, td] = pieces.map((b) => deflateRawSync(b, flush)) as [Buffer, Buffer, Buffer];
  let crc = crc32(pieces[0]);
  for (let i = 0; i < full; i++) crc = crc32(pieces[1], crc);
  crc = crc32(pieces[2], crc);
  // 0x03 0x00: the final, empty block (fixed Huffman, end-of-block only).
  const deflated = Buffer.concat([hd, ...Array.from({ length: full }, () => ud), td, Buffer.from([0x03, 0x00])]);
  return { deflated, size: pieces[0].length + pieces[1].length * full + pieces[2].length, crc: crc >>> 0 };
}

const plain = (text: string): Deflated => repeated(text, '', 0, '');

/** A zip of `parts`; `declare` may make the directory lie about a part's uncompressed size. */
export function zip(parts: Record<string, Deflated>, declare: Record<string, number> = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, part] of Object.entries(parts)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const size = declare[name] ?? part.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc, 16);
    central.writeUInt32LE(part.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, part.deflated);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + part.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around the given sheet and shared strings. */
function workbook(sheet: Deflated, sharedStrings?: Deflated, declare: Record<string, number> = {}): Buffer {
  const parts: Record<string, Deflated> = {
    '[Content_Types].xml': plain(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        (sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
        '</Types>',
    ),
    '_rels/.rels': plain(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': plain(`<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="企业名单" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': plain(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        (sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        '</Relationships>',
    ),
  };
  if (sharedStrings) parts['xl/sharedStrings.xml'] = sharedStrings;
  parts['xl/worksheets/sheet1.xml'] = sheet;
  return zip(parts, declare);
}

const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row>`;
const SHEET_TAIL = '</sheetData></worksheet>';
/** A sheet whose data rows are `unit` × `times` (after the 企业名称 header). */
const sheetOf = (unit: string, times: number, head = '', tail = '') => repeated(SHEET_HEAD + head, unit, times, tail + SHEET_TAIL);
const STRINGS_HEAD = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
/** A sheet whose row 2 shows shared string 0. */
const sheetShowingString0 = () => sheetOf('', 0, '<row r="2"><c r="A2" t="s"><v>0</v></c></row>');

export interface HostileFile {
  name: string;
  /** What it is, for the benchmark's notes. */
  what: string;
  file: Buffer;
  /** Its uncompressed size as built, MB. */
  unpackedMb: number;
  /** The answer the import must give: code, and a word of the message naming the limit. */
  expect: { code: string; message: RegExp };
}

const unpacked = (...parts: Deflated[]) => parts.reduce((n, p) => n + p.size, 0) / MB;

/** The hostile uploads, from `scale` (1 = the benchmark's sizes; tests pass less). */
export function hostileFiles(scale = 1): HostileFile[] {
  const mb = (n: number) => Math.max(1, Math.round(n * scale));
  const files: HostileFile[] = [];
  const add = (name: string, what: string, file: Buffer, mbUnpacked: number, code: string, message: RegExp) => files.push({ name, what, file, unpackedMb: mbUnpacked, expect: { code, message } });

  // One shared string of 300 MB (the 300 KB file), honestly declared: over the budget before a byte is inflated.
  {
    const strings = repeated(`${STRINGS_HEAD}<si><t>`, 'A'.repeat(MB), 300, '</t></si></sst>');
    add('huge-shared-string.xlsx', 'one shared string of 300 MB, declared', workbook(sheetShowingString0(), strings), unpacked(strings), 'IMPORT_UNPACKED_TOO_LARGE', /256 MB/);
  }
  // The same, inside the budget: one text node of 200 MB.
  {
    const strings = repeated(`${STRINGS_HEAD}<si><t>`, 'A'.repeat(MB), mb(200), '</t></si></sst>');
    add('long-shared-string.xlsx', `one shared string of ${mb(200)} MB in one text node`, workbook(sheetShowingString0(), strings), unpacked(strings), 'IMPORT_CELL_TOO_LONG', /32767 个字符/);
  }
  // … split into 1 KB rich-text runs, so no text node is long.
  {
    const strings = repeated(`${STRINGS_HEAD}<si>`, `<r><t>${'B'.repeat(1024)}</t></r>`, mb(200) * 1024, '</si></sst>');
    add('rich-shared-string.xlsx', `one shared string of ${mb(200)} MB in 1 KB rich-text runs`, workbook(sheetShowingString0(), strings), unpacked(strings), 'IMPORT_CELL_TOO_LONG', /32767 个字符/);
  }
  // Many shared strings of 1,000 characters: the table's size.
  {
    const strings = repeated(STRINGS_HEAD, `<si><t>${'甲'.repeat(1000)}</t></si>`, mb(200) * 300, '</sst>');
    add('many-shared-strings.xlsx', `${mb(200) * 300} shared strings of 1,000 characters (${unpacked(strings).toFixed(0)} MB)`, workbook(sheetShowingString0(), strings), unpacked(strings), 'IMPORT_SHARED_STRINGS_TOO_LARGE', /共享字符串超过 64 MB/);
  }
  // Millions of empty shared strings: the table's count.
  {
    const strings = repeated(STRINGS_HEAD, '<si/>', 4_000_000, '</sst>');
    add('empty-shared-strings.xlsx', '4,000,000 empty shared strings', workbook(sheetShowingString0(), strings), unpacked(strings), 'IMPORT_SHARED_STRINGS_TOO_LARGE', /共享字符串超过 3000000 个/);
  }
  // A sheet XML zip bomb of 1 GB, honestly declared.
  {
    const sheet = sheetOf('<row><c t="inlineStr"><is><t>炸弹</t></is></c></row>', 20_000_000, '', '');
    add('sheet-bomb-declared.xlsx', `sheet XML of ${unpacked(sheet).toFixed(0)} MB, declared`, workbook(sheet), unpacked(sheet), 'IMPORT_UNPACKED_TOO_LARGE', /256 MB/);
  }
  // The same bomb declaring 2 KB: the inflated bytes are counted, not the header believed.
  {
    const sheet = sheetOf(`<row><c t="inlineStr"><is><t>${'炸'.repeat(100)}</t></is></c></row>`, mb(600) * 2000, '', '');
    add('sheet-bomb-lying.xlsx', `sheet XML of ${unpacked(sheet).toFixed(0)} MB declaring 2 KB`, workbook(sheet, undefined, { 'xl/worksheets/sheet1.xml': 2048 }), unpacked(sheet), 'IMPORT_UNPACKED_TOO_LARGE', /声明/);
  }
  // Millions of empty cells in one row.
  {
    const sheet = sheetOf('<c/>', 5_000_000, '<row r="2">', '</row>');
    add('empty-cells-one-row.xlsx', '5,000,000 empty cells in one row', workbook(sheet), unpacked(sheet), 'IMPORT_TOO_MANY_COLUMNS', /16384 个单元格/);
  }
  // Millions of rows of empty cells.
  {
    const sheet = sheetOf('<row><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/></row>', 3_000_000);
    add('empty-rows.xlsx', '3,000,000 rows of 10 empty cells', workbook(sheet), unpacked(sheet), 'IMPORT_TOO_MANY_ROWS', /250000 行/);
  }
  // A very wide row: values in every column up to XFD.
  {
    const sheet = sheetOf('<c><v>1</v></c>', 16_384, '<row r="2">', '</row>');
    add('wide-row.xlsx', 'one row with a value in each of 16,384 columns', workbook(sheet), unpacked(sheet), 'IMPORT_TOO_MANY_COLUMNS', /256 列/);
  }
  // Deep nesting.
  {
    const sheet = sheetOf('<x>', 1_000_000, '<row r="2"><c r="A2"><is>', '');
    add('deep-nesting.xlsx', '1,000,000 nested elements', workbook(sheet), unpacked(sheet), 'IMPORT_XML_LIMIT', /64 层/);
  }
  // A DTD with entities (billion laughs): saxes does not expand them, and Excel never writes one.
  {
    const laughs = '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
    const strings = plain(`<?xml version="1.0" encoding="UTF-8"?>${laughs}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&c;</t></si></sst>`);
    add('entities.xlsx', 'a DTD declaring nested entities', workbook(sheetShowingString0(), strings), unpacked(strings), 'IMPORT_XML_LIMIT', /DTD/);
  }
  return files;
}

/** Hostile CSV files: a cell over the limit, a line without end, too many columns, too many rows. */
export function hostileCsvFiles(): HostileFile[] {
  const header = '企业名称,备注\r\n';
  const f = (name: string, what: string, text: string, code: string, message: RegExp): HostileFile => ({
    name,
    what,
    file: Buffer.from(text, 'utf8'),
    unpackedMb: Buffer.byteLength(text) / MB,
    expect: { code, message },
  });
  return [
    f('long-cell.csv', 'a cell of 40,000 characters', `${header}长单元格有限公司,${'长'.repeat(40_000)}\r\n`, 'IMPORT_CELL_TOO_LONG', /32767 个字符/),
    f('endless-quote.csv', 'a quote never closed, 2 MB', `${header}"${'x'.repeat(2 * MB)}`, 'IMPORT_ROW_TOO_LARGE', /1024 KB/),
    f('wide.csv', 'a row with 300 values', `${header}${Array.from({ length: 300 }, (_, i) => `v${i}`).join(',')}\r\n`, 'IMPORT_TOO_MANY_COLUMNS', /256 列/),
    f('many-commas.csv', 'a row of 20,000 empty fields', `${header}甲公司${','.repeat(20_000)}\r\n`, 'IMPORT_TOO_MANY_COLUMNS', /16384 个单元格/),
    f('many-rows.csv', '260,000 blank rows', `${header}${',\r\n'.repeat(260_000)}`, 'IMPORT_TOO_MANY_ROWS', /250000 行/),
  ];
}

/** A harmless workbook built the same way: a 企业名称 column holding `names` (proves the hostile ones are real workbooks). */
export function namesWorkbook(names: string[]): Buffer {
  const rows = names.map((n, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>${n}</t></is></c></row>`).join('');
  return workbook(sheetOf('', 0, rows));
}
