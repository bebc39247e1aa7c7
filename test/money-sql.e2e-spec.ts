import { formatWanYuan, fromNumeric, unitsFromSql, wanYuanUnitsSql } from '../src/common/money/wan-yuan';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * Amounts PostgreSQL hands over as units (wanYuanUnitsSql, read by unitsFromSql) come out of
 * formatWanYuan exactly as PostgreSQL itself writes them rounded to 4 places with the trailing
 * zeros cut (trim_scale), and as the numeric text read by fromNumeric did, on the edges:
 * zero, signs, many digits, half-way rounding.
 */
describe('money from SQL: wanYuanUnitsSql + unitsFromSql + formatWanYuan', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'api' });
  });
  afterAll(() => t.close());

  // Each amount as numeric text, and — by hand — the 万元 string it must become (4 places, half away from zero).
  const cases: Array<[string, string]> = [
    ['0', '0'],
    ['0.0000', '0'],
    ['0.0001', '0.0001'],
    ['-0.0001', '-0.0001'],
    ['1', '1'],
    ['-1', '-1'],
    ['10.0100', '10.01'],
    ['5919500.0000', '5919500'],
    ['591.9500', '591.95'],
    ['-3.2500', '-3.25'],
    ['99999999999999.9999', '99999999999999.9999'],
    ['-99999999999999.9999', '-99999999999999.9999'],
    // A sum beyond any one column (numeric(18,4)).
    ['123456789012345678901234.5678', '123456789012345678901234.5678'],
    ['-123456789012345678901234.0000', '-123456789012345678901234'],
    // Half-way and beyond 4 places: rounded once, half away from zero.
    ['1.23455', '1.2346'],
    ['-1.23455', '-1.2346'],
    ['1.23454999', '1.2345'],
    ['0.00005', '0.0001'],
    ['-0.00005', '-0.0001'],
    ['0.00004999', '0'],
    ['-0.00004999', '0'],
    ['2.99995', '3'],
    ['-9999.99995', '-10000'],
  ];

  it.each(cases)('%s → %s', async (amount, expected) => {
    const [row] = await t.db.query<Array<{ units: string; pg: string }>>(
      `SELECT ${wanYuanUnitsSql('$1::numeric')} AS units, trim_scale(round($1::numeric, 4))::text AS pg`,
      [amount],
    );
    const formatted = formatWanYuan(unitsFromSql(row!.units));
    expect(formatted).toBe(expected);
    // PostgreSQL's own text of the rounded amount, trailing zeros cut: the same string.
    expect(formatted).toBe(row!.pg);
  });

  it.each(cases.filter(([amount]) => !/\.\d{5}/.test(amount)))('%s: as fromNumeric read the numeric text (at most 4 places, exact)', async (amount) => {
    const [row] = await t.db.query<Array<{ units: string }>>(`SELECT ${wanYuanUnitsSql('$1::numeric')} AS units`, [amount]);
    expect(formatWanYuan(unitsFromSql(row!.units))).toBe(fromNumeric(amount));
  });

  it('reads no rows summed (NULL) as 0', async () => {
    const [row] = await t.db.query<Array<{ units: string | null }>>(`SELECT ${wanYuanUnitsSql('sum(x)')} AS units FROM (SELECT 1::numeric AS x WHERE false) s`);
    expect(row!.units).toBeNull();
    expect(formatWanYuan(unitsFromSql(row!.units))).toBe('0');
  });
});
