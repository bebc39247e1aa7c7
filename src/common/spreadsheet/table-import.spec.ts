import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../errors/app-error';
import { CellValue } from './cells';
import { ImportReportBuilder } from './import-report';
import { ReportWorkbook } from './report-workbook';
import { MergedRange, openSpreadsheet, SheetInfo, SheetRow, Spreadsheet } from './spreadsheet-reader';
import { headerKey, locateHeader, MergeFiller, readTable, TableDefinition } from './table-import';

type Key = 'name' | 'county' | 'total' | 'startedOn' | 'major' | 'kind';

const DEF: TableDefinition<Key> = {
  columns: [
    { key: 'name', header: '项目名称', synonyms: ['项目'], required: true, kind: { type: 'text', maxLength: 20, oneLine: true } },
    { key: 'county', header: '所在旗县区', synonyms: ['旗县区'], required: true, kind: { type: 'text', maxLength: 20 } },
    { key: 'total', header: '总投资（万元）', synonyms: ['计划总投资'], kind: { type: 'amount' } },
    { key: 'startedOn', header: '开工日期', kind: { type: 'date' } },
    { key: 'major', header: '重大项目', kind: { type: 'yesNo' } },
    { key: 'kind', header: '新建/续建', kind: { type: 'enum', options: [{ value: 'new', label: '新建' }, { value: 'cont', label: '续建' }] } },
  ],
  skipHeaders: ['序号'],
  maxRows: 100,
};

/** A sheet from a hand table: rows[i] is Excel row i + 1; null rows are absent from the file. */
function sheetOf(rows: Array<CellValue[] | null>, merges: MergedRange[] = []): Spreadsheet {
  return {
    kind: 'xlsx',
    merges: () => Promise.resolve(merges),
    async *rows(info?: SheetInfo): AsyncGenerator<SheetRow> {
      if (info) info.sheetName = '项目清单';
      for (let i = 0; i < rows.length; i++) {
        const cells = rows[i];
        if (cells) yield { row: i + 1, cells: [...cells] };
      }
    },
  };
}

const read = async (rows: Array<CellValue[] | null>, merges: MergedRange[] = []) => {
  const out = new ImportReportBuilder(true, 'xlsx', undefined, {});
  const table = await readTable(sheetOf(rows, merges), DEF, out);
  return { ...table, report: out.finish() };
};

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('header keys', () => {
  it.each([
    ['总投资（万元）', '总投资'],
    ['总投资(亿元)', '总投资'],
    ['*项目名称', '项目名称'],
    ['项目名称（必填）', '项目名称'],
    [' 所在 旗县区 ', '所在旗县区'],
  ])('%s → %s', (header, key) => {
    expect(headerKey(header)).toBe(key);
  });
});

describe('locating the header', () => {
  it('finds it under a title and a units line, with the units line setting the unit', () => {
    const layout = locateHeader(DEF, [
      { row: 1, cells: ['2026年项目清单', null, null] },
      { row: 2, cells: ['单位：亿元', null, '数据截至 2026-11-30'] },
      { row: 3, cells: ['序号', '项目名称', '所在旗县区', '总投资', '备用列'] },
      { row: 4, cells: [1, '甲', '科尔沁区', 5, null] },
    ]);
    expect(layout.headerRow).toBe(3);
    expect(layout.columns.get('name')).toEqual({ index: 1, header: '项目名称', unitShift: 0 });
    expect(layout.columns.get('total')).toEqual({ index: 3, header: '总投资', unitShift: 4 });
    expect(layout.ignored).toEqual(['备用列']);
  });

  it('reads the unit in a header, which wins over the units line', () => {
    const layout = locateHeader(DEF, [
      { row: 1, cells: ['单位：亿元'] },
      { row: 2, cells: ['项目名称', '所在旗县区', '计划总投资（元）'] },
    ]);
    expect(layout.columns.get('total')?.unitShift).toBe(-4);
  });

  it('reads a two-row header whose group cells need their sub-header', () => {
    const layout = locateHeader(DEF, [
      { row: 1, cells: ['项目名称', '所在旗县区', '投资', '其他'] },
      { row: 2, cells: ['项目名称', '所在旗县区', '计划总投资', '开工日期'] },
    ]);
    expect(layout.headerRow).toBe(2);
    expect([...layout.columns.keys()].sort()).toEqual(['county', 'name', 'startedOn', 'total']);
  });

  it('names the required columns it lacks, in Chinese', async () => {
    const err = await refusal(Promise.resolve().then(() => locateHeader(DEF, [{ row: 1, cells: ['项目名称', '总投资'] }])));
    expect(err.code).toBe('IMPORT_MISSING_COLUMN');
    expect(err.message).toBe('表头（第 1 行）缺少必填列「所在旗县区」');
  });

  it('says so when no row in the first ten is a header', async () => {
    const err = await refusal(Promise.resolve().then(() => locateHeader(DEF, [{ row: 1, cells: ['企业名称', '联系人'] }])));
    expect(err.message).toBe('前 10 行中没有找到表头：表头应包含必填列「项目名称」「所在旗县区」');
  });

  it('refuses a column named twice', async () => {
    const err = await refusal(Promise.resolve().then(() => locateHeader(DEF, [{ row: 1, cells: ['项目名称', '所在旗县区', '总投资', '计划总投资'] }])));
    expect(err.code).toBe('IMPORT_DUPLICATE_COLUMN');
  });
});

