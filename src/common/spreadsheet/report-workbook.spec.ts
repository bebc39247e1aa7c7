import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { amountFormat, cellOf, displayWidth, FIT_ROWS, ReportColumn, ReportFrame, ReportValue, ReportWorkbook, RowKind } from './report-workbook';

async function written(frame: ReportFrame, columns: ReportColumn[], rows: Array<[ReportValue[], RowKind?]>, notes: string[] = []): Promise<ExcelJS.Worksheet> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  const book = new ReportWorkbook(out);
  const sheet = book.addSheet(frame, columns);
  for (const [values, kind] of rows) sheet.addRow(values, kind);
  sheet.finish(notes);
  await book.commit();
  await done;
  const read = new ExcelJS.Workbook();
  await read.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return read.worksheets[0] as ExcelJS.Worksheet;
}

const frame: ReportFrame = {
  sheetName: '项目调度表',
  title: '2024年1–2月重点项目调度表',
  facts: ['统计期间：2024年1–2月', '数据截至：2024-02-29'],
  units: '金额单位：万元',
  issuer: '通辽市投资促进中心',
  issuedOn: '2024-03-01',
  frozenColumns: 2,
};

const columns: ReportColumn[] = [
  { header: '序号', format: 'index' },
  { header: '项目名称' },
  { header: '总投资', format: 'amount' },
  { header: '本月', group: '完成投资', format: 'amount' },
  { header: '1–2月', group: '完成投资', format: 'amount' },
  { header: '完成率', format: 'percent' },
  { header: '超序时（百分点）', format: 'points' },
  { header: '开工日期', format: 'date' },
];

describe('ReportWorkbook', () => {
  it('writes title, facts, units, a two-row header, typed cells, subtotal and total rows, notes and the issuer', async () => {
    const sheet = await written(
      frame,
      columns,
      [
        [[1, '开鲁源网荷储一体化', '1400000', '0.0001', '591.95', '83.33', '-16.67', '2024-02-29']],
        [[null, '小计', '1400000', '0.0001', '591.95', '100', '5', null], 'subtotal'],
        [[null, '合计', '1400000', '0.0001', '591.95', '—', '0', null], 'total'],
      ],
      ['说明：完成率 = 完成投资 ÷ 年度计划。'],
    );
    expect(sheet.getCell('A1').value).toBe('2024年1–2月重点项目调度表');
    expect(sheet.getCell('A2').value).toBe('统计期间：2024年1–2月    数据截至：2024-02-29');
    expect(sheet.getCell('A3').value).toBe('金额单位：万元');
    // Two-row header: the group over its columns, single columns merged down.
    expect(sheet.getCell('A4').value).toBe('序号');
    expect(sheet.getCell('A5').isMerged).toBe(true);
    expect(sheet.getCell('D4').value).toBe('完成投资');
    expect(sheet.getCell('E4').isMerged).toBe(true);
    expect([sheet.getCell('D5').value, sheet.getCell('E5').value]).toEqual(['本月', '1–2月']);
    // Numbers are numbers, with formats that show exactly their decimals.
    const row = sheet.getRow(6);
    expect(row.getCell(1).value).toBe(1);
    expect(row.getCell(3).value).toBe(1400000);
    expect(row.getCell(3).numFmt).toBe('#,##0');
    expect(row.getCell(4).value).toBe(0.0001);
    expect(row.getCell(4).numFmt).toBe('#,##0.0000');
    expect(row.getCell(5).value).toBe(591.95);
    expect(row.getCell(5).numFmt).toBe('#,##0.00');
    expect(row.getCell(6).value).toBe(0.8333);
    expect(row.getCell(6).numFmt).toBe('0.00%');
    expect(row.getCell(7).value).toBe(-16.67);
    expect((row.getCell(8).value as Date).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(sheet.getRow(7).getCell(6).value).toBe(1);
    expect(sheet.getRow(7).getCell(2).font?.bold).toBe(true);
    expect(sheet.getRow(8).getCell(6).value).toBe('—');
    // Notes, then the issuer and the date.
    expect(sheet.getCell('A10').value).toBe('说明：完成率 = 完成投资 ÷ 年度计划。');
    expect(sheet.getCell('A11').value).toBe('制表单位：通辽市投资促进中心');
    expect(sheet.getCell('E11').value).toBe('制表日期：2024-03-01');
    // Printed: A4 landscape, one page wide, the header repeated, page numbers; on screen the header frozen.
    expect(sheet.pageSetup.paperSize).toBe(9);
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.fitToWidth).toBe(1);
    expect(sheet.pageSetup.printTitlesRow).toBe('4:5');
    expect(sheet.headerFooter.oddFooter).toContain('&P');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 5 });
  });

  it('fits widths to Chinese text and to formatted numbers', async () => {
    const sheet = await written({ ...frame, facts: undefined, units: undefined }, [{ header: '项目名称' }, { header: '总投资', format: 'amount' }], [[['内蒙古通辽市开鲁县源网荷储一体化示范项目', '12345678.5']]]);
    // 20 CJK characters = 40 units (+2); "12,345,678.5" = 12 (+2).
    expect(sheet.getColumn(1).width).toBe(42);
    expect(sheet.getColumn(2).width).toBe(14);
    expect(sheet.pageSetup.printTitlesRow).toBe('2:2');
  });

  it('streams past the rows it holds to fit the widths, every row in order', async () => {
    const n = FIT_ROWS * 3 + 7;
    const rows: Array<[ReportValue[]]> = Array.from({ length: n }, (_v, i) => [[i + 1, `项目${i + 1}`, `${i}.5`, null, null, null, null, null]]);
    const sheet = await written(frame, columns, rows);
    expect(sheet.getRow(6).getCell(2).value).toBe('项目1');
    expect(sheet.getRow(5 + n).getCell(1).value).toBe(n);
    expect(sheet.getRow(5 + n).getCell(3).value).toBe(n - 1 + 0.5);
  });

  it('refuses a row of the wrong length', async () => {
    const book = new ReportWorkbook(new PassThrough());
    const sheet = book.addSheet(frame, columns);
    expect(() => sheet.addRow([1])).toThrow('1 cells');
  });

  it.each([
    ['1400000', '#,##0'],
    ['1400000.0000', '#,##0'],
    ['591.95', '#,##0.00'],
    ['591.9500', '#,##0.00'],
    ['0.0001', '#,##0.0000'],
    ['-3.5', '#,##0.0'],
  ])('formats %s as %s', (amount, format) => {
    expect(amountFormat(amount)).toBe(format);
  });

  it.each([
    ['83.33', 0.8333],
    ['100', 1],
    ['5', 0.05],
    ['0.01', 0.0001],
    ['-12.5', -0.125],
    ['125.64', 1.2564],
  ])('stores the percent figure %s as the fraction %s', (percent, fraction) => {
    expect(cellOf(percent, 'percent').value).toBe(fraction);
  });

  it('counts CJK and full-width characters as two', () => {
    expect(displayWidth('通辽 A1')).toBe(7);
    expect(displayWidth('１２')).toBe(4);
  });
});
