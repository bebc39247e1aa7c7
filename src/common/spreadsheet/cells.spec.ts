import { CellValue, parseAmount, parseDate, parseEnum, parseInteger, parseMonth, parseYesNo } from './cells';

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('amounts (万元)', () => {
  it.each<[string, CellValue, number, string]>([
    ['a number cell', 5000, 0, '5000'],
    ['a number cell with decimals', 1234.5678, 0, '1234.5678'],
    ['binary noise is not read as decimals', 0.1 + 0.2, 0, '0.3'],
    ['text', '5000', 0, '5000'],
    ['thousands separators', '5,000', 0, '5000'],
    ['full-width comma', '5，000', 0, '5000'],
    ['full-width digits', '１２３', 0, '123'],
    ['full-width digits and point', '１２．５', 0, '12.5'],
    ['spaces', ' 5 000 ', 0, '5000'],
    ['grouped with decimals', '12,345.67', 0, '12345.67'],
    ['a trailing 万元', '5000万元', 0, '5000'],
    ['a trailing 万', '5000万', 0, '5000'],
    ['a trailing 亿元', '5亿元', 0, '50000'],
    ['a trailing 亿', '5.91亿', 0, '59100'],
    ['a trailing 元', '12345元', 0, '1.2345'],
    ['¥ in front', '¥5,000', 0, '5000'],
    ['亿元 column: × 10000', 591.95, 4, '5919500'],
    ['亿元 column, text', '0.0001', 4, '1'],
    ['元 column: ÷ 10000', 123456789, -4, '12345.6789'],
    ['元 column, cell says 万元 (the cell wins)', '5万元', -4, '5'],
    ['zero', 0, 0, '0'],
    ['trailing zeros dropped', '12.5000', 0, '12.5'],
  ])('%s', (_what, cell, unit, expected) => {
    expect(parseAmount(cell, '总投资（万元）', unit)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, CellValue, number, string]>([
    ['text', '约五千', 0, '不是数字'],
    ['misplaced separators', '5,00', 0, '千位分隔符'],
    ['a negative amount', -5, 0, '不能为负数'],
    ['more than 4 decimals', '1.23456', 0, '最多 4 位小数'],
    ['元 with a fraction of a yuan', '1.5', -4, '最多 4 位小数'],
    ['a date cell', utc(2022, 4, 27), 0, '不是数字'],
    ['a yes/no cell', true, 0, '不是数字'],
    ['too large', '123456789012345', 0, '过大'],
    ['two points', '1.2.3', 0, '不是数字'],
  ])('refuses %s', (_what, cell, unit, message) => {
    const r = parseAmount(cell, '总投资（万元）', unit);
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining(message) });
    expect(r).toMatchObject({ message: expect.stringContaining('「总投资（万元）」') });
  });

  it('allows a negative where the column does', () => {
    expect(parseAmount('-1,000', '调整额', 0, true)).toEqual({ ok: true, value: '-1000' });
  });

  it('quotes the text it refuses', () => {
    expect(parseAmount('约五千', '总投资（万元）')).toEqual({ ok: false, message: '「总投资（万元）」应填数字，「约五千」不是数字' });
  });
});

describe('integers', () => {
  it.each<[CellValue, number]>([
    [12, 12],
    ['1,200', 1200],
    ['１２', 12],
    ['12.0', 12],
  ])('%p → %p', (cell, expected) => {
    expect(parseInteger(cell, '个数')).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue]>([[1.5], ['3个'], ['-2'], ['abc'], ['5亿']])('refuses %p', (cell) => {
    expect(parseInteger(cell, '个数').ok).toBe(false);
  });
});

describe('dates', () => {
  it.each<[string, CellValue]>([
    ['ISO', '2022-04-27'],
    ['slashes', '2022/4/27'],
    ['dots', '2022.4.27'],
    ['Chinese', '2022年4月27日'],
    ['full-width', '２０２２年４月２７日'],
    ['eight digits', '20220427'],
    ['eight digits as a number', 20220427],
    ['a serial', 44678],
    ['a serial as text', '44678'],
    ['a date cell', utc(2022, 4, 27)],
  ])('%s → 2022-04-27', (_what, cell) => {
    expect(parseDate(cell, '开工日期')).toEqual({ ok: true, value: '2022-04-27' });
  });

  it.each<[string, CellValue]>([
    ['a bare year', '2022'],
    ['30 February', '2022年2月30日'],
    ['words', '明年'],
    ['a month only', '2022-04'],
  ])('refuses %s, naming the column', (_what, cell) => {
    const r = parseDate(cell, '开工日期');
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('开工日期') });
  });

  it('keeps within bounds', () => {
    expect(parseDate('2030-01-01', '开工日期', { max: '2026-12-07', maxName: '今天' })).toMatchObject({ ok: false, message: expect.stringContaining('晚于今天') });
  });
});

describe('months', () => {
  it.each<[string, CellValue, string]>([
    ['ISO', '2022-04', '2022-04'],
    ['Chinese', '2022年4月', '2022-04'],
    ['Chinese, October', '2022年10月', '2022-10'],
    ['dots', '2022.4', '2022-04'],
    ['slashes', '2022/12', '2022-12'],
    ['six digits', '202204', '2022-04'],
    ['a number 2022.4', 2022.4, '2022-04'],
    ['a number 2022.12', 2022.12, '2022-12'],
    ['a date cell', utc(2022, 4, 27), '2022-04'],
    ['a date text', '2022年4月27日', '2022-04'],
    ['full-width', '２０２２年４月', '2022-04'],
  ])('%s', (_what, cell, expected) => {
    expect(parseMonth(cell, '月份')).toEqual({ ok: true, value: expected });
  });

  it.each<[string, CellValue]>([
    ['month 13', '2022-13'],
    ['words', '四月'],
    ['2022.1 as a number: January or October?', 2022.1],
  ])('refuses %s', (_what, cell) => {
    expect(parseMonth(cell, '月份')).toMatchObject({ ok: false, message: expect.stringContaining('月份') });
  });
});

describe('yes/no and enumerations', () => {
  it.each<[CellValue, boolean]>([
    ['是', true],
    ['否', false],
    ['Y', true],
    [true, true],
    [0, false],
  ])('%p → %p', (cell, expected) => {
    expect(parseYesNo(cell, '重大项目')).toEqual({ ok: true, value: expected });
  });

  it('refuses anything else', () => {
    expect(parseYesNo('也许', '重大项目').ok).toBe(false);
  });

  const options = [
    { value: 'new', label: '新建' },
    { value: 'renovation', label: '改建/技改', synonyms: ['技改', '改建'] },
  ];
  it('reads labels, synonyms and values, width and spaces aside', () => {
    expect(parseEnum('新建', '建设性质', options)).toEqual({ ok: true, value: 'new' });
    expect(parseEnum(' 技改 ', '建设性质', options)).toEqual({ ok: true, value: 'renovation' });
    expect(parseEnum('改建／技改', '建设性质', options)).toEqual({ ok: true, value: 'renovation' });
    expect(parseEnum('new', '建设性质', options)).toEqual({ ok: true, value: 'new' });
  });

  it('lists the options when it does not know the value', () => {
    expect(parseEnum('翻新', '建设性质', options)).toEqual({ ok: false, message: '「建设性质」的「翻新」不认识：可填 新建、改建/技改' });
  });
});