describe('merged cells', () => {
  it('fills a value merged down a column, and across', () => {
    const filler = new MergeFiller([
      { top: 2, left: 0, bottom: 4, right: 0 },
      { top: 5, left: 0, bottom: 5, right: 2 },
    ]);
    const rows: SheetRow[] = [
      { row: 2, cells: ['科尔沁区', 'a'] },
      { row: 3, cells: [null, 'b'] },
      { row: 4, cells: [null, 'c'] },
      { row: 5, cells: ['合计', null, null] },
      { row: 6, cells: [null, 'd'] },
    ];
    rows.forEach((r) => filler.fill(r));
    expect(rows.map((r) => r.cells)).toEqual([['科尔沁区', 'a'], ['科尔沁区', 'b'], ['科尔沁区', 'c'], ['合计', '合计', '合计'], [null, 'd']]);
  });
});

describe('reading a table', () => {
  it('reads an export-like sheet: title, units, header, merged county, subtotal, total, an unlabelled note and the foot', async () => {
    const { rows, report } = await read(
      [
        ['2026年项目清单', null, null, null, null],
        ['单位：万元', null, null, null, null],
        ['序号', '所在旗县区', '项目名称', '总投资（万元）', '开工日期'],
        [1, '科尔沁区', '甲项目', 5000, new Date(Date.UTC(2022, 3, 27))],
        [2, null, '乙项目', '1,200', '2022年5月1日'],
        ['科尔沁区小计', null, null, 6200, null],
        null,
        [3, '开鲁县', '丙项目', '０．５亿', '20220601'],
        ['合计', null, null, 11200, null],
        ['1. 总投资按万元填报，开工日期填实际开工的日期。', null, null, null, null],
        ['制表单位：通辽市投资促进中心', null, null, null, null],
      ],
      [
        { top: 1, left: 0, bottom: 1, right: 4 },
        { top: 4, left: 1, bottom: 5, right: 1 },
        { top: 10, left: 0, bottom: 10, right: 4 },
        { top: 11, left: 0, bottom: 11, right: 4 },
      ],
    );
    expect(rows).toEqual([
      { row: 4, values: { name: '甲项目', county: '科尔沁区', total: '5000', startedOn: '2022-04-27' } },
      { row: 5, values: { name: '乙项目', county: '科尔沁区', total: '1200', startedOn: '2022-05-01' } },
      { row: 8, values: { name: '丙项目', county: '开鲁县', total: '5000', startedOn: '2022-06-01' } },
    ]);
    expect(report.totalRows).toBe(3);
    expect(report.errorRows).toBe(0);
    expect(report.warnings).toEqual([
      { row: 6, message: '第 6 行是「科尔沁区小计」行，未导入' },
      { row: 9, message: '第 9 行是「合计」行，未导入' },
    ]);
    expect(report.sheet).toBe('项目清单');
  });

  it('reports each bad cell by row and header, quoting it, and keeps the good rows', async () => {
    const { rows, report } = await read([
      ['项目名称', '所在旗县区', '总投资（万元）', '开工日期', '重大项目', '新建/续建'],
      ['甲', '科尔沁区', '约五千', '去年', '也许', '翻新'],
      ['乙', null, 1, null, '是', '续建'],
      ['丙', '开鲁县', { problem: '公式没有计算结果：请在 Excel 中重新计算并保存，或把公式粘贴为数值' }, null, null, null],
      ['丁', '开鲁县', -3, null, 'N', '新建'],
      ['戊', '开鲁县', 3, null, null, null],
    ]);
    expect(rows).toEqual([{ row: 6, values: { name: '戊', county: '开鲁县', total: '3', startedOn: null, major: null, kind: null } }]);
    expect(report.totalRows).toBe(5);
    expect(report.errorRows).toBe(4);
    expect(report.errors).toEqual([
      { row: 2, column: '总投资（万元）', message: '「总投资（万元）」应填数字，「约五千」不是数字' },
      { row: 2, column: '开工日期', message: expect.stringContaining('「开工日期」「去年」无法识别') },
      { row: 2, column: '重大项目', message: '「重大项目」「也许」应填「是」或「否」' },
      { row: 2, column: '新建/续建', message: '「新建/续建」的「翻新」不认识：可填 新建、续建' },
      { row: 3, column: '所在旗县区', message: '「所在旗县区」不能为空' },
      { row: 4, column: '总投资（万元）', message: expect.stringContaining('请在 Excel 中重新计算并保存') },
      { row: 5, column: '总投资（万元）', message: '「总投资（万元）」不能为负数（「-3」）' },
    ]);
  });

  it('refuses a file with a header and no data', async () => {
    const err = await refusal(read([['项目名称', '所在旗县区'], ['合计', null]]));
    expect(err.code).toBe('IMPORT_NO_ROWS');
  });

  it('stops between rows once the service begins to stop', async () => {
    const out = new ImportReportBuilder(true, 'xlsx', undefined, {});
    let asked = 0;
    const err = await refusal(readTable(sheetOf([['项目名称', '所在旗县区'], ['甲', '开鲁县'], ['乙', '开鲁县']]), DEF, out, () => ++asked > 2));
    expect(err.code).toBe('IMPORT_SHUTDOWN');
    expect(err.details).toEqual({ stoppedAtRow: 3 });
  });

  it('refuses more rows than allowed', async () => {
    const many: CellValue[][] = [['项目名称', '所在旗县区'], ...Array.from({ length: 101 }, (_, i) => [`项目${i}`, '开鲁县'])];
    const err = await refusal(read(many));
    expect(err.code).toBe('IMPORT_TOO_MANY_ROWS');
  });
});

