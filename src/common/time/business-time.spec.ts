import { businessDate, isBusinessInstant, parseBusinessInstant, startOfBusinessDay } from './business-time';

describe('business time (China Standard Time, UTC+8)', () => {
  describe('parseBusinessInstant', () => {
    it.each([
      ['a date means midnight in Beijing', '2022-04-27', '2022-04-26T16:00:00.000Z'],
      ['the first of January', '2023-01-01', '2022-12-31T16:00:00.000Z'],
      ['a leap day', '2024-02-29', '2024-02-28T16:00:00.000Z'],
      ['a date-time without an offset is Beijing time', '2022-04-27T09:30:00', '2022-04-27T01:30:00.000Z'],
      ['… without seconds', '2022-04-27T09:30', '2022-04-27T01:30:00.000Z'],
      ['… with a space instead of T', '2022-04-27 09:30', '2022-04-27T01:30:00.000Z'],
      ['… with milliseconds', '2022-04-27T09:30:00.250', '2022-04-27T01:30:00.250Z'],
      ['… late in the evening stays on that Beijing day', '2022-04-27T23:30', '2022-04-27T15:30:00.000Z'],
      ['UTC (Z)', '2022-04-27T01:30:00Z', '2022-04-27T01:30:00.000Z'],
      ['UTC (lower-case z)', '2022-04-27T01:30:00z', '2022-04-27T01:30:00.000Z'],
      ['+08:00', '2022-04-27T09:30:00+08:00', '2022-04-27T01:30:00.000Z'],
      ['+0800', '2022-04-27T09:30:00+0800', '2022-04-27T01:30:00.000Z'],
      ['+08', '2022-04-27T09:30:00+08', '2022-04-27T01:30:00.000Z'],
      ['another offset', '2022-04-27T09:30:00-05:00', '2022-04-27T14:30:00.000Z'],
      ['microseconds are cut to milliseconds', '2022-04-27T09:30:00.123456+08:00', '2022-04-27T01:30:00.123Z'],
    ])('%s: %s', (_what, input, iso) => {
      expect(parseBusinessInstant(input).toISOString()).toBe(iso);
    });

    it.each([
      ['a basic-format date', '20220427'],
      ['a week date', '2022-W17-3'],
      ['an ordinal date', '2022-117'],
      ['a month', '2022-04'],
      ['a year', '2022'],
      ['an hour without minutes', '2022-04-27T09'],
      ['a Chinese date', '2022年4月27日'],
      ['a slash date', '2022/04/27'],
      ['empty', ''],
      ['text', 'tomorrow'],
    ])('%s (%j) is an invalid date, never a guess', (_what, input) => {
      expect(Number.isNaN(parseBusinessInstant(input).getTime())).toBe(true);
    });
  });

  describe('isBusinessInstant', () => {
    it.each(['2022-04-27', '2022-04-27T09:30', '2022-04-27T09:30:00+08:00', '2022-04-27T01:30:00.000Z'])('accepts %j', (v) => {
      expect(isBusinessInstant(v)).toBe(true);
    });

    it.each([
      ['February 30', '2022-02-30'],
      ['a 29 February outside a leap year', '2023-02-29'],
      ['month 13', '2022-13-01'],
      ['hour 25', '2022-04-27T25:00'],
      ['a week date', '2022-W17-3'],
      ['a basic-format date', '20220427'],
      ['a year alone', '2022'],
      ['a number', 20220427],
      ['null', null],
      ['undefined', undefined],
    ])('refuses %s', (_what, v) => {
      expect(isBusinessInstant(v)).toBe(false);
    });
  });

  describe('startOfBusinessDay', () => {
    it.each([
      ['morning in Beijing', '2022-04-27T01:30:00.000Z', '2022-04-26T16:00:00.000Z'],
      ['exactly Beijing midnight', '2022-04-26T16:00:00.000Z', '2022-04-26T16:00:00.000Z'],
      ['one millisecond before Beijing midnight', '2022-04-26T15:59:59.999Z', '2022-04-25T16:00:00.000Z'],
      ['UTC midnight is 08:00 in Beijing', '2022-04-27T00:00:00.000Z', '2022-04-26T16:00:00.000Z'],
      ['late evening UTC is the next Beijing day', '2022-04-27T20:00:00.000Z', '2022-04-27T16:00:00.000Z'],
      ['across a year end', '2022-12-31T17:00:00.000Z', '2022-12-31T16:00:00.000Z'],
    ])('%s', (_what, at, start) => {
      expect(startOfBusinessDay(new Date(at)).toISOString()).toBe(start);
    });

    it('defaults to now and is never after it, nor a day or more before', () => {
      const before = Date.now();
      const start = startOfBusinessDay().getTime();
      expect(start).toBeLessThanOrEqual(before);
      expect(before - start).toBeLessThan(86_400_000 + 1000);
    });
  });

  describe('businessDate', () => {
    it.each([
      ['2022-04-26T15:59:59.999Z', '2022-04-26'],
      ['2022-04-26T16:00:00.000Z', '2022-04-27'],
      ['2022-12-31T16:00:00.000Z', '2023-01-01'],
      ['2024-02-28T16:00:00.000Z', '2024-02-29'],
    ])('%s is %s in Beijing', (at, date) => {
      expect(businessDate(new Date(at))).toBe(date);
    });

    it('round-trips with parseBusinessInstant and startOfBusinessDay', () => {
      for (const date of ['2022-01-01', '2022-04-27', '2024-02-29', '2030-12-31']) {
        const midnight = parseBusinessInstant(date);
        expect(businessDate(midnight)).toBe(date);
        expect(startOfBusinessDay(midnight)).toEqual(midnight);
        expect(startOfBusinessDay(new Date(midnight.getTime() + 86_399_999))).toEqual(midnight);
      }
    });
  });
});
