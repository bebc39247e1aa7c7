import { describe, expect, it } from 'vitest';
import { isDate, periodFromSearch, toSearch, withQuery, xlsxUrl } from './query';

const read = (s: string, today = '2026-12-07') => periodFromSearch(new URLSearchParams(s), today);

describe('the report query a print view reads from its address', () => {
  it('reads each period type with its 数据截至', () => {
    expect(read('periodType=ytd&year=2022&month=10&asOf=2022-10-31')).toEqual({ periodType: 'ytd', year: 2022, month: 10, asOf: '2022-10-31' });
    expect(read('periodType=year&year=2022')).toEqual({ periodType: 'year', year: 2022 });
    expect(read('periodType=half&year=2022&half=2')).toEqual({ periodType: 'half', year: 2022, half: 2 });
    expect(read('periodType=quarter&year=2022&quarter=3')).toEqual({ periodType: 'quarter', year: 2022, quarter: 3 });
    expect(read('periodType=range&from=2021-09&to=2022-10')).toEqual({ periodType: 'range', from: '2021-09', to: '2022-10' });
  });

  it('falls back to 1–N月 as of today, or of the 数据截至 given', () => {
    expect(read('')).toEqual({ periodType: 'ytd', year: 2026, month: 12 });
    expect(read('asOf=2022-10-31')).toEqual({ periodType: 'ytd', year: 2022, month: 10, asOf: '2022-10-31' });
    expect(read('periodType=range&from=2022-10&to=2021-09')).toEqual({ periodType: 'ytd', year: 2026, month: 12 });
    expect(read('periodType=ytd&year=2022&month=13')).toEqual({ periodType: 'ytd', year: 2022, month: 12 });
    expect(read('periodType=quarter&year=1&quarter=9')).toEqual({ periodType: 'quarter', year: 2026, quarter: 1 });
  });

  it('ignores a 数据截至 that is not a calendar date', () => {
    expect(isDate('2022-02-29')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(read('periodType=year&year=2022&asOf=2022-13-01')).toEqual({ periodType: 'year', year: 2022 });
  });

  it('writes a query without its blank fields, for the .xlsx and print links', () => {
    expect(toSearch({ periodType: 'ytd', year: 2022, month: undefined, asOf: '', major: null })).toBe('periodType=ytd&year=2022');
    expect(withQuery('/print/summary', {})).toBe('/print/summary');
    expect(withQuery('/print/summary', { year: 2022, asOf: '2022-10-31' })).toBe('/print/summary?year=2022&asOf=2022-10-31');
    expect(xlsxUrl('/api/v1/rankings/{id}/xlsx', {}, { id: 'a/b' })).toBe('/api/v1/rankings/a%2Fb/xlsx');
    expect(xlsxUrl('/api/v1/rankings/preview.xlsx', { periodType: 'year', year: 2022, level: 'unit' })).toBe('/api/v1/rankings/preview.xlsx?periodType=year&year=2022&level=unit');
  });
});