describe('a real .xlsx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'table-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads merged ranges (after <sheetData>) and formulas by their cached value', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('项目');
    sheet.addRow(['项目清单']);
    sheet.addRow(['项目名称', '所在旗县区', '总投资（亿元）']);
    sheet.addRow(['甲', '科尔沁区', 1.5]);
    sheet.addRow(['乙', null, { formula: 'C3*2', result: 3 }]);
    sheet.addRow(['丙', '开鲁县', { formula: 'C3+C4' }]);
    sheet.mergeCells('A1:C1');
    sheet.mergeCells('B3:B4');
    const path = join(dir, 'a.xlsx');
    writeFileSync(path, Buffer.from(await book.xlsx.writeBuffer()));
    const file = await openSpreadsheet(path);
    expect(await file.merges()).toEqual([
      { top: 1, left: 0, bottom: 1, right: 2 },
      { top: 3, left: 1, bottom: 4, right: 1 },
    ]);
    const out = new ImportReportBuilder(true, 'xlsx', undefined, {});
    const { rows } = await readTable(file, DEF, out);
    expect(rows).toEqual([
      { row: 3, values: { name: '甲', county: '科尔沁区', total: '15000' } },
      { row: 4, values: { name: '乙', county: '科尔沁区', total: '30000' } },
    ]);
    expect(out.finish().errors).toEqual([{ row: 5, column: '总投资（亿元）', message: expect.stringContaining('请在 Excel 中重新计算并保存') }]);
  });

  it('reads back what the report workbook writes: title, facts, units, a two-row header, subtotals, notes and the foot', async () => {
    const path = join(dir, 'report.xlsx');
    const out = createWriteStream(path);
    const book = new ReportWorkbook(out);
    const sheet = book.addSheet(
      { sheetName: '项目', title: '2026年项目清单', facts: ['数据截至：2026-11-30'], units: '金额单位：万元', issuer: '通辽市投资促进中心', issuedOn: '2026-12-07' },
      [
        { header: '序号', format: 'index' },
        { header: '所在旗县区' },
        { header: '项目名称' },
        { header: '总投资（万元）', group: '投资', format: 'amount' },
        { header: '开工日期', group: '投资', format: 'date' },
      ],
    );
    sheet.addRow([1, '科尔沁区', '甲', '1400000', '2022-04-27']);
    sheet.addRow([2, '科尔沁区', '乙', '591.95', null]);
    sheet.addRow(['科尔沁区小计', null, null, '1400591.95', null], 'subtotal');
    sheet.addRow(['合计', null, null, '1400591.95', null], 'total');
    sheet.finish(['1. 总投资为计划总投资。']);
    await book.commit();
    await finished(out);
    const report = new ImportReportBuilder(true, 'xlsx', undefined, {});
    const { layout, rows } = await readTable(await openSpreadsheet(path), DEF, report);
    expect(layout.headerRow).toBe(5);
    expect(rows).toEqual([
      { row: 6, values: { name: '甲', county: '科尔沁区', total: '1400000', startedOn: '2022-04-27' } },
      { row: 7, values: { name: '乙', county: '科尔沁区', total: '591.95', startedOn: null } },
    ]);
    expect(report.finish()).toMatchObject({ errorRows: 0, ignoredColumns: [], warningCount: 2 });
  });
});
