import { describe, expect, it } from 'vitest';
import { defaultReportPeriod, reportQuery, yoyText } from './report';

describe('通报 period and 同比', () => {
  it('defaults to 1–N月 of this year, N being this month', () => {
    const p = defaultReportPeriod('2022-10-31');
    expect(p).toMatchObject({ periodType: 'ytd', year: 2022, month: 10, half: 2, quarter: 4, from: '2022-01', to: '2022-10' });
    expect(reportQuery(p, '2022-10-31', 'configured')).toEqual({ periodType: 'ytd', year: 2022, month: 10, asOf: '2022-10-31', view: 'configured' });
  });
  it('sends only the fields a period type reads', () => {
    const p = defaultReportPeriod('2022-05-03');
    expect(reportQuery({ ...p, periodType: 'quarter' }, undefined, 'landing')).toEqual({ periodType: 'quarter', year: 2022, quarter: 2, view: 'landing' });
    expect(reportQuery({ ...p, periodType: 'half' }, undefined, 'team')).toEqual({ periodType: 'half', year: 2022, half: 1, view: 'team' });
    expect(reportQuery({ ...p, periodType: 'year' }, undefined, 'configured')).toEqual({ periodType: 'year', year: 2022, view: 'configured' });
    expect(reportQuery({ ...p, periodType: 'range', from: '2021-09', to: '2022-05' }, '2022-05-03', 'configured')).toEqual({
      periodType: 'range',
      from: '2021-09',
      to: '2022-05',
      asOf: '2022-05-03',
      view: 'configured',
    });
  });
  it('writes 同比 with its sign and two decimals, "—" when there is no base', () => {
    expect(yoyText('12.5')).toEqual({ text: '+12.50%', trend: 'up' });
    expect(yoyText('11.11')).toEqual({ text: '+11.11%', trend: 'up' });
    expect(yoyText('-3.1')).toEqual({ text: '-3.10%', trend: 'down' });
    expect(yoyText('-100.00')).toEqual({ text: '-100.00%', trend: 'down' });
    expect(yoyText('0.00')).toEqual({ text: '0.00%', trend: 'flat' });
    expect(yoyText('0')).toEqual({ text: '0.00%', trend: 'flat' });
    expect(yoyText('1234.56')).toEqual({ text: '+1234.56%', trend: 'up' });
    expect(yoyText(null)).toEqual({ text: '—', trend: 'none' });
    expect(yoyText(undefined)).toEqual({ text: '—', trend: 'none' });
  });
});
